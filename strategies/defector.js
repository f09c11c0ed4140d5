/**
 * Defector
 *
 * Always defects, whatever the opponent does. It can never be exploited, and
 * never earns more than the punishment payoff against anyone who defends
 * itself.
 *
 * Axelrod-Python: Defector
 * Also known as ALLD or Always Defect (Axelrod 1984; Press & Dyson 2012).
 */
export default function move() {
  return 'D'
}

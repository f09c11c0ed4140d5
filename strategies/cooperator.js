/**
 * Cooperator
 *
 * Always cooperates, whatever the opponent does. The kindest possible
 * strategy, and the easiest one to exploit.
 *
 * Axelrod-Python: Cooperator
 * Also known as ALLC or Always Cooperate (Axelrod 1984; Press & Dyson 2012).
 */
export default function move() {
  return 'C'
}

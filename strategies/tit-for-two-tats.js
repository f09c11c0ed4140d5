/**
 * Tit For Two Tats
 *
 * Cooperates unless the opponent defected in both of the last two rounds: it
 * forgives an isolated defection. Submitted by John Maynard Smith to Axelrod's
 * second tournament.
 *
 * Axelrod-Python: TitFor2Tats
 * Reference: Axelrod (1984), "The Evolution of Cooperation".
 */
export default function move(view) {
  const r = view.round
  const twoDefections = r >= 2 && view.their[r - 1] === 'D' && view.their[r - 2] === 'D'
  return twoDefections ? 'D' : 'C'
}

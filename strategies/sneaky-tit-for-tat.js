/**
 * Sneaky Tit For Tat
 *
 * Cooperates for two rounds, then defects for as long as the opponent has
 * never defected. Once punished it repents: after its own defection two rounds
 * ago was answered with a defection it cooperates; otherwise it plays Tit For
 * Tat.
 *
 * Axelrod-Python: SneakyTitForTat
 * Original name by Karol Langner (Axelrod-Python).
 */
// Remembered as the match goes: history only grows, so checking the last round is enough.
let theyDefected = false

export default function move(view) {
  const r = view.round
  if (r > 0 && view.their[r - 1] === 'D') theyDefected = true
  if (r < 2) return 'C'
  if (!theyDefected) return 'D'
  if (view.their[r - 1] === 'D' && view.my[r - 2] === 'D') return 'C'
  return view.their[r - 1]
}

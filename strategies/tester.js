/**
 * Tester
 *
 * Defects on the first move to test the opponent. If the opponent ever
 * defects, it apologises by cooperating once and plays Tit For Tat for the
 * rest of the match. Until then it cooperates in rounds 2 and 3 and then
 * alternates D and C, exploiting opponents that never retaliate.
 *
 * Axelrod-Python: SecondByTester
 * Submitted by David Gladstein to Axelrod's second tournament (46th). Reference: Axelrod (1980b).
 */
let titForTat = false

export default function move(view) {
  const r = view.round
  if (r === 0) return 'D'
  const last = view.their[r - 1]
  if (titForTat) return last
  if (last === 'D') {
    titForTat = true
    return 'C'
  }
  if (r === 1 || r === 2) return 'C'
  return view.my[r - 1] === 'C' ? 'D' : 'C'
}

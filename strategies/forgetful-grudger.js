/**
 * Forgetful Grudger
 *
 * Cooperates until the opponent defects, then defects for 10 rounds and
 * forgets the grudge. Defections during those rounds do not extend it, except
 * one in its last round, which starts a new grudge at once.
 *
 * Axelrod-Python: ForgetfulGrudger
 * Original name by Geraint Palmer (Axelrod-Python).
 */
const MEMORY = 10

let grudged = false
let grudgeRounds = 0

export default function move(view) {
  if (grudgeRounds === MEMORY) {
    grudgeRounds = 0
    grudged = false
  }
  if (view.round > 0 && view.their[view.round - 1] === 'D') grudged = true
  if (grudged) {
    grudgeRounds += 1
    return 'D'
  }
  return 'C'
}

/**
 * Soft Grudger
 *
 * Cooperates until the opponent defects, then punishes with D, D, D, D and
 * makes peace with C, C before cooperating again. Each new defection seen
 * while cooperating starts the same punishment again.
 *
 * Axelrod-Python: SoftGrudger
 * Also known as SGRIM (Li & Kendall 2011).
 */
// The rest of the punishment after the first D: three more D, then two C.
const PUNISHMENT = ['D', 'D', 'D', 'C', 'C']

let punishing = false
let step = 0

export default function move(view) {
  if (punishing) {
    const next = PUNISHMENT[step]
    step += 1
    if (step === PUNISHMENT.length) {
      punishing = false
      step = 0
    }
    return next
  }
  if (view.round > 0 && view.their[view.round - 1] === 'D') {
    punishing = true
    return 'D'
  }
  return 'C'
}

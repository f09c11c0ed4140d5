/**
 * Punisher
 *
 * Cooperates until the opponent defects. It then defects, and goes on
 * defecting for 20 times the opponent's share of defections so far (rounded
 * down) more rounds before it forgives. Defections during a punishment do not
 * extend it, except one in its last round, which starts a new one at once.
 *
 * Axelrod-Python: Punisher
 * Original name by Geraint Palmer (Axelrod-Python).
 */
let grudged = false
let length = 1
let served = 1
// Counted as the match goes: history only grows, so adding the last round is enough.
let defections = 0

export default function move(view) {
  const r = view.round
  const defected = r > 0 && view.their[r - 1] === 'D'
  if (defected) defections += 1
  if (served >= length) {
    served = 0
    grudged = false
  }
  if (grudged) {
    served += 1
    return 'D'
  }
  if (defected) {
    length = Math.floor((defections * 20) / r)
    grudged = true
    return 'D'
  }
  return 'C'
}

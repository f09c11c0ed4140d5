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

export default function move(view) {
  const r = view.round
  if (served >= length) {
    served = 0
    grudged = false
  }
  if (grudged) {
    served += 1
    return 'D'
  }
  if (r > 0 && view.their[r - 1] === 'D') {
    const defections = view.their.filter((m) => m === 'D').length
    length = Math.floor((defections * 20) / r)
    grudged = true
    return 'D'
  }
  return 'C'
}

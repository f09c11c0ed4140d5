/**
 * Soft Joss
 *
 * Cooperates first and always cooperates after the opponent cooperated;
 * after a defection it defects only 90% of the time (cooperating with
 * probability 1 - 0.9).
 *
 * Axelrod-Python: SoftJoss
 * Reference: PRISON project (1998).
 */
const Q = 0.9

export default function move(view) {
  if (view.round === 0) return 'C'
  if (view.their[view.round - 1] === 'C') return 'C'
  return randomChoice(view, 1 - Q)
}

/** C with probability p; like Axelrod's random_choice, no draw when p is 0 or 1. */
function randomChoice(view, p) {
  if (p === 0) return 'D'
  if (p === 1) return 'C'
  return view.random() < p ? 'C' : 'D'
}

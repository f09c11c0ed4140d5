/**
 * Joss
 *
 * A sneaky Tit For Tat: cooperates first, always defects after the opponent
 * defected, and after the opponent cooperated it cooperates only 90% of the
 * time. Johann Joss's entry came 12th in Axelrod's first tournament.
 *
 * Axelrod-Python: FirstByJoss
 * Also known as Hard Joss (Stewart & Plotkin 2012). Reference: Axelrod (1980).
 */
export default function move(view) {
  if (view.round === 0) return 'C'
  if (view.their[view.round - 1] === 'D') return 'D'
  return randomChoice(view, 0.9)
}

/** C with probability p; like Axelrod's random_choice, no draw when p is 0 or 1. */
function randomChoice(view, p) {
  if (p === 0) return 'D'
  if (p === 1) return 'C'
  return view.random() < p ? 'C' : 'D'
}

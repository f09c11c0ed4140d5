/**
 * Generous Tit For Tat
 *
 * Tit For Tat that sometimes forgives: it always cooperates after the
 * opponent cooperated, and after a defection it still cooperates with
 * probability p = min(1 - (T - R) / (R - S), (R - P) / (T - P)), which is 1/3
 * with the usual payoffs. It cooperates on the first move.
 *
 * Axelrod-Python: GTFT
 * Reference: Nowak & Sigmund (1993). Also known as Naive Peace Maker.
 */
export default function move(view) {
  if (view.round === 0) return 'C'
  if (view.their[view.round - 1] === 'C') return 'C'
  const { R, S, T, P } = view.rules.payoffs
  const p = Math.min(1 - (T - R) / (R - S), (R - P) / (T - P))
  return randomChoice(view, Math.max(0, Math.min(1, p)))
}

/** C with probability p; like Axelrod's random_choice, no draw when p is 0 or 1. */
function randomChoice(view, p) {
  if (p === 0) return 'D'
  if (p === 1) return 'C'
  return view.random() < p ? 'C' : 'D'
}

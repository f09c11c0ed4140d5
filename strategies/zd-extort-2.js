/**
 * ZD Extort-2
 *
 * An extortionate zero-determinant strategy: a memory-one strategy whose
 * cooperation probabilities force the opponent's gains over the punishment
 * payoff P to be half of its own, so an opponent that fully cooperates hands
 * it the larger share. With the usual payoffs it cooperates with probability
 * 8/9 after CC, 1/2 after CD, 1/3 after DC and never after DD; it cooperates
 * on the first move.
 *
 * Axelrod-Python: ZDExtort2
 * Reference: Stewart & Plotkin (2012); linear-relation form of Hilbe et al. (2013), phi = 1/9, s = 1/2, l = P.
 */
// Worked out once per match (the payoffs never change during a match), not every move.
let p = null

export default function move(view) {
  const r = view.round
  if (r === 0) return 'C'
  if (p === null) p = cooperationProbabilities(view.rules.payoffs, 1 / 9, 0.5)
  return randomChoice(view, p[view.my[r - 1] + view.their[r - 1]])
}

/** Hilbe et al.'s memory-one vector for baseline l = P and slope s, clamped to [0, 1]. */
function cooperationProbabilities({ R, S, T, P }, phi, s) {
  const l = P
  const p = {
    CC: 1 - phi * (1 - s) * (R - l),
    CD: 1 - phi * (s * (l - S) + (T - l)),
    DC: phi * (l - S + s * (T - l)),
    DD: phi * (1 - s) * (l - P),
  }
  for (const k in p) p[k] = Math.max(0, Math.min(1, p[k]))
  return p
}

/** C with probability p; like Axelrod's random_choice, no draw when p is 0 or 1. */
function randomChoice(view, p) {
  if (p === 0) return 'D'
  if (p === 1) return 'C'
  return view.random() < p ? 'C' : 'D'
}

/**
 * ZD GTFT-2
 *
 * A generous zero-determinant strategy: a memory-one strategy whose
 * cooperation probabilities make the opponent's shortfall from the reward R
 * half of its own. It never outscores its opponent, but forgives more than Tit
 * For Tat and restores mutual cooperation quickly. With the usual payoffs it
 * always cooperates after CC and DC, cooperates with probability 1/8 after CD
 * and 1/4 after DD; it cooperates on the first move.
 *
 * Axelrod-Python: ZDGTFT2
 * Reference: Stewart & Plotkin (2012); linear-relation form of Hilbe et al. (2013), phi = 1/4, s = 1/2, l = R.
 */
// Worked out once per match (the payoffs never change during a match), not every move.
let p = null

export default function move(view) {
  const r = view.round
  if (r === 0) return 'C'
  if (p === null) p = cooperationProbabilities(view.rules.payoffs, 0.25, 0.5)
  return randomChoice(view, p[view.my[r - 1] + view.their[r - 1]])
}

/** Hilbe et al.'s memory-one vector for baseline l = R and slope s, clamped to [0, 1]. */
function cooperationProbabilities({ R, S, T, P }, phi, s) {
  const l = R
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

/**
 * Firm But Fair
 *
 * Cooperates first and keeps cooperating, except right after being
 * suckered (it cooperated, the opponent defected): then it defects. After
 * mutual defection it goes back to cooperation with probability 2/3.
 *
 * Axelrod-Python: FirmButFair
 * Reference: Frean (1994). Memory-one vector (CC, CD, DC, DD) = (1, 0, 1, 2/3).
 */
const COOPERATE_AFTER = { CC: 1, CD: 0, DC: 1, DD: 2 / 3 }

export default function move(view) {
  const r = view.round
  if (r === 0) return 'C'
  return randomChoice(view, COOPERATE_AFTER[view.my[r - 1] + view.their[r - 1]])
}

/** C with probability p; like Axelrod's random_choice, no draw when p is 0 or 1. */
function randomChoice(view, p) {
  if (p === 0) return 'D'
  if (p === 1) return 'C'
  return view.random() < p ? 'C' : 'D'
}

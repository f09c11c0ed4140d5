/**
 * Calculator
 *
 * Plays Joss for the first 20 rounds (Tit For Tat that cooperates only 90%
 * of the time after a cooperation). Then it checks whether the opponent's
 * first 20 moves repeat a cycle of length 1 to 10: if so it defects for the
 * rest of the match, otherwise it plays Tit For Tat.
 *
 * Axelrod-Python: Calculator
 * Reference: PRISON project (1998).
 */
const JOSS_ROUNDS = 20

// Decided once, after the Joss rounds: their first 20 moves never change afterwards.
let cyclic = null

export default function move(view) {
  const r = view.round
  if (r < JOSS_ROUNDS) {
    if (r === 0) return 'C'
    if (view.their[r - 1] === 'D') return 'D'
    return randomChoice(view, 0.9)
  }
  if (cyclic === null) cyclic = hasCycle(view.their.slice(0, JOSS_ROUNDS))
  if (cyclic) return 'D'
  return view.their[r - 1]
}

/** Whether the moves are a repetition of their first k moves, for some k from 1 to half their length (at most 12). */
function hasCycle(moves) {
  const longest = Math.min(Math.floor(moves.length / 2), 12)
  for (let k = 1; k <= longest; k++) {
    if (moves.every((m, i) => m === moves[i % k])) return true
  }
  return false
}

/** C with probability p; like Axelrod's random_choice, no draw when p is 0 or 1. */
function randomChoice(view, p) {
  if (p === 0) return 'D'
  if (p === 1) return 'C'
  return view.random() < p ? 'C' : 'D'
}

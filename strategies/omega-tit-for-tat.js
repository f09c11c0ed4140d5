/**
 * Omega Tit For Tat
 *
 * Tit For Tat with two safety valves. It keeps a randomness score that rises
 * when the opponent switches moves or plays differently from Omega's own last
 * move, and falls after two cooperations in a row; while the score is 8 or
 * more it defects. And once the opponent has switched moves three rounds running (the
 * C/D echo two Tit For Tats can fall into) it cooperates twice to break the
 * deadlock.
 *
 * Axelrod-Python: OmegaTFT
 * Reference: Slany & Kienreich (2007), "On some winning strategies for the
 * Iterated Prisoner's Dilemma".
 */
const DEADLOCK_THRESHOLD = 3
const RANDOMNESS_THRESHOLD = 8

let randomness = 0
let deadlock = 0

export default function move(view) {
  const r = view.round
  if (r === 0) return 'C'
  const last = view.their[r - 1]
  if (r === 1) return last

  if (deadlock >= DEADLOCK_THRESHOLD) {
    // Break the deadlock: cooperate twice, then start counting again.
    deadlock = deadlock === DEADLOCK_THRESHOLD ? DEADLOCK_THRESHOLD + 1 : 0
    return 'C'
  }

  const before = view.their[r - 2]
  if (before === 'C' && last === 'C') randomness -= 1
  if (before !== last) randomness += 1
  if (view.my[r - 1] !== last) randomness += 1
  if (randomness >= RANDOMNESS_THRESHOLD) return 'D'

  deadlock = before !== last ? deadlock + 1 : 0
  return last
}

/**
 * What the sandbox needs from the engine to show `view.myScore` and
 * `view.theirScore` exactly as the match result will count them: each
 * round's payoffs, taken from the engine's own roundPayoffs (never
 * re-derived), and the rounds in which each player's defection is fined.
 * The QuickJS runner and the benchmark's native runner both use these.
 */
import { detects, roundPayoffs } from '../src/engine/mechanisms'
import type { MatchSetup } from '../src/engine/match-runner'
import type { Move, Rules } from '../src/engine/types'
import { STEP } from './prelude'

/** Two payoffs for each history code below NO_HISTORY. */
const SCORE_TABLE_SIZE = 2 * STEP.NO_HISTORY

/**
 * For each history code h (prelude.ts historyCode: the last round's moves
 * and fines, from this player's side), the round's payoff to this player at
 * 2h and to its opponent at 2h + 1, as roundPayoffs gives them for player A
 * and player B. The result's score adds these very numbers, round by round
 * from 0, so a running total in the same order (the view's scores,
 * player-vm.ts) is the same number.
 */
export function scoreTable(rules: Rules, side: 0 | 1): number[] {
  const table = new Array<number>(SCORE_TABLE_SIZE)
  for (let h = 0; h < SCORE_TABLE_SIZE / 2; h++) {
    const mine: Move = h & 2 ? 'D' : 'C'
    const theirs: Move = h & 1 ? 'D' : 'C'
    const myFined = (h & 8) !== 0
    const theirFined = (h & 4) !== 0
    if (side === 0) {
      const [a, b] = roundPayoffs(rules, mine, theirs, myFined, theirFined)
      table[2 * h] = a
      table[2 * h + 1] = b
    } else {
      const [a, b] = roundPayoffs(rules, theirs, mine, theirFined, myFined)
      table[2 * h] = b
      table[2 * h + 1] = a
    }
  }
  return table
}

/**
 * Per player, per round: 1 when a defection by that player in that round is
 * fined (the engine's `detects`, as the result's `fined` counts it), or null
 * when none would be.
 */
export function fineMasks(setup: MatchSetup): [Uint8Array | null, Uint8Array | null] {
  if (setup.rules.referee === null) return [null, null]
  const mask = (i: 0 | 1): Uint8Array | null => {
    const m = new Uint8Array(setup.rounds)
    let any = false
    for (let r = 0; r < setup.rounds; r++) {
      if (detects(setup.rules, setup.detections[i], r)) {
        m[r] = 1
        any = true
      }
    }
    return any ? m : null
  }
  return [mask(0), mask(1)]
}

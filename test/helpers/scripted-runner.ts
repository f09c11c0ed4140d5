import { mulberry32 } from '../../src/engine/prng'
import type { MatchRunner, MatchSetup, PlayedSide } from '../../src/engine/match-runner'
import type { Fault, Move, OpponentInfo, StrategySource } from '../../src/engine/types'

/**
 * A MatchRunner with native JS strategies: `source` names a function below.
 * Strategies see the moves as played (after noise), as the sandbox gives them.
 */
interface View {
  my: string
  their: string
  round: number
  random: () => number
  opponent: OpponentInfo | null
}
export const NATIVE: Record<string, (v: View) => Move> = {
  allc: () => 'C',
  alld: () => 'D',
  tft: (v) => (v.round === 0 ? 'C' : (v.their[v.round - 1] as Move)),
  grudger: (v) => (v.their.includes('D') ? 'D' : 'C'),
  coin: (v) => (v.random() < 0.5 ? 'C' : 'D'),
  // Defects from the start against an opponent it knows as 'alld', else cooperates.
  spy: (v) => (v.opponent?.id === 'alld' ? 'D' : 'C'),
  // Throws in rounds 2 and 3 (a fault; played as D).
  flaky: (v) => {
    if (v.round === 2 || v.round === 3) throw new Error(`boom ${v.round}`)
    return 'C'
  },
}

export class ScriptedRunner implements MatchRunner {
  calls = 0
  setups: MatchSetup[] = []
  async play(a: StrategySource, b: StrategySource, setup: MatchSetup): Promise<[PlayedSide, PlayedSide]> {
    this.calls++
    this.setups.push(setup)
    const fns = [NATIVE[a.source], NATIVE[b.source]]
    const moves: [string, string] = ['', '']
    const faults: Fault[][] = [[], []]
    const used = [false, false]
    const rngs = setup.seeds.map((s, k) => {
      const next = mulberry32(s)
      return () => {
        used[k] = true
        return next()
      }
    })
    for (let r = 0; r < setup.rounds; r++) {
      const chosen: Move[] = []
      for (let k = 0; k < 2; k++) {
        let m: Move
        try {
          m = fns[k]!({
            my: moves[k]!,
            their: moves[1 - k]!,
            round: r,
            random: rngs[k]!,
            opponent: setup.opponents[k] ?? null,
          })
        } catch (e) {
          faults[k]!.push({ kind: 'throw', round: r, message: (e as Error).message })
          m = 'D'
        }
        if (setup.flips[k]?.[r]) m = m === 'C' ? 'D' : 'C'
        chosen.push(m)
      }
      moves[0] += chosen[0]!
      moves[1] += chosen[1]!
    }
    const side = (k: number): PlayedSide => ({
      moves: moves[k]!,
      faults: faults[k]!,
      faultCount: faults[k]!.length,
      usedRandom: used[k]!,
    })
    return [side(0), side(1)]
  }
}

/** A player whose source names a NATIVE strategy (the id by default). */
export const S = (id: string, source = id): StrategySource => ({ id, name: id.toUpperCase(), source })

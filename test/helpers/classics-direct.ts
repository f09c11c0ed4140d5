/**
 * Test-only: evaluate a strategy module natively (outside the sandbox) and
 * call it on a hand-made view whose random() returns chosen numbers. This
 * pins a stochastic classic's probabilities exactly: a strategy that plays C
 * when random() < p plays C at the largest double below p and D at p.
 */
import type { Payoffs } from '../../src/engine/types'

export const DEFAULT_PAYOFFS: Payoffs = { R: 3, S: 0, T: 5, P: 1 }

type MoveFunction = (view: unknown) => unknown

/** Evaluate a module source once (fresh module state) and return its default export. */
export function loadDirect(source: string): MoveFunction {
  const body = `'use strict';\nlet __default;\n${source.replace(/export\s+default\s+/, '__default = ')}\n;return __default`
  return new Function(body)() as MoveFunction
}

export interface Probe {
  move: unknown
  /** How many times the strategy called random(). */
  draws: number
}

/**
 * Call the strategy (freshly loaded) at the round after the histories `my`
 * and `their` (strings of C/D), with random() always returning `x`.
 */
export function probe(source: string, my: string, their: string, x: number, payoffs: Payoffs = DEFAULT_PAYOFFS): Probe {
  const move = loadDirect(source)
  let draws = 0
  const view = {
    round: my.length,
    my: [...my],
    their: [...their],
    myScore: 0,
    theirScore: 0,
    rules: { payoffs, turns: 200, continuation: null, noise: 0 },
    opponent: null,
    random: () => {
      draws++
      return x
    },
  }
  return { move: move(view), draws }
}

/** The largest double below x (for 0 < x <= 1). */
export function justBelow(x: number): number {
  const buf = new DataView(new ArrayBuffer(8))
  buf.setFloat64(0, x)
  buf.setBigUint64(0, buf.getBigUint64(0) - 1n)
  return buf.getFloat64(0)
}

/**
 * The probability of cooperating that the strategy uses after the histories,
 * checked exactly: 0 and 1 must be answered without drawing, anything else
 * must give C just below p and D at p with one draw each. Returns a readable
 * problem, or null when the strategy behaves as random_choice(p).
 */
export function checkProbability(source: string, my: string, their: string, p: number, payoffs?: Payoffs): string | null {
  const at = `after my ${my || '-'} / their ${their || '-'}`
  if (p === 0 || p === 1) {
    const expected = p === 1 ? 'C' : 'D'
    for (const x of [0, 0.5, justBelow(1)]) {
      const r = probe(source, my, their, x, payoffs)
      if (r.move !== expected || r.draws !== 0) return `${at}: expected ${expected} without drawing, got ${String(r.move)} with ${r.draws} draws`
    }
    return null
  }
  const below = probe(source, my, their, justBelow(p), payoffs)
  if (below.move !== 'C' || below.draws !== 1) return `${at}: expected C with one draw just below p=${p}, got ${String(below.move)} with ${below.draws} draws`
  const atP = probe(source, my, their, p, payoffs)
  if (atP.move !== 'D' || atP.draws !== 1) return `${at}: expected D with one draw at p=${p}, got ${String(atP.move)} with ${atP.draws} draws`
  return null
}

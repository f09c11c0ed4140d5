/**
 * Strategies that cost the host as much CPU as a 200-round match allows, for
 * `npm run bench` section (e). Each spends its budgets in one of the most
 * expensive ways found: the most host time per unit of gas (built-ins whose
 * work the gas meter undercounts), per tick (exceptions, recursion), and the
 * memory-fault path.
 *
 * The repeat counts are calibrated against DEFAULT_LIMITS (sandbox/limits.ts)
 * of the sandbox as it was when this was written: the most that stays under
 * the set-up gas (40 M) and under one move's gas (20 M), so that a strategy
 * is not retired at its first move and goes on until the match's gas
 * (100 M) runs out. If the budgets or the metering change, recalibrate (a
 * count that is now too high only makes the strategy retire earlier: the
 * figure then understates the worst case).
 */
import type { StrategySource } from '../src/engine/types'

const worst = (id: string, source: string): StrategySource => ({ id, name: id, source })

export const WORST_CASE: StrategySource[] = [
  // Array.prototype.join of 100,000 strings: ~28 ns of host time per unit of gas, the most found.
  // 397 joins stay under the set-up gas, 199 under a move's; 5 such moves use up the match's gas.
  worst(
    'join-burner',
    `const a = new Array(100000).fill('ab')
let n = 0
for (let i = 0; i < 397; i++) n += a.join(',').length
export default function move(v) { for (let i = 0; i < 199; i++) n += a.join(',').length; return 'C' }`,
  ),
  // JSON.parse of 20,000 small objects (~560 KB of text), the most that fits the set-up and each move.
  worst(
    'json-parse-burner',
    `const text = JSON.stringify(Array.from({ length: 20000 }, (_, i) => ({ i, s: 'v' + i })))
let n = 0
for (let i = 0; i < 18; i++) n += JSON.parse(text).length
export default function move(v) { for (let i = 0; i < 10; i++) n += JSON.parse(text).length; return 'C' }`,
  ),
  // Step budgets: a tight loop through most of the set-up ticks, then every move loops until its budget
  // (a move-budget fault each round, until the match's ticks run out).
  worst(
    'tick-burner',
    `let x = 0
for (let i = 0; i < 900000; i++) x++
export default function move(v) { for (;;) x++ }`,
  ),
  // Recursion to stack overflow, caught, again and again: exceptions and deep stacks each move.
  worst(
    'recursion-burner',
    `function d(n) { try { return d(n + 1) } catch (e) { return n } }
for (let i = 0; i < 170; i++) d(0)
export default function move(v) { for (let i = 0; i < 85; i++) d(0); return 'C' }`,
  ),
  // The memory-fault path: runs out of memory, catches it, frees everything and allocates again, until the move's budget.
  worst(
    'oom-catcher',
    `let hoard = []
export default function move(v) { for (;;) { try { for (;;) hoard.push(new Array(4096).fill(0)) } catch (e) { hoard = [] } } }`,
  ),
  // A fresh 6 MB error message every move: copied, scanned and clipped by the sandbox each time.
  worst('throws-6mb', `export default function move(v) { throw new Error('x'.repeat(6 << 20)) }`),
  // Scanning a 4 MB string inside a built-in until the gas meter stops it (retired at its first move).
  worst('builtin-indexof', `export default function move(v) { const s = 'x'.repeat(1 << 22); for (;;) s.indexOf('y') }`),
]

/**
 * The command line's choice of V8's WebAssembly compilers (src/cli/sandbox.ts
 * planMoves): a command with few moves to play keeps to the baseline
 * compiler, a long one keeps the optimizing compiler, and the choice changes
 * no result. Each case runs in a process of its own (V8's flags are the
 * whole process's), which asks V8 through --allow-natives-syntax whether a
 * hot WebAssembly function was optimized.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { OPTIMIZE_FROM_MOVES } from '../src/cli/sandbox'
import { ROOT } from './helpers/cli'

const CHILD = join(ROOT, 'test/fixtures/wasm-tiers/child.mjs')

/** The child's report; `flags`: V8 flags on its command line. */
function child(mode: string, argv: string[] = [], flags: string[] = []): { baseline: boolean; code: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', ...flags, CHILD, mode, ...argv], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 })
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  return JSON.parse(r.stdout)
}

const TOURNAMENT = ['tournament', 'tit-for-tat', 'joss', 'grudger', 'random', 'gradual', '--turns', '300', '--repetitions', '3', '--seed', '9', '--json', '--jobs', '1']

describe('which WebAssembly compiler a command keeps', () => {
  it('a process that plans few moves stays on the baseline compiler, one that plans many does not', () => {
    expect(child('few').baseline).toBe(true)
    expect(child('many').baseline).toBe(false)
  })

  it('a plan made after QuickJS was compiled changes nothing (no flag changes under compiled code)', () => {
    expect(child('compiled-first').baseline).toBe(false)
  })

  it('a command counts its own moves: a one-match command keeps to the baseline, a long tournament does not', () => {
    expect(child('command', ['match', 'tit-for-tat', 'alternator', '--turns', '3']).baseline).toBe(true)
    // 6 players: 21 pairings (each with itself too), one repetition, 2 moves a round.
    const turns = Math.ceil(OPTIMIZE_FROM_MOVES / 42) + 1
    expect(turns).toBeLessThanOrEqual(10_000)
    const players = ['tit-for-tat', 'grudger', 'alternator', 'defector', 'cooperator', 'bully']
    const long = child('command', ['tournament', ...players, '--turns', String(turns), '--repetitions', '1', '--jobs', '1'])
    expect(long.code).toBe(0)
    expect(long.baseline).toBe(false)
  }, 120_000)

  it('the same tournament gives byte-identical results on either compiler', () => {
    const baseline = child('few', TOURNAMENT)
    // Everything through the optimizing compiler, not only what runs hot enough in time.
    const optimizing = child('many', TOURNAMENT, ['--no-liftoff'])
    expect(baseline.baseline).toBe(true)
    expect(optimizing.baseline).toBe(false)
    expect(baseline.code).toBe(0)
    expect(optimizing.out.length).toBeGreaterThan(1000)
    expect(optimizing.out).toBe(baseline.out)
  }, 120_000)
})

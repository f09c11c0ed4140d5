/**
 * The tournament engine driven by the real QuickJS runner (sandbox/node.ts)
 * and the shipped strategies.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { playMatch } from '../src/engine/match'
import type { MatchRunner } from '../src/engine/match-runner'
import { playTournament } from '../src/engine/tournament'
import type { StrategySource } from '../src/engine/types'
import { createNodeRunner } from '../sandbox/node'

const root = new URL('..', import.meta.url)
const strategy = (file: string): StrategySource => ({
  id: file,
  name: file,
  source: readFileSync(new URL(`strategies/${file}.js`, root), 'utf8'),
})

describe('playTournament with the QuickJS sandbox', () => {
  let runner: MatchRunner & { dispose(): void }
  beforeAll(async () => {
    runner = await createNodeRunner()
  })
  afterAll(() => runner?.dispose())

  it('TFT, Defector, Cooperator over 10 turns give the hand-computed ranking, with reuse', async () => {
    const players = [strategy('tit-for-tat'), strategy('defector'), strategy('cooperator')]
    const r = await playTournament(runner, players, { rules: { turns: 10 }, repetitions: 3, seed: 42 })
    expect(r.standings.map((s) => [s.id, s.medianScore, s.wins])).toEqual([
      ['defector', 3.2, 6],
      ['tit-for-tat', 1.95, 0],
      ['cooperator', 1.5, 0],
    ])
    expect(r.playedMatches).toBe(6)
    expect(r.reusedMatches).toBe(12)
    expect(r.faults.map((f) => f.count)).toEqual([0, 0, 0])
  })

  it('random strategies are re-played per repetition, and any match re-plays alone identically', async () => {
    const players = [strategy('random'), strategy('joss'), strategy('grudger'), strategy('tit-for-tat')]
    const rules = { turns: 30, noise: 0.05 }
    const options = { rules, repetitions: 2, seed: 2024, keepMatches: true }
    const r = await playTournament(runner, players, options)
    expect(r.reusedMatches).toBe(0)
    expect(r.matches).toHaveLength(20)
    const byId = Object.fromEntries(players.map((p) => [p.id, p]))
    for (const k of [1, 7, 13, 19]) {
      const m = r.matches![k]!
      const again = await playMatch(runner, byId[m.players[0]]!, byId[m.players[1]]!, { rules, seed: m.seed })
      expect(again).toEqual(m)
    }
    const twice = await playTournament(runner, players, options)
    expect(JSON.stringify(twice)).toBe(JSON.stringify(r))
  })

  it('never reuses a pairing in which a player faulted: the fault may hide randomness', async () => {
    const coin = { id: 'coin', name: 'coin', source: "if (Math.random() < 0.5) throw new Error('tails')\nexport default () => 'C'" }
    const players = [coin, strategy('defector')]
    const options = { rules: { turns: 5 }, repetitions: 6, seed: 9, keepMatches: true }
    const reused = await playTournament(runner, players, options)
    const replayed = await playTournament(runner, players, { ...options, reuseDeterministic: false })
    const strip = (r: typeof reused) => JSON.stringify({ ...r, playedMatches: 0, reusedMatches: 0, pairs: r.pairs.map((p) => ({ ...p, reused: [] })) })
    expect(strip(reused)).toBe(strip(replayed))
    // The coin landed both ways, so reusing repetition 0 would have been wrong.
    const coinVsDefector = reused.matches!.filter((m) => m.players[0] === 'coin' && m.players[1] === 'defector')
    expect(new Set(coinVsDefector.map((m) => m.faultCounts[0])).size).toBe(2)
  })
})

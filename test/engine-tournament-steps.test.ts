/**
 * A tournament as three steps (schedule, play jobs, aggregate), the way the
 * platform runs one over a queue: the schedule and the job results travel as
 * JSON, jobs are played in batches by different runners, and results arrive
 * in any order. Every way must give playTournament's JSON byte for byte.
 */
import { describe, expect, it } from 'vitest'
import { CLASSICS, classicAsSource } from '../src/classics'
import { aggregateTournament, TournamentAggregator } from '../src/engine/aggregate'
import { playJob, playJobs, type JobResult } from '../src/engine/play-job'
import { EMPTY_HISTORY } from '../src/engine/opponent-view'
import { mulberry32 } from '../src/engine/prng'
import {
  scheduleTournament,
  tournamentMatchSeed,
  type ScheduleOptions,
  type TournamentSchedule,
} from '../src/engine/schedule'
import { playTournament } from '../src/engine/tournament'
import type { StrategySource } from '../src/engine/types'
import { createNodeRunner } from '../sandbox/node'
import { S, ScriptedRunner } from './helpers/scripted-runner'

/** A seeded Fisher-Yates shuffle, so a failing order can be reproduced. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const next = mulberry32(seed)
  const out = items.slice()
  for (let i = out.length - 1; i > 0; i--) {
    const k = Math.floor(next() * (i + 1))
    ;[out[i], out[k]] = [out[k] as T, out[i] as T]
  }
  return out
}

/** Through JSON and back, as a queue message or a D1 column would carry it. */
const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let k = 0; k < items.length; k += size) out.push(items.slice(k, k + size))
  return out
}

/** Everything that can make aggregation order matter: randomness, noise, faults, reuse, identities. */
const PLAYERS = [S('coin'), S('tft'), S('flaky'), S('alld'), S('grudger'), S('spy')]
const OPTIONS: ScheduleOptions = {
  rules: { turns: 12, noise: 0 },
  repetitions: 3,
  seed: 'steps',
  opponents: { alld: { id: 'alld', name: 'Always Defect', reputation: { wins: 3 } }, spy: null },
}
const NOISY: ScheduleOptions = { ...OPTIONS, rules: { turns: 12, noise: 0.1 }, seed: 'steps-noisy' }

describe('scheduleTournament', () => {
  it('has one job per pairing, self-play included, in schedule order with every repetition’s seed', () => {
    const schedule = scheduleTournament(PLAYERS, OPTIONS)
    const n = PLAYERS.length
    expect(schedule.jobs).toHaveLength((n * (n + 1)) / 2)
    expect(schedule.jobs.map((j) => j.index)).toEqual(schedule.jobs.map((_, k) => k))
    expect(schedule.jobs.slice(0, 3).map((j) => j.pair)).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
    ])
    expect(schedule.jobs.at(-1)!.pair).toEqual([n - 1, n - 1])
    const tftVsAlld = schedule.jobs.find((j) => j.players.join() === 'tft,alld')!
    expect(tftVsAlld.seeds).toEqual([0, 1, 2].map((r) => tournamentMatchSeed(schedule.seed, 'tft', 'alld', r)))
    // Each side sees the other's identity (with an empty history: none was given); spy is mapped to null and coin is absent: both anonymous.
    const alldSeen = { ...OPTIONS.opponents!.alld, history: EMPTY_HISTORY }
    expect(tftVsAlld.opponents).toEqual([alldSeen, null])
    expect(schedule.jobs.find((j) => j.players.join() === 'alld,spy')!.opponents).toEqual([null, alldSeen])
    expect(schedule.players).toEqual(PLAYERS.map((p) => ({ id: p.id, name: p.name })))
    expect(schedule.players[0]).not.toHaveProperty('source')
  })

  it('is plain JSON, deterministic from its inputs', () => {
    const text = JSON.stringify(scheduleTournament(PLAYERS, OPTIONS))
    expect(JSON.stringify(viaJson(JSON.parse(text)))).toBe(text)
    expect(JSON.stringify(scheduleTournament(PLAYERS, OPTIONS))).toBe(text)
    expect(JSON.stringify(scheduleTournament(PLAYERS, { ...OPTIONS, seed: 'other' }))).not.toBe(text)
  })

  it('refuses bad input before anything is played', () => {
    expect(() => scheduleTournament([S('a', 'allc'), S('a', 'alld')], { seed: 1 })).toThrow(/unique/)
    expect(() => scheduleTournament([S('allc')], { seed: 1 })).toThrow(/at least 2 players/)
    expect(() => scheduleTournament([S('allc'), S('alld')], { seed: 1, repetitions: 1.5 })).toThrow(/repetitions/)
    expect(() => scheduleTournament([S('allc'), S('alld')], { seed: 1, rules: { noise: 2 } })).toThrow(/noise/)
  })
})

describe('aggregating job results', () => {
  for (const [name, options] of [
    ['no noise (reuse, faults, identities)', OPTIONS],
    ['noise', NOISY],
  ] as const) {
    it(`${name}: any arrival order gives playTournament's JSON`, async () => {
      const expected = JSON.stringify(await playTournament(new ScriptedRunner(), PLAYERS, { ...options, keepMatches: true }))
      const schedule = scheduleTournament(PLAYERS, options)
      const results = await playJobs(new ScriptedRunner(), schedule.jobs, PLAYERS)
      const orders = [
        results,
        results.slice().reverse(),
        [...results.filter((_, k) => k % 2 === 1), ...results.filter((_, k) => k % 2 === 0)],
        ...[1, 2, 3, 4, 5].map((seed) => shuffled(results, seed)),
      ]
      for (const order of orders) {
        expect(order.map((r) => r.index).sort((a, b) => a - b)).toEqual(results.map((r) => r.index))
        expect(JSON.stringify(aggregateTournament(schedule, order, { keepMatches: true }))).toBe(expected)
      }
      // Without keepMatches only `matches` differs.
      const lean = aggregateTournament(schedule, shuffled(results, 6))
      expect(lean.matches).toBeNull()
      expect(JSON.stringify({ ...lean, matches: JSON.parse(expected).matches })).toBe(expected)
    })
  }

  it('a schedule and job results that went through JSON give the same tournament', async () => {
    const expected = JSON.stringify(await playTournament(new ScriptedRunner(), PLAYERS, { ...NOISY, keepMatches: true }))
    const schedule = viaJson(scheduleTournament(PLAYERS, NOISY))
    const results: JobResult[] = []
    for (const job of schedule.jobs) results.push(viaJson(await playJob(new ScriptedRunner(), viaJson(job), PLAYERS)))
    expect(JSON.stringify(aggregateTournament(schedule, shuffled(results, 7), { keepMatches: true }))).toBe(expected)
  })

  it('refuses a missing, repeated or foreign job result', async () => {
    const schedule = scheduleTournament(PLAYERS, OPTIONS)
    const results = await playJobs(new ScriptedRunner(), schedule.jobs, PLAYERS)
    const aggregator = new TournamentAggregator(schedule)
    for (const r of results.slice(1)) aggregator.add(r)
    expect(aggregator.missing).toBe(1)
    expect(() => aggregator.result()).toThrow(/1 of 21 job results are missing \(the first is job 0\)/)
    expect(() => aggregator.add(results[3]!)).toThrow(/job 3 was added twice/)
    expect(() => aggregator.add({ ...results[0]!, index: 99 })).toThrow(/not a job of this schedule/)
    // A result played under another seed (another run) is not mixed in.
    const other = scheduleTournament(PLAYERS, { ...OPTIONS, seed: 'another run' })
    const foreign = await playJob(new ScriptedRunner(), other.jobs[0]!, PLAYERS)
    expect(() => aggregator.add(foreign)).toThrow(/does not match the schedule/)
    aggregator.add(results[0]!)
    expect(aggregator.missing).toBe(0)
    expect(JSON.stringify(aggregator.result())).toBe(JSON.stringify(await playTournament(new ScriptedRunner(), PLAYERS, OPTIONS)))
  })
})

describe('playing jobs', () => {
  it('batches in fresh runners give the tournament of one runner', async () => {
    const expected = JSON.stringify(await playTournament(new ScriptedRunner(), PLAYERS, { ...NOISY, keepMatches: true }))
    const schedule = scheduleTournament(PLAYERS, NOISY)
    for (const size of [1, 4, 100]) {
      const results: JobResult[] = []
      for (const batch of batches(schedule.jobs, size)) results.push(...(await playJobs(new ScriptedRunner(), batch, PLAYERS)))
      expect(JSON.stringify(aggregateTournament(schedule, results, { keepMatches: true }))).toBe(expected)
    }
  })

  it('reports every match, played or reused, and which were reused', async () => {
    const schedule = scheduleTournament([S('tft'), S('coin')], { rules: { turns: 5 }, repetitions: 3, seed: 4 })
    const runner = new ScriptedRunner()
    let matches = 0
    const results = await playJobs(runner, schedule.jobs, [S('tft'), S('coin')], { onMatch: () => matches++ })
    expect(matches).toBe(9)
    expect(results.map((r) => r.reused)).toEqual([
      [false, true, true],
      [false, false, false],
      [false, false, false],
    ])
    expect(runner.calls).toBe(7)
    expect(results[1]!.matches.map((m) => m.seed)).toEqual(schedule.jobs[1]!.seeds)
  })

  it('needs both sources, and one source per id', async () => {
    const schedule = scheduleTournament([S('tft'), S('alld')], { rules: { turns: 3 }, repetitions: 1, seed: 1 })
    const job = schedule.jobs[1]!
    await expect(playJob(new ScriptedRunner(), job, [S('tft')])).rejects.toThrow(/no source was given for player "alld"/)
    await expect(playJob(new ScriptedRunner(), job, [S('tft'), S('alld'), S('alld', 'allc')])).rejects.toThrow(
      /two different sources have the id "alld"/,
    )
    // The same source twice (e.g. collected from both sides of a batch's jobs) is fine.
    await expect(playJob(new ScriptedRunner(), job, [S('tft'), S('alld'), S('alld')])).resolves.toHaveProperty('index', 1)
  })
})

describe('steps with the QuickJS sandbox', () => {
  const hostile: StrategySource = {
    id: 'coin-thrower',
    name: 'coin-thrower',
    source: "if (Math.random() < 0.5) throw new Error('tails')\nexport default (v) => (v.round % 5 === 4 ? 'X' : 'C')",
  }
  const ids = ['tit-for-tat', 'random', 'joss', 'grudger', 'alternator', 'defector']
  const players = [...CLASSICS.filter((c) => ids.includes(c.id)).map(classicAsSource), hostile]

  async function jobByJob(schedule: TournamentSchedule, size: number): Promise<JobResult[]> {
    const results: JobResult[] = []
    for (const batch of batches(viaJson(schedule).jobs, size)) {
      // A fresh runner per batch, as each Worker invocation would have.
      const runner = await createNodeRunner()
      try {
        for (const r of await playJobs(runner, batch, players)) results.push(viaJson(r))
      } finally {
        runner.dispose()
      }
    }
    return results
  }

  it.each([
    ['no noise', { rules: { turns: 30 }, repetitions: 3, seed: 'queue' }],
    ['noise', { rules: { turns: 30, noise: 0.05 }, repetitions: 2, seed: 'queue-noisy' }],
  ] as [string, ScheduleOptions][])('%s: fresh runners per batch, shuffled results = one runner', async (_, options) => {
    const runner = await createNodeRunner()
    let expected: string
    try {
      expected = JSON.stringify(await playTournament(runner, players, { ...options, keepMatches: true }))
    } finally {
      runner.dispose()
    }
    const parsed = JSON.parse(expected)
    expect(parsed.faults.some((f: { count: number }) => f.count > 0)).toBe(true)
    const schedule = scheduleTournament(players, options)
    const results = await jobByJob(schedule, 5)
    expect(JSON.stringify(aggregateTournament(viaJson(schedule), shuffled(results, 8), { keepMatches: true }))).toBe(expected)
  })
})

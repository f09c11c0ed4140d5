/**
 * `--jobs N`: tournaments (the dilemma's and the commons') and experiments
 * played on worker threads print the same, byte for byte, readable and
 * --json, as on the command's own thread (--jobs 1), whatever order the jobs
 * finish in: noise, strategies that draw random numbers, a strategy that
 * faults, an odd number of pairings, more threads than needed. The pool
 * itself is checked with its workers warm, so that they certainly play (from
 * the build, and from the sources): each task's result is the one the engine
 * gives in-process, and a failing task fails the run with the engine's
 * message. And every mistake in --jobs is one line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNodeRunner } from '../sandbox/node'
import type { SandboxRunner } from '../sandbox/runner'
import { classicAsSource, findClassic } from '../src/classics'
import { playJob } from '../src/engine/play-job'
import { scheduleTournament } from '../src/engine/schedule'
import { MAX_JOBS } from '../src/cli/jobs/flag'
import { JobPool } from '../src/cli/jobs/pool'
import type { Task } from '../src/cli/jobs/protocol'
import { ROOT, arena, expectOneErrorLine } from './helpers/cli'

const FIXTURES = `${ROOT}test/fixtures/cli`

/** stdout of `arena ARGS --jobs N` for each N (run one after another: they share two cores with the other tests). */
async function outputs(args: readonly string[], jobs: readonly number[]): Promise<string[]> {
  const out: string[] = []
  for (const n of jobs) {
    const run = await arena([...args, '--jobs', String(n)])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    out.push(run.stdout)
  }
  return out
}

function expectAllEqual(out: readonly string[]): void {
  expect(out[0]!.length).toBeGreaterThan(0)
  for (const o of out.slice(1)) expect(o).toBe(out[0])
}

describe.concurrent('--jobs N gives the output of --jobs 1, byte for byte', { timeout: 240_000 }, () => {
  // 7 players: 28 pairings, an even number; 6 of them below make 21, an odd one.
  const dilemma = [
    `${FIXTURES}/faulty.js`,
    `${FIXTURES}/good.js`,
    'random',
    'joss',
    'generous-tit-for-tat',
    'tit-for-tat',
    'grudger',
  ]

  it('a tournament with noise, random strategies and one that faults (readable and --json)', async () => {
    const args = ['tournament', ...dilemma, '--turns', '40', '--noise', '0.03', '--repetitions', '2', '--seed', 'jobs']
    const readable = await outputs(args, [1, 3])
    expectAllEqual(readable)
    expect(readable[0]).toContain('faults:')
    const json = await outputs([...args, '--json'], [1, 2])
    expectAllEqual(json)
    const result = JSON.parse(json[0]!) as { faults: { count: number }[]; scheduledMatches: number }
    expect(result.scheduledMatches).toBe(28 * 2)
    expect(result.faults.some((f) => f.count > 0)).toBe(true)
  })

  it('an odd number of pairings, and reused deterministic pairings', async () => {
    const args = ['tournament', ...dilemma.slice(1), '--turns', '30', '--repetitions', '4', '--json']
    const out = await outputs(args, [1, 3])
    expectAllEqual(out)
    const result = JSON.parse(out[0]!) as { scheduledMatches: number; reusedMatches: number }
    expect(result.scheduledMatches).toBe(21 * 4)
    expect(result.reusedMatches).toBeGreaterThan(0)
  })

  it('more threads asked for than there are pairings', async () => {
    expectAllEqual(await outputs(['tournament', 'joss', `${FIXTURES}/faulty.js`, '--turns', '20', '--noise', '0.1'], [1, 5]))
  })

  it('every built-in, enough work for the worker threads to take part', async () => {
    const out = await outputs(['tournament', '--classics', '--turns', '20', '--repetitions', '1', '--noise', '0.01', '--json'], [1, 2])
    expectAllEqual(out)
  })

  it('without --jobs (one thread per core, fewer for a small run) as with --jobs 1', async () => {
    const args = ['tournament', ...dilemma, '--continuation', '0.9', '--noise', '0.05']
    const [one] = await outputs(args, [1])
    const run = await arena(args)
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(one)
  })

  it('a commons tournament, with a strategy that faults (readable and --json)', async () => {
    const args = [
      'tournament', '--game', 'commons', `${FIXTURES}/commons/thrower.js`, `${FIXTURES}/commons/half-share.js`, '--classics',
      '--group', '3', '--repetitions', '1', '--turns', '30', '--fine', '20', '--detection', '0.5',
    ]
    expectAllEqual(await outputs(args, [1, 3]))
    expectAllEqual(await outputs([...args, '--json'], [1, 2]))
  })

  it('an experiment of the dilemma, a preset (readable and --json)', async () => {
    expectAllEqual(await outputs(['experiment', '--preset', 'referee'], [1, 2]))
    expectAllEqual(await outputs(['experiment', '--preset', 'one-shot-vs-repeated', '--json'], [1, 3]))
  })

  it('an experiment of the commons, a preset (--json)', async () => {
    expectAllEqual(await outputs(['experiment', '--preset', 'commons', '--json'], [1, 2]))
  })
})

describe('the pool, with its worker threads warm', { timeout: 120_000 }, () => {
  const players = ['tit-for-tat', 'random', 'joss', 'alternator', 'grudger', 'defector'].map((id) => classicAsSource(findClassic(id)!))
  const schedule = scheduleTournament(players, { rules: { turns: 100, noise: 0.02 }, repetitions: 3, seed: 5 })
  let runner: SandboxRunner
  beforeAll(async () => {
    runner = await createNodeRunner()
  })
  afterAll(() => runner.dispose())

  it('plays tasks on every thread, each with the result the engine gives in-process', async () => {
    const pool = new JobPool(players, {}, 'dilemma', 2)
    try {
      await pool.whenWarm()
      const results = await Promise.all(schedule.jobs.map((job) => pool.run({ game: 'dilemma', job })))
      expect(pool.playedOnThreads.every((n) => n > 0)).toBe(true)
      for (const [k, job] of schedule.jobs.entries()) {
        expect(JSON.stringify(results[k])).toBe(JSON.stringify(await playJob(runner, job, players)))
      }
    } finally {
      await pool.close()
    }
  })

  it('plays on worker threads that run the sources through tsx too', async () => {
    // A worker's environment is a copy of this thread's, taken when it starts.
    process.env.ARENA_FROM_SOURCE = '1'
    const pool = new JobPool(players, {}, 'dilemma', 1)
    delete process.env.ARENA_FROM_SOURCE
    try {
      await pool.whenWarm()
      const jobs = schedule.jobs.slice(0, 6)
      const results = await Promise.all(jobs.map((job) => pool.run({ game: 'dilemma', job })))
      expect(pool.playedOnThreads[0]).toBeGreaterThan(0)
      for (const [k, job] of jobs.entries()) expect(JSON.stringify(results[k])).toBe(JSON.stringify(await playJob(runner, job, players)))
    } finally {
      await pool.close()
    }
  })

  const bad = (k: number): Task => ({ game: 'dilemma', job: { ...schedule.jobs[k]!, players: ['nobody', 'tit-for-tat'] } })

  it('fails every task with the engine message when a task fails on a worker thread', async () => {
    const pool = new JobPool(players, {}, 'dilemma', 1)
    try {
      await pool.whenWarm()
      // A warm worker takes the first two tasks given, before this thread looks for one.
      const runs = [bad(0), bad(1)].map((task) => pool.run(task))
      for (const run of runs) await expect(run).rejects.toThrow('no source was given for player "nobody"')
      expect(pool.playedOnThreads).toEqual([1])
      await expect(pool.run({ game: 'dilemma', job: schedule.jobs[0]! })).rejects.toThrow('closed')
    } finally {
      await pool.close()
    }
  })

  it('and when it fails on this thread', async () => {
    const pool = new JobPool(players, { match: runner }, 'dilemma', 0)
    try {
      await expect(pool.run(bad(2))).rejects.toThrow('no source was given for player "nobody"')
    } finally {
      await pool.close()
    }
  })
})

describe.concurrent('--jobs: every mistake is one line', () => {
  const expected = `--jobs must be a whole number from 1 to ${MAX_JOBS}`
  for (const value of ['0', '-1', 'x', '1.5', String(MAX_JOBS + 1), '100000000000000000000', '']) {
    it(`--jobs "${value}"`, async () => {
      expectOneErrorLine(await arena(['tournament', 'tit-for-tat', 'defector', `--jobs=${value}`]), 2, new RegExp(expected))
    })
  }
  it('in a commons tournament and an experiment too', async () => {
    expectOneErrorLine(await arena(['tournament', '--game', 'commons', '--classics', '--jobs', '0']), 2, new RegExp(expected))
    expectOneErrorLine(await arena(['experiment', '--preset', 'referee', '--jobs', 'all']), 2, new RegExp(expected))
    expectOneErrorLine(await arena(['tournament', 'tit-for-tat', 'defector', '--jobs']), 2, /option --jobs needs a value/)
  })
})

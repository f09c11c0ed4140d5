/**
 * `npm start` as a user runs it, on a fresh local database: the ticker starts
 * the seeded demo tournament's run by itself; stopped mid-run and started
 * again, the run resumes and finishes with exactly the results the engine
 * gives in one process for the same seed; then the leaderboard shows the
 * classics ranked by rating.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodeRunner } from '../sandbox/node'
import { findClassic } from '../src/classics'
import { playTournament } from '../src/engine/tournament'

const root = fileURLToPath(new URL('..', import.meta.url))
const persistTo = mkdtempSync(join(tmpdir(), 'arena-demo-'))
const children: ChildProcess[] = []

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  rmSync(persistTo, { recursive: true, force: true })
})

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

function start(port: number): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), '--no-build', '--port', String(port), '--persist-to', persistTo], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  return { child, output: () => output }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.on('exit', () => resolve())
    child.kill('SIGINT')
  })
}

async function getJson(url: string): Promise<any> {
  const res = await fetch(url)
  return res.ok ? res.json() : null
}

/** Poll `probe` until it returns something, or fail after `ms` with what the server printed. */
async function until<T>(probe: () => Promise<T | null | undefined>, ms: number, output: () => string, what: string): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    try {
      const value = await probe()
      if (value) return value
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; npm start printed:\n${output().slice(-3000)}`)
    await new Promise((r) => setTimeout(r, 150))
  }
}

describe('npm start', () => {
  it('plays the demo by itself, resumes it after a restart with identical results, and ranks the classics by rating', async () => {
    const port = await freePort()
    const base = `http://localhost:${port}`
    const demo = `${base}/api/tournaments/demo-classics`

    const first = start(port)
    const partway = await until(
      async () => {
        const run = (await getJson(demo))?.runs?.[0]
        return run && run.progress.done >= 100 ? run : null
      },
      150_000,
      first.output,
      'the demo run to start',
    )
    await stop(first.child)
    expect(partway.progress.done).toBeLessThan(partway.progress.total)

    const second = start(port)
    const finished = await until(
      async () => {
        const run = await getJson(`${base}/api/runs/${partway.id}`)
        return run?.status === 'finished' ? run : null
      },
      150_000,
      second.output,
      'the resumed run to finish',
    )
    const board = await getJson(`${base}/api/leaderboard?limit=100`)
    const tournament = await getJson(demo)
    await stop(second.child)

    expect(tournament.runs).toHaveLength(1)
    expect(finished.error).toBeNull()
    expect(finished.entrants.length).toBeGreaterThanOrEqual(45)
    // The same players, rules and seed in one process: the same standings and matrices.
    const players = finished.entrants.map((e: { strategyId: string }) => {
      const c = findClassic(e.strategyId)!
      return { id: c.id, name: c.name, source: c.source }
    })
    const runner = await createNodeRunner()
    const direct = await playTournament(runner, players, { rules: finished.rules, repetitions: finished.repetitions, seed: finished.seed })
    runner.dispose()
    expect(finished.standings.map((s: any) => [s.strategyId, s.rank, s.meanScore, s.medianScore, s.wins, s.cooperationRate])).toEqual(
      direct.standings.map((s) => [s.id, s.rank, s.meanScore, s.medianScore, s.wins, s.cooperationRate]),
    )
    expect(JSON.stringify(finished.payoffMatrix)).toBe(JSON.stringify(direct.payoffMatrix))

    expect(board.entries).toHaveLength(finished.entrants.length)
    const ordinals = board.entries.map((e: any) => e.rating.ordinal)
    expect(ordinals).toEqual([...ordinals].sort((a: number, b: number) => b - a))
    expect(board.entries[0]).toMatchObject({ rank: 1, runs: 1, lastRunId: finished.id, strategy: { owner: 'house' } })
    for (const e of board.entries) expect(e.rating.sigma).toBeGreaterThan(0)
    // The best-rated is the run's winner: one run's order is all the evidence so far.
    expect(board.entries[0].strategy.id).toBe(finished.standings[0].strategyId)
  }, 400_000)
})

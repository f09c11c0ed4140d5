/**
 * `npm run bench:api`: the platform as `npm start` serves it, measured from
 * outside through the public API only, on this machine.
 *
 *   1. Start-up: `scripts/start.mjs --no-tick` (build, migrations, seed,
 *      `wrangler dev` with src/index.ts) on a free port with a fresh
 *      temporary `--persist-to` directory, timed to the first answer of
 *      /api/health. `--no-tick` keeps the seeded demo tournament idle, so the
 *      bench's run plays alone and the load phase is quiet.
 *   2. The run: an account (POST /api/accounts), a tournament, the 45
 *      classics entered by their host (writes paced under the burst limit),
 *      POST /api/tournaments/:id/runs; 200 turns × 5 repetitions, played by
 *      the real queue consumer. Wall time (server clock, created → finished),
 *      the CPU of every server process over the run (/proc) → matches per
 *      CPU-second of the consumer, and each consumer invocation when
 *      wrangler prints its QUEUE lines (log level info, its default).
 *   3. The sandbox alone, for comparison: the same jobs played again in this
 *      Node process once the server has stopped (same schedule and seed; its
 *      standings must equal the run's).
 *   4. Load: autocannon in a child process (bench/load.mjs) against
 *      GET /api/health (the floor of the local stack), /api/leaderboard, the
 *      finished run and one of its matches: requests/s, latency, errors,
 *      server CPU per request by process, and the leaderboard's target
 *      (>= 500 requests/s, p99 <= 25 ms).
 *   5. Storage: rows and bytes of the run in the local D1.
 *
 * It ends with a summary block to paste into README. The server is stopped
 * (SIGTERM to start.mjs, which passes it on) and the temporary directory
 * removed at the end, on Ctrl-C too.
 *
 * The machine is shared and its speed varies: every window also reports how
 * many cores other processes kept busy meanwhile (/proc/stat minus our own
 * processes). Compare runs with that in mind; no figure here is asserted.
 *
 * Options:
 *   --connections N   autocannon connections (default 10)
 *   --duration S      measured seconds per endpoint (default 10)
 *   --warmup S        warm-up seconds per endpoint, not measured (default 2)
 *   --seed N          the run's seed (default 1)
 *   --port N          the server's port (default: a free one)
 *   --no-build        pass --no-build to start.mjs
 *   --server-arg A    one more argument for start.mjs / wrangler dev (repeatable), e.g. --server-arg --log-level=info
 *   --no-replay       skip step 3
 *   --no-load         skip step 4
 *   --endpoints LIST  the endpoints step 4 loads, of health,leaderboard,run,match (default: all four)
 *   --keep            keep the temporary directory (its path is printed)
 *   --json            print one JSON object on stdout (progress goes to stderr)
 *
 * The parts live in bench/api/: options, proc (CPU from /proc), server,
 * client (the API and the run's set-up), run, replay, load, storage, report.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { classicsTournament, setupRateLimited } from './api/client'
import { loadTest, type LoadFigures } from './api/load'
import { OPTS, log, now } from './api/options'
import { replayInNode } from './api/replay'
import { printReport, type Report } from './api/report'
import { timeRun } from './api/run'
import { Server, freePort } from './api/server'
import { storage } from './api/storage'

const root = fileURLToPath(new URL('..', import.meta.url))

async function main(): Promise<void> {
  const persistTo = mkdtempSync(join(tmpdir(), 'arena-bench-api-'))
  const port = OPTS.port || (await freePort())
  const load0 = loadavg()
  log(`state in ${persistTo}; starting scripts/start.mjs on port ${port}`)
  const server = new Server(root, port, persistTo)
  let stopped = false
  const cleanUp = async () => {
    if (!stopped) {
      stopped = true
      await server.stop()
    }
    if (!OPTS.keep) rmSync(persistTo, { recursive: true, force: true })
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the server`)
      void cleanUp().finally(() => process.exit(130))
    })
  }

  try {
    const ready = await server.ready()
    const startup = {
      ...ready,
      migrationsMs: server.lineAt('start: applying D1 migrations'),
      seedMs: server.lineAt('start: seeding'),
      wranglerDevMs: server.lineAt('start: wrangler dev on'),
      readyLineMs: server.lineAt('Ready on'),
    }
    log(`ready after ${Math.round(startup.readyMs)} ms`)

    const t = await classicsTournament(server, OPTS.seed)
    log(`the run: ${t.entrants.length} classics`)
    const t0 = now()
    const run = await timeRun(server, 'the run', t.tournamentId, t.start)
    log(`finished in ${Math.round(now() - t0)} ms`)

    const load: LoadFigures[] = []
    if (OPTS.load) {
      const endpoints: Record<string, [string, string]> = {
        health: ['/api/health', '/api/health'],
        leaderboard: ['/api/leaderboard', '/api/leaderboard'],
        run: ['/api/runs/:id', `/api/runs/${run.runId}`],
        match: ['/api/matches/:id', `/api/matches/${run.runId}-1-0`],
      }
      for (const key of OPTS.endpoints) {
        if (!endpoints[key]) throw new Error(`--endpoints: no endpoint "${key}" (${Object.keys(endpoints).join(', ')})`)
        const [name, path] = endpoints[key]
        const res = await fetch(`${server.url}${path}`)
        await res.arrayBuffer()
        if (!res.ok) log(`WARNING: GET ${path} answers ${res.status} before the load test`)
        log(`load: GET ${path}`)
        load.push(await loadTest(root, server, name, path))
      }
    }

    log('stopping the server')
    await server.stop()
    stopped = true
    const store = storage(root, persistTo)

    let replay = null
    if (OPTS.replay) {
      log('the run played again in this Node process (the sandbox alone)')
      replay = await replayInNode(run.view)
      run.matchesPlayed = replay.played
    }

    const report: Report = {
      machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavgBefore: load0, loadavgAfter: loadavg(), node: process.version },
      serverArgs: OPTS.serverArgs,
      startup,
      setupRateLimited,
      run,
      replay,
      load,
      storage: store,
    }
    if (OPTS.json) console.log(JSON.stringify({ ...report, run: { ...run, view: undefined }, options: OPTS }, null, 2))
    else printReport(report)
  } catch (error) {
    log(`failed: ${error instanceof Error ? error.message : String(error)}`)
    if (!stopped) log(`server output, last lines:\n${server.tail(40)}`)
    process.exitCode = 1
  } finally {
    await cleanUp()
    if (OPTS.keep) log(`kept ${persistTo}`)
  }
}

await main()

/** bench:api's report: the details, then a summary block to paste into README. */
import { cpus } from 'node:os'
import type { LoadFigures } from './load'
import { OPTS, round } from './options'
import type { CpuFigures } from './proc'
import type { ReplayFigures } from './replay'
import { POLL_MS, type RunFigures } from './run'
import type { StorageFigures } from './storage'

/** The product's target for GET /api/leaderboard on this machine. */
export const TARGET = { requestsPerSecond: 500, p99Ms: 25 }

export interface Report {
  machine: { cpus: number; model: string | undefined; loadavgBefore: number[]; loadavgAfter: number[]; node: string }
  serverArgs: string[]
  startup: { readyMs: number; firstRequestMs: number; migrationsMs: number | null; seedMs: number | null; wranglerDevMs: number | null; readyLineMs: number | null }
  setupRateLimited: number
  run: RunFigures
  replay: ReplayFigures | null
  load: LoadFigures[]
  storage: StorageFigures
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))]
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n')
}

const s = (ms: number) => `${round(ms / 1000, 1)} s`
const perCpuS = (n: number, ms: number) => round(n / (ms / 1000), 0)
const byProcess = (c: CpuFigures, per = 1, unit: (ms: number) => string = s) =>
  Object.entries(c.byProcess)
    .filter(([, ms]) => ms > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([k, ms]) => `${k} ${unit(ms / per)}`)
    .join(', ')

function printRun(r: RunFigures, replay: ReplayFigures | null, batches: number): void {
  const played = r.matchesPlayed
  console.log(`\n## The run: ${r.entrants} classics, ${r.view.rules.turns} turns × ${r.view.repetitions} repetitions, through the public API, played by the queue consumer`)
  console.log(`run ${r.runId}: ${r.jobs} jobs (pairings) in ${batches} batches, ${r.matchesRecorded} matches recorded${played === null ? '' : `, ${played} played by the sandbox (${r.matchesRecorded - played} reused)`}`)
  console.log(`wall time: ${s(r.serverWallMs)} created → finished (server clock); ${s(r.clientWallMs)} request → finished seen (polled every ${POLL_MS} ms, ${r.polls} polls)`)
  const q = r.queue
  if (q) {
    console.log(`queue: ${q.messages} messages in ${q.invocations} consumer invocations; first invocation started ${s(q.firstDeliveryMs)} after the request`)
    console.log(`  invocations: ${s(q.ms.total)} in all; median ${q.ms.median} ms, p90 ${q.ms.p90} ms, max ${q.ms.max} ms; first ${q.ms.first} ms (cold sandbox), last ${q.ms.last} ms (it finalized)`)
    console.log(`  idle between invocations (delivery): ${s(q.gapMs.total)} in all; median ${round(q.gapMs.median)} ms, mean ${round(q.gapMs.mean)} ms, min ${round(q.gapMs.min)} ms, max ${round(q.gapMs.max)} ms (from log-line arrival times: each ± a few tens of ms, the sum holds)`)
    const accounted = q.firstDeliveryMs + q.ms.total + q.gapMs.total
    const pct = (ms: number) => `${round((100 * ms) / accounted, 0)} %`
    console.log(
      `  request → finished ≈ first delivery ${s(q.firstDeliveryMs)} (${pct(q.firstDeliveryMs)}) + invocations ${s(q.ms.total)} (${pct(q.ms.total)}) + gaps ${s(q.gapMs.total)} (${pct(q.gapMs.total)}) = ${s(accounted)}` +
        ` (+ ${s(q.tailMs)} until a poll saw it); the local queue runs one invocation at a time`,
    )
  } else {
    console.log(`queue: no QUEUE lines from wrangler (its log level hides them): per-invocation times not measured; pass --server-arg --log-level=info to see them`)
  }
  console.log(`CPU over the run: ${s(r.cpu.serverMs)} server (${byProcess(r.cpu)}); other processes kept ${round(r.cpu.otherCores, 2)} of ${cpus().length} cores busy`)
  console.log(
    `consumer (workerd: Worker + D1 + queue, polls included): ${s(r.consumerCpuMs)} CPU → ${perCpuS(r.matchesRecorded, r.consumerCpuMs)} matches recorded per CPU-second` +
      `${played === null ? '' : `, ${perCpuS(played, r.consumerCpuMs)} played`}; ${round(r.consumerCpuMs / Math.max(1, batches))} ms CPU a batch, ${round(r.consumerCpuMs / r.jobs, 2)} ms a job`,
  )
  if (replay) {
    console.log(
      `sandbox alone, in Node (this process): ${replay.played} played + ${replay.reused} reused in ${s(replay.wallMs)} wall, ${s(replay.cpuMs)} CPU → ${perCpuS(replay.played, replay.cpuMs)} played (${perCpuS(replay.played + replay.reused, replay.cpuMs)} recorded) matches per CPU-second; ` +
        (replay.sameStandings ? 'standings identical to the run' : 'STANDINGS DIFFER FROM THE RUN'),
    )
    const overhead = r.consumerCpuMs - replay.cpuMs
    console.log(`  → the consumer spent ${s(overhead)} CPU beyond the sandbox's work in Node (queue, D1 reads and writes, finalize, polls: ${round((100 * overhead) / r.consumerCpuMs, 0)} % of its CPU), ${round(overhead / Math.max(1, batches), 1)} ms a batch`)
  }
}

function leaderboardVerdict(lb: LoadFigures): string {
  const ok = lb.requestsPerSecond >= TARGET.requestsPerSecond && lb.latencyMs.p99 <= TARGET.p99Ms && lb.non2xx === 0 && lb.errors === 0
  return `target >= ${TARGET.requestsPerSecond} req/s, p99 <= ${TARGET.p99Ms} ms: ${ok ? 'MET' : 'NOT MET'}`
}

function printLoad(rows: LoadFigures[]): void {
  console.log(`\n## Load: ${OPTS.connections} connections, ${OPTS.warmup} s warm-up then ${OPTS.duration} s per endpoint (autocannon in a child process, loopback)`)
  console.log(
    table(
      ['endpoint', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors', 'non-2xx', 'KB/resp', 'server CPU ms/req', 'ceiling req/s', 'others (cores)'],
      rows.map((r) => [
        r.name,
        round(r.requestsPerSecond, 0),
        r.latencyMs.p50,
        r.latencyMs.p90,
        r.latencyMs.p99,
        r.latencyMs.max,
        r.errors + r.timeouts,
        r.non2xx,
        round(r.bytesPerResponse / 1024, 1),
        round(r.serverCpuMsPerRequest, 2),
        round(r.ceilingRequestsPerSecond, 0),
        round(r.cpu.otherCores, 2),
      ]),
    ),
  )
  const ms = (x: number) => `${round(x, 2)} ms`
  for (const r of rows) console.log(`  ${r.name}: server CPU per request by process: ${byProcess(r.cpu, Math.max(1, r.requests), ms)}; load generator ${ms(r.loadGeneratorCpuMsPerRequest)}`)
  console.log(`  ceiling req/s = ${cpus().length} cores / (server + load generator CPU per request): what this machine could serve with nothing else running`)
  for (const r of rows) {
    if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) {
      console.log(`  WARNING ${r.name}: ${r.non2xx} non-2xx responses (${JSON.stringify(r.statusCodes)}), ${r.errors} errors, ${r.timeouts} timeouts: these figures are not all successful requests`)
    }
    if (r.rateLimited > 0) console.log(`  WARNING ${r.name}: RATE LIMITED: ${r.rateLimited} responses were 429, so the figures measure the rate limiter, not the endpoint`)
  }
  const lb = rows.find((r) => r.path.startsWith('/api/leaderboard'))
  if (lb) console.log(`leaderboard (${leaderboardVerdict(lb)}): ${round(lb.requestsPerSecond, 0)} req/s, p99 ${lb.latencyMs.p99} ms`)
}

function printStorage(store: StorageFigures): void {
  console.log(`\n## Storage (local D1 after the run)`)
  console.log(
    `matches: ${store.matches.rows} rows, ${round(store.matches.avgTextBytes, 0)} bytes of text each on average (moves ${round(store.matches.avgMovesChars, 0)}, faults ${round(store.matches.avgFaultsChars, 0)}, flips ${round(store.matches.avgFlipsChars, 0)}); ` +
      `job_results: ${store.jobResults.rows} rows, ${round(store.jobResults.avgBytes, 0)} bytes on average (max ${store.jobResults.maxBytes}); run_batches: ${store.runBatches} rows; standings: ${store.standings.rows} rows, ${round(store.standings.avgBytes, 0)} bytes on average`,
  )
  console.log(`schedules (runs.jobs): ${store.runs.map((r) => `${r.jobs} jobs → ${r.scheduleBytes} bytes (${round(r.scheduleBytes / r.jobs, 0)} a job)`).join('; ')}`)
  console.log(`SQLite files: ${round(store.sqliteBytes / 1024 / 1024, 2)} MiB in all (the classics, the run, indexes) = ${round(store.sqliteBytes / Math.max(1, store.matches.rows), 0)} bytes per match recorded`)
}

/** A few lines that can be pasted into README as they are. */
function printSummary(r: Report): void {
  const run = r.run
  const batches = r.storage.runBatches
  const loadOthers = r.load.length ? r.load.reduce((a, l) => a + l.cpu.otherCores, 0) / r.load.length : null
  const row = (what: string, figure: string) => console.log(`| ${what} | ${figure} |`)
  console.log(`\n## Summary (paste into README)\n`)
  console.log(
    `\`npm run bench:api\`, ${new Date().toISOString().slice(0, 10)}: ${r.machine.cpus} × ${r.machine.model ?? 'cpu'}, Node ${r.machine.node}; server \`node scripts/start.mjs --no-tick${r.serverArgs.length ? ` ${r.serverArgs.join(' ')}` : ''}\`; ` +
      `other processes kept ${round(run.cpu.otherCores, 2)} cores busy during the run${loadOthers === null ? '' : ` and ${round(loadOthers, 2)} during the load tests`} (of ${r.machine.cpus}).\n`,
  )
  console.log('| what | figure |')
  console.log('|---|---|')
  row('start-up (`scripts/start.mjs`, fresh state) → first answer of /api/health', s(r.startup.readyMs))
  row(
    `run of the ${run.entrants} classics, ${run.view.rules.turns} turns × ${run.view.repetitions} repetitions (${run.jobs} jobs, ${batches} batches, ${run.matchesRecorded} matches)`,
    `${s(run.serverWallMs)} created → finished`,
  )
  row(
    'consumer CPU (workerd: Worker + D1 + queue, /proc)',
    `${s(run.consumerCpuMs)}: ${perCpuS(run.matchesRecorded, run.consumerCpuMs)} matches recorded${run.matchesPlayed === null ? '' : ` (${perCpuS(run.matchesPlayed, run.consumerCpuMs)} played)`} per CPU-second; ${round(run.consumerCpuMs / Math.max(1, batches))} ms a batch`,
  )
  if (r.replay) row('sandbox alone, in Node', `${perCpuS(r.replay.played, r.replay.cpuMs)} played matches per CPU-second`)
  for (const l of r.load) {
    const verdict = l.path.startsWith('/api/leaderboard') ? ` (${leaderboardVerdict(l)})` : ''
    const bad = l.non2xx + l.errors + l.timeouts > 0 ? `; ${l.non2xx} non-2xx, ${l.errors + l.timeouts} errors` : ''
    row(`GET ${l.name}, ${OPTS.connections} connections`, `${round(l.requestsPerSecond, 0)} req/s, p99 ${l.latencyMs.p99} ms, ${round(l.serverCpuMsPerRequest, 2)} ms server CPU a request${verdict}${bad}`)
  }
}

export function printReport(r: Report): void {
  const l0 = r.machine.loadavgBefore.map((x) => round(x, 2)).join(' ')
  const l1 = r.machine.loadavgAfter.map((x) => round(x, 2)).join(' ')
  console.log(`# bench:api — ${r.machine.cpus} × ${r.machine.model ?? 'cpu'}, Node ${r.machine.node}, load average ${l0} before, ${l1} after`)
  const p = r.startup
  console.log(
    `\nstart-up (scripts/start.mjs ${['--no-tick', ...(OPTS.build ? [] : ['--no-build']), ...r.serverArgs].join(' ')}, fresh state): /api/health answered ${s(p.readyMs)} after the spawn ` +
      `(migrations from ${s(p.migrationsMs ?? 0)}, seed from ${s(p.seedMs ?? 0)}, wrangler dev from ${s(p.wranglerDevMs ?? 0)}${p.readyLineMs === null ? '' : `, "Ready" at ${s(p.readyLineMs)}`}; first request ${round(p.firstRequestMs, 0)} ms)`,
  )
  if (r.setupRateLimited > 0) console.log(`WARNING: ${r.setupRateLimited} responses 429 while setting up or polling (retried after Retry-After): the run timings include those waits`)
  printRun(r.run, r.replay, r.storage.runBatches)
  if (r.load.length) printLoad(r.load)
  printStorage(r.storage)
  printSummary(r)
}

/**
 * `npm run bench:api`: the platform as `npm start` serves it, measured from
 * outside, on this machine.
 *
 *   1. Start-up: `scripts/start.mjs` (build, migrations, seed, `wrangler dev`)
 *      on a free port with a fresh temporary `--persist-to` directory, timed
 *      to the first answer of /api/health. The Worker is bench/worker.ts:
 *      src/index.ts plus two bench routes (see that file).
 *   2. The demo run: all 45 classics, 200 turns × 5 repetitions, started
 *      with the platform's `startRun` (the API allows at most MAX_ENTRANTS
 *      entrants) and played by the real queue consumer. Wall time (server
 *      clock, created → finished), every consumer invocation (from wrangler's
 *      `QUEUE ... (N ms)` lines: how long each took and the idle gap before
 *      it, i.e. the local queue's delivery latency), and the CPU time of
 *      every server process over the run (/proc/PID/stat) → matches per
 *      CPU-second.
 *   3. A run of 32 classics entirely through the public API (account,
 *      token, tournament, 32 entries, POST /api/tournaments/:id/runs), timed
 *      the same way (the isolate is warm by then).
 *   4. The sandbox's share: the demo run's jobs played again inside one
 *      request in workerd (no queue, no D1 writes) and, after the server has
 *      stopped, in this Node process (createNodeRunner + playJobs, the same
 *      schedule and seed; its standings must equal the run's). And the reads
 *      each consumed batch makes before it plays (the run's row with its
 *      stored schedule; the sources), repeated in one request: CPU each.
 *   5. Load: autocannon in a child process (bench/load.mjs), `--connections`
 *      connections, a warm-up then `--duration` seconds, against
 *      GET /api/health (the floor of the local stack), /api/leaderboard,
 *      /api/runs/:id (the finished demo run) and /api/matches/:id: requests/s,
 *      p50/p99 latency, errors and non-2xx (429s named: a rate limiter, not
 *      the endpoint, answered), server CPU per request, and the leaderboard's
 *      target (>= 500 requests/s, p99 <= 25 ms).
 *   6. Storage: rows and bytes of the runs' matches, job results and
 *      schedules in the local D1 (for docs/scale.md).
 *
 * The server is stopped (SIGTERM to start.mjs, which passes it on) and the
 * temporary directory removed at the end, on Ctrl-C too.
 *
 * The machine is shared and its speed varies: every window also reports how
 * many cores other processes kept busy meanwhile (/proc/stat minus our own
 * processes). Compare runs with that in mind; no figure here is asserted.
 *
 * Options:
 *   --connections N   autocannon connections (default 10)
 *   --duration S      measured seconds per endpoint (default 10)
 *   --warmup S        warm-up seconds per endpoint, not measured (default 2)
 *   --seed N          the runs' seed (default 1)
 *   --port N          the server's port (default: a free one)
 *   --no-build        pass --no-build to start.mjs
 *   --no-api-run      skip step 3
 *   --no-load         skip step 5
 *   --keep            keep the temporary directory (its path is printed)
 *   --json            print one JSON object on stdout (progress goes to stderr)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CLASSICS, classicAsSource } from '../src/classics'
import { aggregateTournament } from '../src/engine/aggregate'
import { playJobs } from '../src/engine/play-job'
import { scheduleTournament } from '../src/engine/schedule'
import { median } from '../src/engine/stats'
import type { Rules, StrategySource } from '../src/engine/types'
import { createNodeRunner } from '../sandbox/node'
import { BENCH_PLAY_PATH, BENCH_PROBE_PATH, BENCH_RUNS_PATH, type BenchPlayResponse, type BenchProbeRequest, type BenchProbeResponse, type BenchRunRequest, type BenchRunResponse, type BenchWritesResponse } from './protocol'

const root = fileURLToPath(new URL('..', import.meta.url))
const wranglerBin = join(dirname(createRequire(import.meta.url).resolve('wrangler/package.json')), 'bin', 'wrangler.js')

/** The product's target for GET /api/leaderboard on this machine. */
const TARGET = { requestsPerSecond: 500, p99Ms: 25 }
const RUN_RULES = { turns: 200, repetitions: 5 }
/** Entrants of the run made through the public API (its MAX_ENTRANTS). */
const API_RUN_ENTRANTS = 32
const POLL_MS = 250
const RUN_TIMEOUT_MS = 20 * 60_000
const READY_TIMEOUT_MS = 5 * 60_000
const RUNS_QUEUE = 'dilemma-arena-runs'

// ---------------------------------------------------------------------------
// Command line

const argv = process.argv.slice(2)
const flag = (name: string) => argv.includes(name)
function option(name: string, fallback: number): number {
  const i = argv.indexOf(name)
  if (i < 0) return fallback
  const n = Number(argv[i + 1])
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} takes a number`)
  return n
}
const OPTS = {
  connections: option('--connections', 10),
  duration: option('--duration', 10),
  warmup: option('--warmup', 2),
  seed: option('--seed', 1),
  port: option('--port', 0),
  build: !flag('--no-build'),
  apiRun: !flag('--no-api-run'),
  load: !flag('--no-load'),
  keep: flag('--keep'),
  json: flag('--json'),
}

const log = (text: string) => process.stderr.write(`bench:api: ${text}\n`)
const now = () => performance.now()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits

// ---------------------------------------------------------------------------
// CPU time of processes (/proc), and of the whole machine

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100
const ticksToMs = (ticks: number) => (ticks * 1000) / CLK_TCK

/** ppid and utime + stime (ticks) of a process, or null when it is gone. */
function procStat(pid: number): { ppid: number; ticks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) }
  } catch {
    return null
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')
  } catch {
    return ''
  }
}

/** The process and all its descendants. */
function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const s = procStat(Number(name))
    if (!s) continue
    const list = children.get(s.ppid) ?? []
    list.push(Number(name))
    children.set(s.ppid, list)
  }
  const out: number[] = []
  const pending = [rootPid]
  while (pending.length > 0) {
    const pid = pending.pop()!
    out.push(pid)
    pending.push(...(children.get(pid) ?? []))
  }
  return out
}

/** What a server process is, from its command line. */
function processLabel(pid: number, rootPid: number, port: number): string {
  if (pid === rootPid) return 'start.mjs'
  const cmd = cmdline(pid)
  if (cmd.includes('workerd')) return cmd.includes(`entry=localhost:${port}`) ? 'workerd: proxy' : 'workerd: worker+D1+queue'
  if (cmd.includes('wrangler-dist')) return 'wrangler (node)'
  if (cmd.includes('wrangler.js')) return 'wrangler launcher'
  if (cmd.includes('esbuild')) return 'esbuild'
  return cmd.split(' ')[0]?.split('/').pop() ?? String(pid)
}

/** Busy and total CPU time of the whole machine so far (ms, all cores). */
function machineCpu(): { busyMs: number; totalMs: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0)
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
  return { busyMs: ticksToMs(total - idle), totalMs: ticksToMs(total) }
}

interface CpuWindow {
  t0: number
  perPid: Map<number, { label: string; ticks: number }>
  machine: { busyMs: number; totalMs: number }
  self: NodeJS.CpuUsage
}

interface CpuFigures {
  wallMs: number
  /** CPU ms of the server's processes, by kind. */
  byProcess: Record<string, number>
  serverMs: number
  /** Cores kept busy by processes other than the server, this bench and the load generator. */
  otherCores: number
}

// ---------------------------------------------------------------------------
// The server

interface QueueLine {
  /** When the line arrived (performance.now()): the invocation had just ended. */
  t: number
  queue: string
  acked: number
  messages: number
  ms: number
}

class Server {
  readonly child: ChildProcess
  readonly lines: { t: number; text: string }[] = []
  readonly queueLines: QueueLine[] = []
  readonly spawnedAt = now()
  /** The server's processes when it was ready, with their command lines (so a reused pid is never killed). */
  private tree: { pid: number; cmd: string }[] = []
  exited = false

  constructor(
    readonly port: number,
    readonly persistTo: string,
  ) {
    const args = [join(root, 'scripts', 'start.mjs'), '--port', String(port), '--persist-to', persistTo]
    if (!OPTS.build) args.push('--no-build')
    args.push(join('bench', 'worker.ts'))
    this.child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    this.child.on('exit', () => (this.exited = true))
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      let buffered = ''
      stream.setEncoding('utf8')
      stream.on('data', (chunk: string) => {
        const t = now()
        buffered += chunk
        const parts = buffered.split('\n')
        buffered = parts.pop() ?? ''
        for (const raw of parts) this.line(t, raw)
      })
    }
  }

  private line(t: number, raw: string): void {
    // eslint-disable-next-line no-control-regex
    const text = raw.replace(/\x1b\[[0-9;]*m/g, '')
    this.lines.push({ t, text })
    const q = /QUEUE (\S+) (\d+)\/(\d+) \((\d+)ms\)/.exec(text)
    if (q) this.queueLines.push({ t, queue: q[1]!, acked: Number(q[2]), messages: Number(q[3]), ms: Number(q[4]) })
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** When a line containing `text` first arrived, ms after the spawn. */
  lineAt(text: string): number | null {
    const l = this.lines.find((x) => x.text.includes(text))
    return l ? l.t - this.spawnedAt : null
  }

  tail(n = 30): string {
    return this.lines
      .slice(-n)
      .map((l) => `  | ${l.text}`)
      .join('\n')
  }

  async ready(): Promise<{ readyMs: number; firstRequestMs: number }> {
    const deadline = now() + READY_TIMEOUT_MS
    while (now() < deadline) {
      if (this.exited) throw new Error(`the server exited before it was ready:\n${this.tail()}`)
      const t0 = now()
      try {
        const res = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(60_000) })
        if (res.ok) {
          await res.arrayBuffer()
          this.tree = processTree(this.child.pid!).map((pid) => ({ pid, cmd: cmdline(pid) }))
          return { readyMs: now() - this.spawnedAt, firstRequestMs: now() - t0 }
        }
      } catch {
        // not listening yet
      }
      await sleep(250)
    }
    throw new Error(`the server was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${this.tail()}`)
  }

  openWindow(): CpuWindow {
    const perPid = new Map<number, { label: string; ticks: number }>()
    for (const pid of processTree(this.child.pid!)) {
      const s = procStat(pid)
      if (s) perPid.set(pid, { label: processLabel(pid, this.child.pid!, this.port), ticks: s.ticks })
    }
    return { t0: now(), perPid, machine: machineCpu(), self: process.cpuUsage() }
  }

  /** CPU of the server's processes since `w`; `loadGeneratorMs` is what the load generator used meanwhile. */
  closeWindow(w: CpuWindow, loadGeneratorMs = 0): CpuFigures {
    const wallMs = now() - w.t0
    const byProcess: Record<string, number> = {}
    let serverMs = 0
    for (const pid of processTree(this.child.pid!)) {
      const s = procStat(pid)
      if (!s) continue
      const before = w.perPid.get(pid)
      const label = before?.label ?? processLabel(pid, this.child.pid!, this.port)
      const ms = ticksToMs(s.ticks - (before?.ticks ?? 0))
      byProcess[label] = (byProcess[label] ?? 0) + ms
      serverMs += ms
    }
    const m = machineCpu()
    const self = process.cpuUsage(w.self)
    const selfMs = (self.user + self.system) / 1000
    const otherMs = m.busyMs - w.machine.busyMs - serverMs - selfMs - loadGeneratorMs
    return { wallMs, byProcess, serverMs, otherCores: Math.max(0, otherMs) / wallMs }
  }

  /** SIGTERM to start.mjs (it passes it on to wrangler), then whatever of the tree is left is killed by pid. */
  async stop(): Promise<void> {
    const tree = new Map(this.tree.map((p) => [p.pid, p.cmd]))
    if (!this.exited) for (const pid of processTree(this.child.pid!)) tree.set(pid, cmdline(pid))
    if (!this.exited) {
      this.child.kill('SIGTERM')
      const deadline = now() + 20_000
      while (!this.exited && now() < deadline) await sleep(100)
    }
    await sleep(500)
    for (const [pid, cmd] of tree) {
      if (procStat(pid) === null || cmdline(pid) !== cmd) continue
      log(`process ${pid} outlived the server's stop: killing it (${cmd.slice(0, 80)})`)
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
  }
}

/** A free TCP port on the loopback interface. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const address = s.address()
      s.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

// ---------------------------------------------------------------------------
// The API, as a client sees it

/** Responses 429 seen outside the load tests: setting up and polling (a rate limit, retried after Retry-After). */
let setupRateLimited = 0

async function api<T = unknown>(server: Server, method: string, path: string, body?: unknown, token?: string, expect: number[] = [200, 201]): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    if (res.status === 429 && attempt < 60) {
      setupRateLimited++
      const wait = Number(res.headers.get('retry-after'))
      await sleep(Number.isFinite(wait) && wait > 0 ? Math.min(wait, 30) * 1000 : 1000)
      continue
    }
    if (!expect.includes(res.status)) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`)
    return (text ? JSON.parse(text) : null) as T
  }
}

interface RunView {
  id: string
  status: string
  progress: { done: number; total: number }
  rules: Rules
  repetitions: number
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  error: string | null
  seed?: number
  players?: { strategyId: string; name: string }[]
  standings?: { rank: number; strategyId: string; meanScore: number }[] | null
}

// ---------------------------------------------------------------------------
// Step 2/3: a run on the queue

interface RunFigures {
  label: string
  runId: string
  entrants: number
  jobs: number
  matchesRecorded: number
  /** Played by the sandbox (the rest reused a deterministic pairing's first repetition); from the replays. */
  matchesPlayed: number | null
  /** Created → finished, on the server's clock. */
  serverWallMs: number
  /** Request sent → finished seen by polling (every POLL_MS). */
  clientWallMs: number
  polls: number
  messages: number
  invocations: number
  invocationMs: { total: number; median: number; p90: number; max: number; first: number; last: number }
  /** Idle time of the local queue between the end of one invocation and the start of the next. */
  gapMs: { total: number; median: number; mean: number; min: number; max: number }
  /** Request sent → first invocation started. */
  firstDeliveryMs: number
  /** Last invocation ended (it finalized the run) → run seen finished. */
  tailMs: number
  cpu: CpuFigures
  consumerCpuMs: number
  view: RunView
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

async function timeRun(server: Server, label: string, tournamentId: string, start: () => Promise<string>): Promise<RunFigures> {
  const q0 = server.queueLines.length
  const w = server.openWindow()
  const t0 = now()
  const runId = await start()
  let polls = 0
  let status = ''
  while (now() - t0 < RUN_TIMEOUT_MS) {
    const t = await api<{ runs: { id: string; status: string; progress: { done: number; total: number } }[] }>(server, 'GET', `/api/tournaments/${tournamentId}`)
    polls++
    const r = t.runs.find((x) => x.id === runId)
    status = r?.status ?? 'missing'
    if (!OPTS.json && process.stderr.isTTY && r) process.stderr.write(`\r\x1b[K  ${label}: ${r.progress.done}/${r.progress.total} jobs`)
    if (status === 'finished' || status === 'failed') break
    await sleep(POLL_MS)
  }
  const tDone = now()
  const cpu = server.closeWindow(w)
  if (process.stderr.isTTY && !OPTS.json) process.stderr.write('\r\x1b[K')
  if (status !== 'finished') throw new Error(`${label}: the run ended ${status || 'not at all'} after ${round((tDone - t0) / 1000)} s`)
  await sleep(500) // the last QUEUE line is printed after its invocation returned
  const view = await api<RunView>(server, 'GET', `/api/runs/${runId}`)
  const events = server.queueLines.slice(q0).filter((q) => q.queue === RUNS_QUEUE)
  const durations = events.map((e) => e.ms)
  const sorted = [...durations].sort((a, b) => a - b)
  const gaps: number[] = []
  // Start of invocation i (its line's arrival minus its duration) minus the end of i - 1 (its line's
  // arrival). Lines reach us through wrangler's and start.mjs's output, so a single gap is off by up to
  // a few tens of ms (it can even come out negative); the sum over a run holds.
  for (let i = 1; i < events.length; i++) gaps.push(events[i]!.t - events[i]!.ms - events[i - 1]!.t)
  const sortedGaps = [...gaps].sort((a, b) => a - b)
  const total = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0)
  const jobs = view.progress.total
  return {
    label,
    runId,
    entrants: view.players?.length ?? 0,
    jobs,
    matchesRecorded: jobs * view.repetitions,
    matchesPlayed: null,
    serverWallMs: Date.parse(view.finishedAt!) - Date.parse(view.createdAt),
    clientWallMs: tDone - t0,
    polls,
    messages: total(events.map((e) => e.messages)),
    invocations: events.length,
    invocationMs: {
      total: total(durations),
      median: median(durations),
      p90: quantile(sorted, 0.9),
      max: sorted[sorted.length - 1] ?? 0,
      first: durations[0] ?? 0,
      last: durations[durations.length - 1] ?? 0,
    },
    gapMs: { total: total(gaps), median: median(gaps), mean: gaps.length ? total(gaps) / gaps.length : 0, min: sortedGaps[0] ?? 0, max: sortedGaps[sortedGaps.length - 1] ?? 0 },
    firstDeliveryMs: events.length ? events[0]!.t - events[0]!.ms - t0 : 0,
    tailMs: events.length ? tDone - events[events.length - 1]!.t : 0,
    cpu,
    consumerCpuMs: cpu.byProcess['workerd: worker+D1+queue'] ?? 0,
    view,
  }
}

// ---------------------------------------------------------------------------
// Step 4: the sandbox alone

interface ReplayFigures {
  where: 'workerd (one request)' | 'node (this process)'
  jobs: number
  played: number
  reused: number
  wallMs: number
  cpuMs: number
  cpu?: CpuFigures
  /** Node only: whether its standings equal the run's. */
  sameStandings?: boolean
}

async function replayInWorkerd(server: Server, runId: string): Promise<ReplayFigures> {
  const w = server.openWindow()
  const t0 = now()
  const r = await api<BenchPlayResponse>(server, 'POST', BENCH_PLAY_PATH, { runId })
  const wallMs = now() - t0
  const cpu = server.closeWindow(w)
  return { where: 'workerd (one request)', jobs: r.jobs, played: r.played, reused: r.reused, wallMs, cpuMs: cpu.byProcess['workerd: worker+D1+queue'] ?? 0, cpu }
}

interface ProbeFigures {
  what: BenchProbeRequest['what']
  times: number
  bytes: number
  cpuMsEach: number
  wallMsEach: number
}

/** The reads every consumed batch makes before it plays, repeated in one request: workerd CPU each. */
async function probe(server: Server, runId: string, what: BenchProbeRequest['what'], times = 50): Promise<ProbeFigures> {
  const w = server.openWindow()
  const t0 = now()
  const r = await api<BenchProbeResponse>(server, 'POST', BENCH_PROBE_PATH, { runId, what, times } satisfies BenchProbeRequest)
  const wallMs = now() - t0
  const cpu = server.closeWindow(w)
  return { what, times, bytes: r.bytes, cpuMsEach: (cpu.byProcess['workerd: worker+D1+queue'] ?? 0) / times, wallMsEach: wallMs / times }
}

async function replayInNode(view: RunView): Promise<ReplayFigures> {
  const byId = new Map(CLASSICS.map((c) => [c.id, c]))
  const sources: StrategySource[] = view.players!.map((p) => {
    const c = byId.get(p.strategyId)
    if (!c) throw new Error(`${p.strategyId} is not a classic`)
    return { ...classicAsSource(c), name: p.name }
  })
  const schedule = scheduleTournament(
    view.players!.map((p) => ({ id: p.strategyId, name: p.name })),
    { rules: view.rules, repetitions: view.repetitions, seed: view.seed! },
  )
  const runner = await createNodeRunner()
  try {
    await playJobs(runner, schedule.jobs.slice(0, 1), sources) // warm-up: load the module, JIT
    const cpu0 = process.cpuUsage()
    const t0 = now()
    const results = await playJobs(runner, schedule.jobs, sources)
    const wallMs = now() - t0
    const cpu = process.cpuUsage(cpu0)
    const aggregate = aggregateTournament(schedule, results)
    const mine = aggregate.standings.map((s) => `${s.id}:${s.meanScore}`).join(',')
    const theirs = (view.standings ?? []).map((s) => `${s.strategyId}:${s.meanScore}`).join(',')
    return {
      where: 'node (this process)',
      jobs: results.length,
      played: aggregate.playedMatches,
      reused: aggregate.reusedMatches,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      sameStandings: mine === theirs,
    }
  } finally {
    runner.dispose()
  }
}

// ---------------------------------------------------------------------------
// Step 5: load

interface LoadFigures {
  name: string
  path: string
  requests: number
  requestsPerSecond: number
  latencyMs: { p50: number; p90: number; p99: number; max: number }
  errors: number
  timeouts: number
  non2xx: number
  statusCodes: Record<string, number>
  rateLimited: number
  bytesPerResponse: number
  cpu: CpuFigures
  /** Server CPU ms per request, by process and in all. */
  serverCpuMsPerRequest: number
  loadGeneratorCpuMsPerRequest: number
  /** Requests/s this machine could serve if nothing else ran: cores / (server + load generator CPU per request). */
  ceilingRequestsPerSecond: number
}

interface AutocannonResult {
  duration: number
  errors: number
  timeouts: number
  non2xx: number
  statusCodeStats: Record<string, { count: number }>
  latency: { p50: number; p90: number; p99: number; max: number }
  requests: { total: number }
  throughput: { total: number }
  loadGeneratorCpuMs: number
}

function loadTest(server: Server, name: string, path: string): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bench', 'load.mjs'), `${server.url}${path}`, String(OPTS.connections), String(OPTS.duration), String(OPTS.warmup)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let window: CpuWindow | null = null
    let result: (AutocannonResult & { cpu: CpuFigures }) | null = null
    let buffered = ''
    child.stdout!.setEncoding('utf8')
    child.stdout!.on('data', (chunk: string) => {
      buffered += chunk
      const parts = buffered.split('\n')
      buffered = parts.pop() ?? ''
      for (const line of parts) {
        if (line === 'warm') window = server.openWindow()
        else if (line.startsWith('{')) {
          const r = JSON.parse(line) as AutocannonResult
          result = { ...r, cpu: server.closeWindow(window ?? server.openWindow(), r.loadGeneratorCpuMs) }
        }
      }
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (!result) return reject(new Error(`the load generator for ${path} exited with ${code} and no result`))
      const r: AutocannonResult & { cpu: CpuFigures } = result
      const seconds = r.duration > 0 ? r.duration : OPTS.duration
      const n = Math.max(1, r.requests.total)
      const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]))
      const serverCpuMsPerRequest = r.cpu.serverMs / n
      const loadGeneratorCpuMsPerRequest = r.loadGeneratorCpuMs / n
      resolve({
        name,
        path,
        requests: r.requests.total,
        requestsPerSecond: r.requests.total / seconds,
        latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
        errors: r.errors,
        timeouts: r.timeouts,
        non2xx: r.non2xx,
        statusCodes,
        rateLimited: statusCodes['429'] ?? 0,
        bytesPerResponse: r.throughput.total / n,
        cpu: r.cpu,
        serverCpuMsPerRequest,
        loadGeneratorCpuMsPerRequest,
        ceilingRequestsPerSecond: (cpus().length * 1000) / (serverCpuMsPerRequest + loadGeneratorCpuMsPerRequest),
      })
    })
  })
}

// ---------------------------------------------------------------------------
// Step 6: storage

interface StorageFigures {
  sqliteBytes: number
  matches: { rows: number; avgMovesChars: number; avgFaultsChars: number; avgFlipsChars: number; avgTextBytes: number }
  jobResults: { rows: number; avgBytes: number; maxBytes: number }
  runs: { id: string; jobs: number; scheduleBytes: number }[]
  runBatches: number
  standings: { rows: number; avgBytes: number }
}

function d1Query(persistTo: string, sql: string): Record<string, number | string>[][] {
  const r = spawnSync(process.execPath, [wranglerBin, 'd1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--json', '--command', sql], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  })
  if (r.status !== 0) throw new Error(`wrangler d1 execute failed: ${r.stderr || r.stdout}`)
  return (JSON.parse(r.stdout) as { results: Record<string, number | string>[] }[]).map((x) => x.results)
}

function filesUnder(dir: string): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...filesUnder(p))
    else out.push(p)
  }
  return out
}

function storage(persistTo: string): StorageFigures {
  const [m, j, r, b, s] = d1Query(
    persistTo,
    [
      `SELECT count(*) AS rows, avg(length(a_moves) + length(b_moves)) AS moves, avg(length(faults)) AS faults, avg(length(flips)) AS flips,
         avg(length(run_id) + length(a_strategy_id) + length(b_strategy_id) + length(a_moves) + length(b_moves) + length(faults) + length(flips)
             + ifnull(length(a_opponent_view), 0) + ifnull(length(b_opponent_view), 0)) AS text FROM matches`,
      'SELECT count(*) AS rows, avg(length(result)) AS bytes, max(length(result)) AS max_bytes FROM job_results',
      'SELECT id, jobs_total AS jobs, length(jobs) AS schedule_bytes FROM runs ORDER BY created_at',
      'SELECT count(*) AS rows FROM run_batches',
      'SELECT count(*) AS rows, avg(length(standing)) AS bytes FROM standings',
    ].join(';\n'),
  ) as [Record<string, number>[], Record<string, number>[], Record<string, number | string>[], Record<string, number>[], Record<string, number>[]]
  const sqliteBytes = filesUnder(persistTo)
    .filter((f) => /\.sqlite(-wal|-shm)?$/.test(f) && f.includes('d1'))
    .reduce((n, f) => n + statSync(f).size, 0)
  return {
    sqliteBytes,
    matches: { rows: m[0]!.rows!, avgMovesChars: m[0]!.moves!, avgFaultsChars: m[0]!.faults!, avgFlipsChars: m[0]!.flips!, avgTextBytes: m[0]!.text! },
    jobResults: { rows: j[0]!.rows!, avgBytes: j[0]!.bytes!, maxBytes: j[0]!.max_bytes! },
    runs: r.map((x) => ({ id: String(x.id), jobs: Number(x.jobs), scheduleBytes: Number(x.schedule_bytes) })),
    runBatches: b[0]!.rows!,
    standings: { rows: s[0]!.rows!, avgBytes: s[0]!.bytes! },
  }
}

// ---------------------------------------------------------------------------
// Printing

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))]
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n')
}

const s = (ms: number) => `${round(ms / 1000, 1)} s`
const cpuBreakdown = (c: CpuFigures) =>
  Object.entries(c.byProcess)
    .filter(([, ms]) => ms > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([k, ms]) => `${k} ${s(ms)}`)
    .join(', ')

function printRun(r: RunFigures, replays: ReplayFigures[], probes: ProbeFigures[] = []): void {
  const played = r.matchesPlayed
  console.log(`\n## ${r.label}`)
  console.log(`run ${r.runId}: ${r.entrants} entrants, ${r.jobs} jobs (pairings), ${r.matchesRecorded} matches recorded${played === null ? '' : `, ${played} played by the sandbox (${r.matchesRecorded - played} reused)`}`)
  console.log(`wall time: ${s(r.serverWallMs)} created → finished (server clock); ${s(r.clientWallMs)} request → finished seen (polled every ${POLL_MS} ms, ${r.polls} polls)`)
  console.log(
    `queue: ${r.messages} messages in ${r.invocations} consumer invocations (${round(r.jobs / Math.max(1, r.messages), 2)} jobs a message); ` +
      `first invocation started ${s(r.firstDeliveryMs)} after the request`,
  )
  console.log(
    `  invocations: ${s(r.invocationMs.total)} in all; median ${r.invocationMs.median} ms, p90 ${r.invocationMs.p90} ms, max ${r.invocationMs.max} ms; ` +
      `first ${r.invocationMs.first} ms (cold sandbox), last ${r.invocationMs.last} ms (it finalized)`,
  )
  console.log(`  idle between invocations (delivery): ${s(r.gapMs.total)} in all; median ${round(r.gapMs.median)} ms, mean ${round(r.gapMs.mean)} ms, min ${round(r.gapMs.min)} ms, max ${round(r.gapMs.max)} ms a message (from log-line arrival times: each ± a few tens of ms, the sum holds)`)
  const accounted = r.firstDeliveryMs + r.invocationMs.total + r.gapMs.total
  const pct = (ms: number) => `${round((100 * ms) / accounted, 0)} %`
  console.log(
    `  request → finished ≈ first delivery ${s(r.firstDeliveryMs)} (${pct(r.firstDeliveryMs)}) + invocations ${s(r.invocationMs.total)} (${pct(r.invocationMs.total)}) + gaps ${s(r.gapMs.total)} (${pct(r.gapMs.total)}) = ${s(accounted)}` +
      ` (+ ${s(r.tailMs)} until a poll saw it); the local queue runs one invocation at a time`,
  )
  console.log(`CPU over the run: ${s(r.cpu.serverMs)} server (${cpuBreakdown(r.cpu)}); other processes kept ${round(r.cpu.otherCores, 2)} of ${cpus().length} cores busy`)
  const perCpuS = (n: number, ms: number) => round(n / (ms / 1000), 0)
  console.log(
    `consumer (workerd: worker+D1+queue, polls included): ${s(r.consumerCpuMs)} CPU → ${perCpuS(r.matchesRecorded, r.consumerCpuMs)} matches recorded per CPU-second` +
      `${played === null ? '' : `, ${perCpuS(played, r.consumerCpuMs)} played`}; ${round(r.consumerCpuMs / Math.max(1, r.messages))} ms CPU a message, ${round(r.consumerCpuMs / r.jobs, 2)} ms a job`,
  )
  for (const x of replays) {
    console.log(
      `sandbox alone, ${x.where}: ${x.played} played + ${x.reused} reused in ${s(x.wallMs)} wall, ${s(x.cpuMs)} CPU → ${perCpuS(x.played, x.cpuMs)} played (${perCpuS(x.played + x.reused, x.cpuMs)} recorded) matches per CPU-second` +
        `${x.sameStandings === undefined ? '' : x.sameStandings ? '; standings identical to the run' : '; STANDINGS DIFFER FROM THE RUN'}` +
        `${x.cpu ? `; other processes ${round(x.cpu.otherCores, 2)} cores` : ''}`,
    )
  }
  const inWorkerd = replays.find((x) => x.where.startsWith('workerd'))
  if (inWorkerd) {
    const overhead = r.consumerCpuMs - inWorkerd.cpuMs
    console.log(`  → queue + D1 + finalize + polls cost ${s(overhead)} CPU beyond the sandbox (${round((100 * overhead) / r.consumerCpuMs, 0)} % of the consumer's), ${round(overhead / Math.max(1, r.messages), 1)} ms a message`)
  }
  for (const p of probes) {
    const what = p.what === 'run' ? `reading the run's row (its stored schedule: ${round(p.bytes / 1024, 0)} KiB of JSON)` : `reading the entrants' sources (${round(p.bytes / 1024, 0)} KiB)`
    console.log(`  each batch, before it plays: ${what}: ${round(p.cpuMsEach, 1)} ms workerd CPU, ${round(p.wallMsEach, 1)} ms wall (mean of ${p.times}) → ${s(p.cpuMsEach * r.messages)} CPU over ${r.messages} messages`)
  }
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
  for (const r of rows) console.log(`  ${r.name}: server CPU per request by process: ${Object.entries(r.cpu.byProcess).filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1]).map(([k, ms]) => `${k} ${round(ms / Math.max(1, r.requests), 2)} ms`).join(', ')}; load generator ${round(r.loadGeneratorCpuMsPerRequest, 2)} ms`)
  console.log(`  ceiling req/s = ${cpus().length} cores / (server + load generator CPU per request): what this machine could serve with nothing else running`)
  for (const r of rows) {
    if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) {
      console.log(`  WARNING ${r.name}: ${r.non2xx} non-2xx responses (${JSON.stringify(r.statusCodes)}), ${r.errors} errors, ${r.timeouts} timeouts: these figures are not all successful requests`)
    }
    if (r.rateLimited > 0) console.log(`  WARNING ${r.name}: RATE LIMITED: ${r.rateLimited} responses were 429, so the figures measure the rate limiter, not the endpoint`)
  }
  const lb = rows.find((r) => r.path.startsWith('/api/leaderboard'))
  if (lb) {
    const ok = lb.requestsPerSecond >= TARGET.requestsPerSecond && lb.latencyMs.p99 <= TARGET.p99Ms && lb.non2xx === 0 && lb.errors === 0
    console.log(
      `leaderboard target (>= ${TARGET.requestsPerSecond} req/s, p99 <= ${TARGET.p99Ms} ms, all 2xx): ${ok ? 'MET' : 'NOT MET'} ` +
        `(${round(lb.requestsPerSecond, 0)} req/s, p99 ${lb.latencyMs.p99} ms${lb.non2xx ? `, ${lb.non2xx} non-2xx` : ''})`,
    )
  }
}

// ---------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const persistTo = mkdtempSync(join(tmpdir(), 'arena-bench-api-'))
  const port = OPTS.port || (await freePort())
  const load0 = loadavg()
  log(`state in ${persistTo}; starting scripts/start.mjs on port ${port}${OPTS.build ? '' : ' (--no-build)'}`)
  const server = new Server(port, persistTo)
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
    const startup = await server.ready()
    const phases = {
      migrationsMs: server.lineAt('start: applying D1 migrations'),
      seedMs: server.lineAt('start: seeding'),
      wranglerDevMs: server.lineAt('start: wrangler dev on'),
      readyLineMs: server.lineAt('Ready on'),
    }
    log(`ready after ${s(startup.readyMs)}`)

    // An account, its token, and the classics.
    const handle = `bench-${Date.now().toString(36)}`
    const account = await api<{ token: string }>(server, 'POST', '/api/accounts', { handle })
    const token = account.token
    const listed = await api<{ entries: { id: string }[] }>(server, 'GET', '/api/strategies?limit=100')
    const known = new Set(listed.entries.map((e) => e.id))
    const classics = CLASSICS.map((c) => c.id).filter((id) => known.has(id))
    if (classics.length !== CLASSICS.length) throw new Error(`only ${classics.length} of the ${CLASSICS.length} classics are on the server`)

    const tournament = (name: string) =>
      api<{ id: string }>(server, 'POST', '/api/tournaments', { name, rules: RUN_RULES, entry: 'invite', shareIdentities: false }, token).then((t) => t.id)

    // The demo run: all the classics.
    const demoTournament = await tournament(`bench: the ${classics.length} classics`)
    log(`run 1: the ${classics.length} classics, ${RUN_RULES.turns} turns × ${RUN_RULES.repetitions} repetitions`)
    const demo0 = now()
    const demo = await timeRun(server, `The demo run: all ${classics.length} classics, ${RUN_RULES.turns} turns × ${RUN_RULES.repetitions} repetitions (started by startRun, played by the queue consumer)`, demoTournament, async () => {
      const body: BenchRunRequest = { tournamentId: demoTournament, strategyIds: classics, seed: OPTS.seed }
      return (await api<BenchRunResponse>(server, 'POST', BENCH_RUNS_PATH, body, token)).runId
    })

    const demoSeenMs = now() - server.spawnedAt
    const demoStartedMs = demo0 - server.spawnedAt

    // The same through the public API, with as many entrants as it allows.
    let apiRun: RunFigures | null = null
    if (OPTS.apiRun) {
      const id = await tournament(`bench: ${API_RUN_ENTRANTS} classics through the API`)
      for (const strategyId of classics.slice(0, API_RUN_ENTRANTS)) await api(server, 'POST', `/api/tournaments/${id}/entries`, { strategyId }, token)
      log(`run 2: ${API_RUN_ENTRANTS} classics through the public API`)
      apiRun = await timeRun(server, `A run through the public API: ${API_RUN_ENTRANTS} classics (MAX_ENTRANTS), warm isolate`, id, async () => {
        return (await api<{ runId: string }>(server, 'POST', `/api/tournaments/${id}/runs`, { seed: OPTS.seed }, token)).runId
      })
    }

    log('the demo run played again inside one request (sandbox alone, in workerd)')
    const workerdReplay = await replayInWorkerd(server, demo.runId)
    demo.matchesPlayed = workerdReplay.played
    const probes = [await probe(server, demo.runId, 'run'), await probe(server, demo.runId, 'sources')]
    const writes = await api<BenchWritesResponse>(server, 'POST', BENCH_PROBE_PATH, { runId: demo.runId, what: 'writes', times: 1 } satisfies BenchProbeRequest)

    // Load.
    const loads: LoadFigures[] = []
    if (OPTS.load) {
      const matchId = `${demo.runId}-1-0`
      const endpoints: [string, string][] = [
        ['health (floor)', '/api/health'],
        ['leaderboard', '/api/leaderboard'],
        ['run (finished, 45)', `/api/runs/${demo.runId}`],
        ['match replay', `/api/matches/${matchId}`],
      ]
      for (const [name, path] of endpoints) {
        const res = await fetch(`${server.url}${path}`)
        await res.arrayBuffer()
        if (!res.ok) log(`WARNING: GET ${path} answers ${res.status} before the load test`)
        log(`load: ${name} (GET ${path})`)
        loads.push(await loadTest(server, name, path))
      }
    }

    log('stopping the server')
    await server.stop()
    stopped = true
    const store = storage(persistTo)

    log('the runs played again in this Node process (sandbox alone, in Node)')
    const demoNode = await replayInNode(demo.view)
    const apiNode = apiRun ? await replayInNode(apiRun.view) : null
    if (apiRun && apiNode) apiRun.matchesPlayed = apiNode.played

    const load1 = loadavg()
    const report = {
      machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavgBefore: load0, loadavgAfter: load1, node: process.version },
      options: OPTS,
      startup: { ...startup, ...phases, demoStartedMs, demoSeenMs },
      setupRateLimited,
      demo: { ...demo, view: undefined },
      demoReplays: [workerdReplay, demoNode],
      demoProbes: probes,
      d1RowsWritten: writes,
      apiRun: apiRun ? { ...apiRun, view: undefined } : null,
      apiRunReplays: apiNode ? [apiNode] : [],
      load: loads,
      storage: store,
    }
    if (OPTS.json) {
      console.log(JSON.stringify(report, null, 2))
    } else {
      console.log(`# bench:api — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${load0.map((x) => round(x, 2)).join(' ')} before, ${load1.map((x) => round(x, 2)).join(' ')} after`)
      console.log(
        `\nstart-up (scripts/start.mjs${OPTS.build ? '' : ' --no-build'}, fresh state): /api/health answered ${s(startup.readyMs)} after the spawn ` +
          `(migrations from ${s(phases.migrationsMs ?? 0)}, seed from ${s(phases.seedMs ?? 0)}, wrangler dev from ${s(phases.wranglerDevMs ?? 0)}, "Ready" at ${s(phases.readyLineMs ?? 0)}; first request ${round(startup.firstRequestMs, 0)} ms)`,
      )
      if (setupRateLimited > 0) console.log(`WARNING: ${setupRateLimited} responses 429 while setting up or polling (retried after Retry-After): a rate limit is in force, and the run timings include its waits`)
      printRun(demo, [workerdReplay, demoNode], probes)
      console.log(`demo from the spawn of start.mjs: ready at ${s(startup.readyMs)}, run requested at ${s(demoStartedMs)}, seen finished at ${s(demoSeenMs)} (the product wants the demo run finished ~90 s after npm start)`)
      if (apiRun) printRun(apiRun, apiNode ? [apiNode] : [])
      if (loads.length) printLoad(loads)
      console.log(`\n## Storage (local D1 after the runs)`)
      console.log(
        `matches: ${store.matches.rows} rows, ${round(store.matches.avgTextBytes, 0)} bytes of text each on average (moves ${round(store.matches.avgMovesChars, 0)}, faults ${round(store.matches.avgFaultsChars, 0)}, flips ${round(store.matches.avgFlipsChars, 0)}); ` +
          `job_results: ${store.jobResults.rows} rows, ${round(store.jobResults.avgBytes, 0)} bytes on average (max ${store.jobResults.maxBytes}); run_batches: ${store.runBatches} rows; standings: ${store.standings.rows} rows, ${round(store.standings.avgBytes, 0)} bytes on average`,
      )
      console.log(
        `D1's own counts (meta.rows_written, index entries included; copies of the demo run's rows): ${round(writes.matchRowsWritten / writes.matchRows, 2)} rows written per match, ` +
          `${round(writes.jobResultRowsWritten / writes.jobResultRows, 2)} per job result; the jobs_done recount each batch makes read ${writes.recountRowsRead} rows (every job result of the run) and wrote ${writes.recountRowsWritten}`,
      )
      console.log(
        `D1's own time (meta.duration; one database runs one statement at a time): ${round((1000 * writes.durationsMs.matches) / writes.matchRows, 0)} us per match row inserted, ` +
          `${round((1000 * writes.durationsMs.jobResults) / writes.jobResultRows, 0)} us per job result, ${round(writes.durationsMs.recount, 2)} ms for the recount (${writes.matchRows} + ${writes.jobResultRows} rows copied)`,
      )
      console.log(`schedules (runs.jobs): ${store.runs.map((r) => `${r.jobs} jobs → ${r.scheduleBytes} bytes (${round(r.scheduleBytes / r.jobs, 0)} a job)`).join('; ')}`)
      console.log(`SQLite files: ${round(store.sqliteBytes / 1024 / 1024, 2)} MiB in all (the classics, both runs, indexes) = ${round(store.sqliteBytes / Math.max(1, store.matches.rows), 0)} bytes per match recorded`)
    }
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

/**
 * A run on the local queue, timed: wall time (server clock, created →
 * finished, and as the client saw it by polling), the CPU of every server
 * process meanwhile, and each consumer invocation from wrangler's `QUEUE`
 * lines (how long it took and the idle gap before it, i.e. the local
 * queue's delivery latency), when the server's log level prints them.
 */
import { median } from '../../src/engine/stats'
import { api, type RunView } from './client'
import { OPTS, now, round, sleep } from './options'
import { WORKER_PROCESS, type CpuFigures } from './proc'
import type { Server } from './server'

export const POLL_MS = 250
const RUN_TIMEOUT_MS = 20 * 60_000
const RUNS_QUEUE = 'dilemma-arena-runs'

export interface InvocationFigures {
  messages: number
  invocations: number
  ms: { total: number; median: number; p90: number; max: number; first: number; last: number }
  /** Idle time of the local queue between the end of one invocation and the start of the next. */
  gapMs: { total: number; median: number; mean: number; min: number; max: number }
  /** Request sent → first invocation started. */
  firstDeliveryMs: number
  /** Last invocation ended (it finalized the run) → run seen finished. */
  tailMs: number
}

export interface RunFigures {
  runId: string
  entrants: number
  jobs: number
  matchesRecorded: number
  /** Played by the sandbox (the rest reused a deterministic pairing's first repetition); from the replay in Node. */
  matchesPlayed: number | null
  /** Created → finished, on the server's clock. */
  serverWallMs: number
  /** Request sent → finished seen by polling (every POLL_MS). */
  clientWallMs: number
  polls: number
  /** Null when the server printed no QUEUE lines (a log level above info). */
  queue: InvocationFigures | null
  cpu: CpuFigures
  consumerCpuMs: number
  view: RunView
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

const total = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0)

export async function timeRun(server: Server, label: string, tournamentId: string, start: () => Promise<string>): Promise<RunFigures> {
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
  const jobs = view.progress.total
  return {
    runId,
    entrants: view.players?.length ?? 0,
    jobs,
    matchesRecorded: jobs * view.repetitions,
    matchesPlayed: null,
    serverWallMs: Date.parse(view.finishedAt!) - Date.parse(view.createdAt),
    clientWallMs: tDone - t0,
    polls,
    queue: invocations(server, q0, t0, tDone),
    cpu,
    consumerCpuMs: cpu.byProcess[WORKER_PROCESS] ?? 0,
    view,
  }
}

/** The consumer invocations of the runs queue since line `q0`, from wrangler's QUEUE lines. */
function invocations(server: Server, q0: number, t0: number, tDone: number): InvocationFigures | null {
  const events = server.queueLines.slice(q0).filter((q) => q.queue === RUNS_QUEUE)
  if (events.length === 0) return null
  const durations = events.map((e) => e.ms)
  const sorted = [...durations].sort((a, b) => a - b)
  // Start of invocation i (its line's arrival minus its duration) minus the end of i - 1 (its line's
  // arrival). Lines reach us through wrangler's and start.mjs's output, so a single gap is off by up to
  // a few tens of ms (it can even come out negative); the sum over a run holds.
  const gaps: number[] = []
  for (let i = 1; i < events.length; i++) gaps.push(events[i]!.t - events[i]!.ms - events[i - 1]!.t)
  const sortedGaps = [...gaps].sort((a, b) => a - b)
  return {
    messages: total(events.map((e) => e.messages)),
    invocations: events.length,
    ms: { total: total(durations), median: median(durations), p90: quantile(sorted, 0.9), max: sorted[sorted.length - 1]!, first: durations[0]!, last: durations[durations.length - 1]! },
    gapMs: { total: total(gaps), median: median(gaps), mean: gaps.length ? total(gaps) / gaps.length : 0, min: sortedGaps[0] ?? 0, max: sortedGaps[sortedGaps.length - 1] ?? 0 },
    firstDeliveryMs: events[0]!.t - events[0]!.ms - t0,
    tailMs: tDone - events[events.length - 1]!.t,
  }
}

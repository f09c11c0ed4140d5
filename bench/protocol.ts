/**
 * What bench/worker.ts (the Worker as `npm run bench:api` serves it) and
 * bench/api.ts (the bench) agree on. A module of its own: a Worker's main
 * module may export only handlers.
 */

/** `POST` here starts a run of a tournament with any list of strategies (see bench/worker.ts). */
export const BENCH_RUNS_PATH = '/__bench/runs'

/** What `POST /__bench/runs` takes. */
export interface BenchRunRequest {
  /** A tournament (its rules, repetitions and shared identities are used; its entries are not). */
  tournamentId: string
  /** The players, in this order. */
  strategyIds: string[]
  seed?: number
}

/** What it answers (201). */
export interface BenchRunResponse {
  runId: string
  jobs: number
}

/** `POST` here plays a run's jobs again in the request (see bench/worker.ts). */
export const BENCH_PLAY_PATH = '/__bench/play'

export interface BenchPlayRequest {
  runId: string
}

export interface BenchPlayResponse {
  jobs: number
  matches: number
  /** Matches the sandbox played (the rest reused a deterministic pairing's first repetition). */
  played: number
  reused: number
}

/** `POST` here repeats one of the reads a consumed batch makes (see bench/worker.ts). */
export const BENCH_PROBE_PATH = '/__bench/probe'

export interface BenchProbeRequest {
  runId: string
  /**
   * `run`: read the run's row, stored schedule included; `sources`: read the
   * entrants' sources (`times` times each). `writes`: copy some of the run's
   * matches and job results, read D1's rows_written, delete the copies
   * (answers a BenchWritesResponse).
   */
  what: 'run' | 'sources' | 'writes'
  times: number
}

export interface BenchProbeResponse {
  times: number
  /** Characters read each time (the schedule's JSON, or the sources). */
  bytes: number
}

/** D1's meta counts (what it bills) for rows like a batch's (`what: 'writes'`). */
export interface BenchWritesResponse {
  matchRows: number
  matchRowsWritten: number
  jobResultRows: number
  jobResultRowsWritten: number
  /** The recount of the run's jobs_done every batch makes. */
  recountRowsRead: number
  recountRowsWritten: number
  /** meta.duration of the three statements: the database's own time, ms. */
  durationsMs: { matches: number; jobResults: number; recount: number }
}

/**
 * What the home page says about tournaments: which are playing now, which
 * play next (with the time of their next run), and the latest results with
 * their winners. The list endpoint has no run status, so the page reads a
 * handful of tournaments in full (their runs) and, for those with a finished
 * run, their leaderboard (the winner); a `latestRun` on each list entry
 * would spare these calls.
 */
import { api, ok } from '../api'
import type { RunSummary, TournamentSummary } from './types'

/** Tournaments read in full: the newest few (hosted by hand, maybe playing now) and the scheduled ones next to play. */
const NEWEST = 4
const DETAILED = 8
const SHOWN = 6

export interface Upcoming {
  /** The newest tournaments first, as listed. */
  newest: TournamentSummary[]
  /** Scheduled tournaments, the next to play first. */
  upcoming: TournamentSummary[]
}

export interface Runs {
  /** Tournaments whose latest run is queued or running. */
  running: { tournament: TournamentSummary; run: RunSummary }[]
  /** Latest finished runs, newest first (one per tournament), with their winner when known. */
  recent: { tournament: TournamentSummary; run: RunSummary; winner: { id: string; name: string } | null }[]
}

const time = (iso: string | null) => (iso ? Date.parse(iso) : 0)

/** The tournaments list: enough for what comes up next. */
export async function loadTournaments(): Promise<Upcoming> {
  const list = await ok(api.api.tournaments.$get({ query: { limit: '50' } }))
  const upcoming = list.entries.filter((t) => t.nextRunAt).sort((a, b) => time(a.nextRunAt) - time(b.nextRunAt))
  return { newest: list.entries, upcoming }
}

/** The runs of a handful of those tournaments: which play now, and the latest results with their winners. */
export async function loadRuns({ newest, upcoming }: Upcoming): Promise<Runs> {
  const picked = [...new Map([...newest.slice(0, NEWEST), ...upcoming].map((t) => [t.id, t])).values()].slice(0, DETAILED)
  const details = await settled(picked.map((t) => ok(api.api.tournaments[':id'].$get({ param: { id: t.id } }))))
  const running = details.flatMap((t) => {
    const run = t.runs[0]
    return run && (run.status === 'queued' || run.status === 'running') ? [{ tournament: t, run }] : []
  })
  const finished = details
    .flatMap((t) => {
      const run = t.runs.find((r) => r.status === 'finished')
      return run ? [{ tournament: t, run }] : []
    })
    .sort((a, b) => time(b.run.finishedAt) - time(a.run.finishedAt))
    .slice(0, SHOWN)
  const boards = await Promise.all(
    finished.map(({ tournament }) =>
      ok(api.api.tournaments[':id'].leaderboard.$get({ param: { id: tournament.id } })).catch(() => null),
    ),
  )
  const recent = finished.map((f, i) => {
    const board = boards[i]
    const top = board && board.runId === f.run.id ? board.entries[0] : undefined
    return { ...f, winner: top ? { id: top.strategyId, name: top.name } : null }
  })
  return { running, recent }
}

/** The calls that answered; one tournament that cannot be read leaves the others shown. */
async function settled<T>(calls: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(calls)
  return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
}

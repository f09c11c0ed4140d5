/**
 * A tournament at a glance: its rules in words and which game they make,
 * its schedule, a way to enter, the latest run's standings, heatmap,
 * cooperation and ecology, and its history. The parts are in
 * web/src/tournament/. The page follows the tournament live: while a run
 * plays it polls, and when the next scheduled run is due it looks again.
 */
import { useEffect } from 'preact/hooks'
import { ErrorNote, Loaded, Spinner, useLoad } from '../ui/load'
import { loadHistory, loadRun, loadTournament } from '../tournament/data'
import { EnterForm } from '../tournament/EnterForm'
import { LatestRun } from '../tournament/LatestRun'
import { PastRuns } from '../tournament/PastRuns'
import { RankHistory } from '../tournament/RankHistory'
import { RulesCard } from '../tournament/RulesCard'
import { ScheduleCard } from '../tournament/ScheduleCard'
import type { Tournament as T } from '../tournament/types'

/** Poll this often while a run plays. */
const POLL_MS = 3000
/** After the next slot, look again this much later: the scheduler starts the run within seconds. */
const AFTER_SLOT_MS = 5000

export default function Tournament({ id }: { id: string }) {
  const t = useLoad(() => loadTournament(id), [id])
  useFollow(t.data, t.reload)
  useEffect(() => {
    if (t.data) document.title = `${t.data.name} · Dilemma Arena`
  }, [t.data?.name])
  return (
    <article class="tournament">
      <Loaded load={t}>{(data) => <Body t={data} reload={t.reload} />}</Loaded>
    </article>
  )
}

/** Reload while a run plays, and when the next scheduled run is due. */
function useFollow(t: T | undefined, reload: () => void) {
  useEffect(() => {
    if (!t) return
    const active = t.runs.some((r) => r.status === 'queued' || r.status === 'running')
    const due = t.nextRunAt ? new Date(t.nextRunAt).getTime() - Date.now() + AFTER_SLOT_MS : null
    const wait = active ? POLL_MS : due !== null ? Math.max(POLL_MS, due) : null
    if (wait === null || wait > 2 ** 31 - 1) return
    const timer = setTimeout(reload, wait)
    return () => clearTimeout(timer)
  }, [t])
}

function Body({ t, reload }: { t: T; reload: () => void }) {
  // The history (and so the latest run) is fetched again only when a run has finished since.
  const lastFinished = t.runs.find((r) => r.status === 'finished')?.id ?? null
  const history = useLoad(() => loadHistory(t.id), [t.id, lastFinished])
  const latestId = history.data?.runs[0]?.id ?? null
  const run = useLoad(() => (latestId ? loadRun(latestId) : Promise.resolve(null)), [latestId])
  const playing = t.runs.find((r) => r.status === 'queued' || r.status === 'running')
  return (
    <>
      <header class="tournament-head">
        <h1>{t.name}</h1>
        <p class="muted">
          A tournament of the {t.game === 'commons' ? 'commons (many players share a renewable stock)' : "prisoner's dilemma (two players, cooperate or defect)"}.
        </p>
        {playing && (
          <p class="playing" role="status">
            <a href={`/runs/${playing.id}`}>A run is playing</a>: {playing.progress.done} of {playing.progress.total} {t.game === 'commons' ? 'groups' : 'pairings'} played.
          </p>
        )}
      </header>
      <RulesCard t={t} />
      <div class="tournament-grid">
        <ScheduleCard t={t} />
        <section class="card" aria-labelledby="enter-h">
          <h2 id="enter-h">Enter a strategy</h2>
          <EnterForm t={t} onChanged={reload} />
        </section>
      </div>
      {run.error ? (
        <ErrorNote error={run.error} />
      ) : run.data ? (
        <LatestRun run={run.data} />
      ) : history.data && history.data.runs.length === 0 ? (
        <section class="card">
          <h2>Standings</h2>
          <p class="muted">No run has finished yet{t.nextRunAt ? '; the schedule above says when the next one starts' : ''}. Standings, the heatmap and the charts appear here once one has.</p>
        </section>
      ) : (
        <Spinner label="Loading the latest run…" />
      )}
      <section class="card" aria-labelledby="history-h">
        <h2 id="history-h">History</h2>
        <h3>Runs</h3>
        <PastRuns runs={t.runs} history={history.data?.runs ?? []} />
        <h3>Ranks over the runs</h3>
        {history.error ? <ErrorNote error={history.error} /> : history.data ? <RankHistory history={history.data.runs} /> : <Spinner />}
      </section>
    </>
  )
}

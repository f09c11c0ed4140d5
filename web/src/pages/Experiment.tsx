/**
 * An experiment run on the platform: the same field under several rule
 * sets. While its runs play, the page asks the API again every moment and
 * shows the jobs played (no reload); once all have finished, the
 * side-by-side result (the engine's experiment document) as charts and
 * tables, with a link to each rule set's run.
 */
import { useEffect } from 'preact/hooks'
import { Progress } from '../experiment/Progress'
import { SideBySide } from '../experiment/SideBySide'
import { Standings } from '../experiment/Standings'
import { fetchExperiment, isLive } from '../experiment/types'
import { dateTime } from '../ui/format'
import { ErrorNote, Loaded, useLoad } from '../ui/load'

/** How often a running experiment is asked again: its runs move in batches of about this length. */
const POLL_MS = 1000

export default function Experiment({ id }: { id: string }) {
  const load = useLoad(() => fetchExperiment(id), [id])
  const live = load.data ? isLive(load.data.status) : false
  useEffect(() => {
    // Ask again while it plays; a failed request is retried too (the last good view stays), unless the experiment does not exist.
    if (load.loading || (!live && !(load.error && load.data)) || load.error?.status === 404) return
    const timer = setTimeout(load.reload, load.error ? POLL_MS * 3 : POLL_MS)
    return () => clearTimeout(timer)
  }, [load.loading, live, load.error])
  useEffect(() => {
    document.title = `Experiment ${id} · Dilemma Arena`
  }, [id])
  return (
    <div class="experiment">
      <Loaded load={load}>
        {(e) => (
          <>
            <h1>{e.runs.map((r) => r.name ?? `rule set ${r.ruleSet + 1}`).join(' vs ')}</h1>
            <p class="muted experiment-meta">
              An experiment by @{e.owner}, {dateTime(e.createdAt)}: {e.players.length} strategies,{' '}
              {e.repetitions} repetition{e.repetitions === 1 ? '' : 's'}, seed {e.seed}. <a href="/explorer">Try the rules yourself in the explorer</a>.
            </p>
            <p class="experiment-players">
              {e.players.map((p, k) => (
                <span key={p.id}>
                  {k > 0 && ', '}
                  <a href={`/strategies/${encodeURIComponent(p.id)}`}>{p.name}</a>
                </span>
              ))}
            </p>
            {load.error && <ErrorNote error={load.error} />}
            <Progress experiment={e} />
            {e.result && (
              <>
                <SideBySide result={e.result} runIds={e.runs.map((r) => r.runId)} />
                <Standings result={e.result} />
              </>
            )}
          </>
        )}
      </Loaded>
    </div>
  )
}

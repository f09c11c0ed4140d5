/** The latest finished runs, newest first: which tournament, who won, and a link to the full results. */
import { relative } from '../ui/format'
import type { Runs } from './overview'
import { GameTag } from './Tournaments'

export function RecentResults({ recent, now }: { recent: Runs['recent']; now: number }) {
  if (recent.length === 0) return <p class="muted">No run has finished yet: the first scheduled run starts within ten minutes of the platform starting.</p>
  return (
    <ul class="plain-list">
      {recent.map(({ tournament: t, run, winner }) => (
        <li key={run.id} class="recent-item" data-run={run.id}>
          <div class="row">
            <a href={`/tournaments/${t.id}`}>{t.name}</a>
            <GameTag game={t.game} />
            <span class="muted">finished {run.finishedAt ? relative(run.finishedAt, now) : ''}</span>
          </div>
          <div class="row">
            <span>
              Winner:{' '}
              {winner ? (
                <a class="winner" href={`/strategies/${winner.id}`}>
                  {winner.name}
                </a>
              ) : (
                <span class="muted">–</span>
              )}
            </span>
            <a href={`/runs/${run.id}`}>standings of the run</a>
          </div>
        </li>
      ))}
    </ul>
  )
}

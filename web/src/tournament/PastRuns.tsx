/** Every run of the tournament (newest first, up to 50): status, when, and the winner of each finished one. */
import { dateTime } from '../ui/format'
import type { HistoryRun } from './data'
import type { TournamentRun } from './types'

const STATUS: Record<TournamentRun['status'], string> = { queued: 'queued', running: 'playing', finished: 'finished', failed: 'failed' }

export function PastRuns({ runs, history }: { runs: readonly TournamentRun[]; history: readonly HistoryRun[] }) {
  const winners = new Map(history.map((h) => [h.id, h.standings[0]]))
  if (runs.length === 0) return <p class="muted">No run yet.</p>
  return (
    <div class="scroll-x">
      <table class="past-runs">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col" class="hide-phone">
              Finished
            </th>
            <th scope="col">Winner</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const w = winners.get(r.id)
            return (
              <tr key={r.id} data-run={r.id}>
                <td>
                  <a href={`/runs/${r.id}`} class="mono">
                    {r.id.slice(0, 8)}
                  </a>
                </td>
                <td>
                  <span class={`run-status status-${r.status}`}>{STATUS[r.status]}</span>
                  {(r.status === 'running' || r.status === 'queued') && r.progress.total > 0 && (
                    <span class="muted">
                      {' '}
                      {r.progress.done}/{r.progress.total}
                    </span>
                  )}
                </td>
                <td>{dateTime(r.createdAt)}</td>
                <td class="hide-phone">{dateTime(r.finishedAt)}</td>
                <td>{w ? <a href={`/strategies/${w.strategyId}`}>{w.name}</a> : <span class="muted">–</span>}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

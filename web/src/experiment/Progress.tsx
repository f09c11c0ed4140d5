/**
 * Where an experiment stands: its status, the jobs played of all its
 * runs, and each rule set's run (a link to follow it live on the run page).
 */
import { percent } from '../ui/format'
import type { ExperimentView } from './types'

const STATUS_WORDS: Record<ExperimentView['status'], string> = {
  queued: 'Queued: its runs wait for the queue',
  running: 'Playing',
  finished: 'Finished',
  failed: 'Failed',
}

export function Progress({ experiment }: { experiment: ExperimentView }) {
  const { done, total } = experiment.progress
  const live = experiment.status === 'queued' || experiment.status === 'running'
  return (
    <section class="card experiment-progress" aria-labelledby="progress-title">
      <h2 id="progress-title">
        <span class={`status status-${experiment.status}`} data-status={experiment.status} role="status" aria-live="polite">
          {STATUS_WORDS[experiment.status]}
        </span>
      </h2>
      {live && (
        <p class="progress-line">
          <progress max={Math.max(1, total)} value={done} aria-label="Jobs played" />
          <span data-progress={`${done}/${total}`}>
            {done} of {total || '?'} jobs played{total > 0 ? ` (${percent(done / total)})` : ''}
          </span>
        </p>
      )}
      {experiment.status === 'failed' && (
        <p class="error" role="alert">
          A rule set's run failed or never started, so there is no side-by-side result. Its run page says why.
        </p>
      )}
      <div class="scroll-x">
        <table class="experiment-runs">
          <caption>One run per rule set, all with seed {experiment.seed}</caption>
          <thead>
            <tr>
              <th scope="col">Rule set</th>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {experiment.runs.map((r) => (
              <tr key={r.ruleSet} data-rule-set={r.name ?? r.ruleSet}>
                <td>
                  <a href={`/tournaments/${encodeURIComponent(r.tournamentId)}`}>{r.name ?? `rule set ${r.ruleSet + 1}`}</a>
                </td>
                <td>{r.runId ? <a href={`/runs/${encodeURIComponent(r.runId)}`}>{r.runId}</a> : <span class="muted">never started</span>}</td>
                <td>
                  <span class={`status status-${r.status}`}>{r.status}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

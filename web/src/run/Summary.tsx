/** What run this is: its tournament, status, times and rules in a line or two. */
import { dateTime } from '../ui/format'
import type { RunView, TournamentInfo } from './types'

const STATUS: Record<RunView['status'], string> = { queued: 'Queued', running: 'Playing', finished: 'Finished', failed: 'Failed' }

export function RunSummary({ run, tournament }: { run: RunView; tournament: TournamentInfo | undefined }) {
  const seconds = run.startedAt && run.finishedAt ? (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000 : null
  return (
    <div class="run-summary">
      <p class="row">
        <span class={`run-status status-${run.status}`} role="status" aria-live="polite">
          {STATUS[run.status]}
        </span>
        <span>
          Tournament: <a href={`/tournaments/${run.tournamentId}`}>{tournament?.name ?? run.tournamentId}</a>
        </span>
      </p>
      <p class="muted run-times">
        Queued {dateTime(run.createdAt)}
        {run.startedAt && <> · started {dateTime(run.startedAt)}</>}
        {run.finishedAt && <> · finished {dateTime(run.finishedAt)}</>}
        {seconds !== null && <> ({seconds.toFixed(1)} s)</>}
      </p>
      <p class="muted">
        {rulesInWords(run.rules, run.repetitions, run.standings !== null && 'game' in run ? run.group : undefined)} · {run.entrants.length} entrants
      </p>
    </div>
  )
}

/** A line on the rules: payoffs or the commons' resource, length, noise, mechanisms. */
export function rulesInWords(rules: unknown, repetitions: number | undefined, group?: number): string {
  // The run's rules are stored as JSON: the dilemma's or the commons' rules (src/engine/rules.ts, commons/rules.ts).
  const r = (rules ?? {}) as {
    payoffs?: { R: number; S: number; T: number; P: number }
    turns?: number | null
    continuation?: number | null
    noise?: number
    referee?: { fine: number; detection: number } | null
    align?: number
    cheapTalk?: boolean
    capacity?: number
    regrowth?: number
    quota?: number | null
  }
  const parts: string[] = []
  if (r.payoffs) parts.push(`payoffs T ${r.payoffs.T}, R ${r.payoffs.R}, P ${r.payoffs.P}, S ${r.payoffs.S}`)
  if (r.capacity !== undefined) parts.push(`the commons${group ? ` in groups of ${group}` : ''}: capacity ${r.capacity}, regrowth ${r.regrowth}`)
  if (r.turns) parts.push(`${r.turns} rounds`)
  else if (r.continuation) parts.push(`another round with probability ${r.continuation}`)
  if (repetitions && repetitions > 1) parts.push(`× ${repetitions} repetitions`)
  if (r.noise) parts.push(`noise ${r.noise}`)
  if (r.referee) parts.push(`a referee (fine ${r.referee.fine}, detection ${r.referee.detection})`)
  if (r.quota) parts.push(`quota ${r.quota}`)
  if (r.align) parts.push(`aligned rewards ${r.align}`)
  if (r.cheapTalk) parts.push('cheap talk')
  return parts.join(', ')
}

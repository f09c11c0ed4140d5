/** Tournaments playing now (with their progress) and coming up (with a countdown to their next run). */
import { relative } from '../ui/format'
import { ProgressBar } from '../run/ProgressBar'
import type { Runs, Upcoming } from './overview'
import { scheduleInWords } from './schedule'

export function GameTag({ game }: { game: string }) {
  return <span class={`game-tag game-${game}`}>{game === 'commons' ? 'commons' : 'dilemma'}</span>
}

export function RunningNow({ running, next, now }: { running: Runs['running']; next: Upcoming['upcoming'][number] | undefined; now: number }) {
  if (running.length === 0) {
    return (
      <p class="muted">
        No tournament is playing right now.
        {next?.nextRunAt && Date.parse(next.nextRunAt) > now && (
          <>
            {' '}
            The next run, <a href={`/tournaments/${next.id}`}>{next.name}</a>, starts {relative(next.nextRunAt, now)}.
          </>
        )}
      </p>
    )
  }
  return (
    <ul class="plain-list">
      {running.map(({ tournament: t, run }) => (
        <li key={run.id} class="running-item" data-tournament={t.id}>
          <div class="row">
            <a href={`/tournaments/${t.id}`}>{t.name}</a>
            <GameTag game={t.game} />
            <span class="muted">{run.status === 'queued' ? 'queued' : 'playing'}</span>
            <a href={`/runs/${run.id}`}>watch the run</a>
          </div>
          <ProgressBar done={run.progress.done} total={run.progress.total} label={`Progress of ${t.name}`} />
        </li>
      ))}
    </ul>
  )
}

export function ComingUp({ upcoming, now }: { upcoming: Upcoming['upcoming']; now: number }) {
  if (upcoming.length === 0) return <p class="muted">No tournament has a schedule yet. <a href="/host">Host one</a> that plays every hour.</p>
  return (
    <ul class="plain-list">
      {upcoming.map((t) => {
        const at = t.nextRunAt!
        const due = Date.parse(at) <= now
        return (
          <li key={t.id} class="upcoming-item" data-tournament={t.id}>
            <div class="row">
              <a href={`/tournaments/${t.id}`}>{t.name}</a>
              <GameTag game={t.game} />
            </div>
            <div class="row muted">
              <span>{t.schedule ? scheduleInWords(t.schedule) : ''}</span>
              <span>
                next run{' '}
                <time class="countdown num" dateTime={at} title={new Date(at).toUTCString()}>
                  {due ? 'starting now…' : relative(at, now)}
                </time>
              </span>
            </div>
          </li>
        )
      })}
    </ul>
  )
}

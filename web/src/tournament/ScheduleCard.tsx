/** When the tournament plays (its schedule in words, the next run with a live countdown), who may enter, and who has. */
import { dateTime, relative } from '../ui/format'
import { cronWords } from './cron-words'
import { entryWords } from './rules-words'
import type { Tournament } from './types'
import { useNow } from './useNow'

export function ScheduleCard({ t }: { t: Tournament }) {
  const now = useNow()
  const words = t.schedule ? cronWords(t.schedule) : null
  const due = t.nextRunAt ? new Date(t.nextRunAt).getTime() : null
  return (
    <section class="card schedule-card" aria-labelledby="schedule-h">
      <h2 id="schedule-h">Schedule and entry</h2>
      {t.experiment ? (
        <p>
          This tournament plays rule set {t.experiment.ruleSet} of <a href={`/experiments/${t.experiment.id}`}>experiment {t.experiment.id}</a>: it runs once, with the experiment.
        </p>
      ) : t.schedule ? (
        <p class="schedule">
          Runs {words ?? 'on the schedule'} (cron <code>{t.schedule}</code>, UTC).{' '}
          {due !== null && (
            <span class="next-run">
              Next run <time dateTime={t.nextRunAt!}>{dateTime(t.nextRunAt)}</time>,{' '}
              <strong class="countdown" aria-live="off">
                {due > now ? relative(t.nextRunAt!, now) : 'starting now'}
              </strong>
              .
            </span>
          )}
        </p>
      ) : (
        <p class="schedule">No schedule: runs start when the host starts one.</p>
      )}
      <ul class="entry-policy">
        {entryWords(t).map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
      <details class="entrants">
        <summary>
          {t.entries.length} {t.entries.length === 1 ? 'strategy' : 'strategies'} entered
        </summary>
        <ul class="entrant-list">
          {t.entries.map((e) => (
            <li key={e.strategyId}>
              <a href={`/strategies/${e.strategyId}`}>{e.name}</a> <span class="muted">by {e.owner}</span>
            </li>
          ))}
        </ul>
      </details>
    </section>
  )
}

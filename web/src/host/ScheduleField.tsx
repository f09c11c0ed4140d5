/**
 * When the tournament runs by itself: never (only when the host starts a
 * run), or at the times a 5-field cron expression names, in UTC. The next
 * three times are worked out in the page by the platform's own reading of a
 * schedule (src/jobs/cron.ts, croner), so what is shown is what will run.
 * Croner is most of this page's code, so it loads once a schedule is typed.
 */
import { useEffect, useState } from 'preact/hooks'
import { dateTime, relative } from '../ui/format'
import { FieldError } from '../ui/load'
import { names } from './fields'
import type { SectionProps } from './LengthFields'

const PRESETS = [
  { cron: '', label: 'On demand' },
  { cron: '*/10 * * * *', label: 'Every 10 minutes' },
  { cron: '0 * * * *', label: 'Hourly' },
  { cron: '0 0 * * *', label: 'Daily (00:00 UTC)' },
] as const

type Cron = typeof import('../../../src/jobs/cron')
let cronModule: Promise<Cron> | null = null

/** The next `count` times `pattern` names after `now`, or why there are none. */
export function nextRuns({ checkSchedule, nextSlot, ScheduleError }: Cron, pattern: string, count = 3, now = new Date()): { times: Date[]; error: string | null } {
  try {
    const checked = checkSchedule(pattern)
    const times: Date[] = []
    let at = now
    while (times.length < count) {
      const next = nextSlot(checked, at)
      if (!next) break
      times.push(next)
      at = next
    }
    return { times, error: null }
  } catch (error) {
    if (error instanceof ScheduleError) return { times: [], error: error.message }
    throw error
  }
}

export function ScheduleField({ draft, set, problem }: SectionProps) {
  const pattern = draft.schedule.trim()
  const [cron, setCron] = useState<Cron | null>(null)
  useEffect(() => {
    if (pattern === '' || cron) return
    cronModule ??= import('../../../src/jobs/cron')
    cronModule.then(setCron, () => {
      cronModule = null // a failed chunk load: try again at the next change
    })
  }, [pattern === '', cron])
  const next = pattern === '' ? null : cron ? nextRuns(cron, pattern) : { times: [], error: null }
  return (
    <fieldset class="field" data-field="schedule">
      <legend>Schedule</legend>
      <div class="row" role="group" aria-label="Schedule presets">
        {PRESETS.map((p) => (
          <button type="button" class="secondary" aria-pressed={pattern === p.cron} onClick={() => set({ schedule: p.cron })} key={p.label}>
            {p.label}
          </button>
        ))}
      </div>
      <label>
        Cron expression (UTC)
        <input
          type="text"
          name="schedule"
          class="mono"
          value={draft.schedule}
          placeholder="empty: runs only when you start one"
          spellcheck={false}
          autoComplete="off"
          aria-invalid={names(problem, 'schedule') || !!next?.error}
          onInput={(e) => set({ schedule: (e.currentTarget as HTMLInputElement).value })}
        />
        <span class="hint">minute hour day-of-month month day-of-week, e.g. 30 18 * * 1-5 (weekdays at 18:30 UTC)</span>
      </label>
      <FieldError error={problem} field="schedule" />
      <div class="host-next-runs" aria-live="polite">
        {next === null ? (
          <p class="muted">No schedule: it runs when you press “Run now” (after creating it).</p>
        ) : next.error ? (
          <p class="error">Not a schedule yet: {next.error}</p>
        ) : next.times.length === 0 ? (
          <p class="muted">Working out the next runs…</p>
        ) : (
          <>
            <p>Next runs:</p>
            <ol class="host-times">
              {next.times.map((t) => (
                <li key={t.getTime()}>
                  <time dateTime={t.toISOString()}>{dateTime(t.toISOString())}</time> <span class="muted">({relative(t.toISOString())})</span>
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
    </fieldset>
  )
}

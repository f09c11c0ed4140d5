/**
 * Tournament schedules: standard 5-field cron expressions, read in UTC, with
 * croner. A slot is one time the expression names; the scheduled handler
 * plays the latest slot that has come, once.
 */
import { Cron } from 'croner'

/** A schedule that croner cannot read, with its reason. */
export class ScheduleError extends Error {
  override name = 'ScheduleError'
}

function cron(pattern: string): Cron {
  try {
    return new Cron(pattern, { timezone: 'UTC', mode: '5-part', paused: true })
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error)
    throw new ScheduleError(`not a 5-field cron expression (minute hour day-of-month month day-of-week, in UTC): ${reason}`)
  }
}

/** Check a schedule; throws ScheduleError. Returns it trimmed. */
export function checkSchedule(pattern: string): string {
  const trimmed = pattern.trim()
  const c = cron(trimmed)
  if (c.nextRun(new Date()) === null) throw new ScheduleError('this cron expression never fires')
  return trimmed
}

/** The next slot strictly after `now`, or null if there is none. */
export function nextSlot(pattern: string, now: Date): Date | null {
  return cron(pattern).nextRun(now)
}

/** The latest slot at or before `now`, or null if there is none. */
export function latestSlot(pattern: string, now: Date): Date | null {
  return cron(pattern).previousRuns(1, new Date(now.getTime() + 1))[0] ?? null
}

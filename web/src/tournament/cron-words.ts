/**
 * A schedule's cron expression in words, for the shapes hosts actually
 * write ("every 10 minutes", "every day at 06:30 UTC"); anything else is
 * shown as the expression itself, which the page always shows beside it.
 * Times are UTC: the platform reads schedules in UTC (src/jobs/cron.ts).
 */

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

const int = (field: string, min: number, max: number): number | null => {
  if (!/^\d{1,2}$/.test(field)) return null
  const n = Number(field)
  return n >= min && n <= max ? n : null
}
const step = (field: string): number | null => {
  const m = /^\*\/(\d{1,2})$/.exec(field)
  return m ? Number(m[1]) : null
}
const two = (n: number) => String(n).padStart(2, '0')
const plural = (n: number, unit: string) => (n === 1 ? `every ${unit}` : `every ${n} ${unit}s`)

/** Days of the week "1-5", "0,6", "3" (0 or 7 is Sunday) in words, or null. */
function daysWords(field: string): string | null {
  if (field === '1-5') return 'on weekdays'
  const list = field.split(',').map((d) => int(d, 0, 7))
  if (list.some((d) => d === null)) return null
  const names = list.map((d) => DAYS[d! % 7]!)
  return 'on ' + (names.length === 1 ? names[0] : names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1])
}

/** "every 10 minutes", "every hour at :05", "every day at 06:30 UTC"...; null when the expression is not one of these shapes. */
export function cronWords(expression: string): string | null {
  const f = expression.trim().split(/\s+/)
  if (f.length !== 5) return null
  const [min, hour, dom, month, dow] = f as [string, string, string, string, string]
  if (month !== '*') return null
  const everyDay = dom === '*' && dow === '*'
  if (everyDay && hour === '*') {
    if (min === '*') return 'every minute'
    const s = step(min)
    if (s) return plural(s, 'minute')
    const m = int(min, 0, 59)
    if (m !== null) return m === 0 ? 'every hour, on the hour' : `every hour at minute ${m}`
    return null
  }
  const m = int(min, 0, 59)
  if (m === null) return null
  const hs = step(hour)
  if (everyDay && hs) return `${plural(hs, 'hour')}, at minute ${m} (UTC hours divisible by ${hs})`
  const h = int(hour, 0, 23)
  if (h === null) return null
  const at = `at ${two(h)}:${two(m)} UTC`
  if (everyDay) return `every day ${at}`
  if (dom === '*') {
    const days = daysWords(dow)
    return days ? `${days} ${at}` : null
  }
  const d = int(dom, 1, 31)
  if (d !== null && dow === '*') return `on day ${d} of every month ${at}`
  return null
}

/**
 * A tournament's schedule (a 5-field cron expression in UTC) in words, for
 * the shapes hosts use most; anything else is shown as the expression.
 */
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

const two = (n: string) => n.padStart(2, '0')
const isNum = (s: string) => /^\d+$/.test(s)

export function scheduleInWords(cron: string): string {
  const f = cron.trim().split(/\s+/)
  if (f.length !== 5) return cron
  const [min, hour, dom, mon, dow] = f as [string, string, string, string, string]
  const everyDay = dom === '*' && mon === '*'
  const step = /^\*\/(\d+)$/
  if (everyDay && dow === '*' && hour === '*') {
    if (min === '*') return 'every minute'
    const m = step.exec(min)
    if (m) return m[1] === '1' ? 'every minute' : `every ${m[1]} minutes`
    if (isNum(min)) return `every hour at :${two(min)}`
  }
  if (everyDay && dow === '*' && isNum(min)) {
    const h = step.exec(hour)
    if (h) return `every ${h[1]} hours at :${two(min)}`
    if (isNum(hour)) return `daily at ${two(hour)}:${two(min)} UTC`
  }
  if (everyDay && isNum(dow) && isNum(hour) && isNum(min) && Number(dow) <= 7) return `${DAYS[Number(dow) % 7]}s at ${two(hour)}:${two(min)} UTC`
  return cron
}

/** Number and time formatting shared by the pages. */

export function fixed(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits)
}

export function percent(x: number | null | undefined, digits = 0): string {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : `${(x * 100).toFixed(digits)}%`
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '–'
  const d = new Date(iso)
  return d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC'
}

/** "in 4 min 12 s", "2 h 3 min ago", to the second under an hour. */
export function relative(iso: string, now: number = Date.now()): string {
  const ms = new Date(iso).getTime() - now
  const s = Math.round(Math.abs(ms) / 1000)
  const text =
    s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s` : s < 86400 ? `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min` : `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`
  return ms >= 0 ? `in ${text}` : `${text} ago`
}

/**
 * Permalinks to a round of a replay: the URL hash `#round=N`.
 *
 * Convention: N counts from 1, as the pages show rounds to a visitor
 * (`#round=1` is the first round). Inside, the pages index rounds from 0, as
 * the API and the engine do (flips, fines and faults name rounds from 0), so
 * these two functions are the only place the two meet.
 */

/** The round index (from 0) a hash names, clamped to the replay; null when it names none. */
export function roundFromHash(hash: string, count: number): number | null {
  const m = /^#(?:.*&)?round=(\d{1,9})(?:&|$)/.exec(hash)
  if (!m || count < 1) return null
  return Math.min(count - 1, Math.max(0, Number(m[1]) - 1))
}

/** The hash for a round index (from 0). */
export function hashOfRound(index: number): string {
  return `#round=${index + 1}`
}

/** The page's address at a round. */
export function urlOfRound(index: number): string {
  return location.origin + location.pathname + location.search + hashOfRound(index)
}

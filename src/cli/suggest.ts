/**
 * "Did you mean ...?" for mistyped commands, flags and built-in names: the
 * closest candidate by edit distance, if it is close enough to be a typo.
 */

/** Levenshtein distance (insertions, deletions, substitutions each cost 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      row.push(Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost))
    }
    prev = row
  }
  return prev[b.length] as number
}

/**
 * The candidate nearest to `input` (case-insensitive), or null when none is
 * plausibly a typo: at most a third of the input's length away (at least 2).
 * A candidate that starts with the input also counts ("tit" → "tit-for-tat").
 */
export function closest(input: string, candidates: readonly string[]): string | null {
  const needle = input.toLowerCase()
  if (needle === '') return null
  let best: string | null = null
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const d = editDistance(needle, candidate.toLowerCase())
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  if (best !== null && bestDistance <= Math.max(2, Math.floor(needle.length / 3))) return best
  if (needle.length >= 3) {
    const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(needle))
    if (prefixed.length > 0) return prefixed[0] as string
  }
  return null
}

/** " (did you mean "x"?)" or "". */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const match = closest(input, candidates)
  return match === null ? '' : ` (did you mean "${match}"?)`
}

/**
 * Summary statistics shared by the tournament's ranking and the benchmark.
 * The order of operations is fixed (sums left to right, the median of a
 * sorted copy), because a ranking's JSON must be byte-identical everywhere.
 */

export function sum(values: readonly number[]): number {
  let s = 0
  for (const v of values) s += v
  return s
}

/** The middle value; for an even count, the mean of the middle two. */
export function median(values: readonly number[]): number {
  const sorted = values.slice().sort((a, b) => a - b)
  const mid = sorted.length >> 1
  if (sorted.length % 2 === 1) return sorted[mid] as number
  return ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

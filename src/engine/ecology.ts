/**
 * Axelrod's ecological analysis: discrete-time replicator dynamics on a
 * tournament's payoff matrix (mean score per turn of row vs column), as in
 * Axelrod-Python's Ecosystem but deterministic (no sampling around the mean).
 *
 *   fitness_i = Σ_j share_j · (payoff[i][j] + shift)
 *   share_i'  = share_i · fitness_i / Σ_k share_k · fitness_k
 *
 * shift makes every fitness non-negative: it is 0 when no payoff is negative
 * (the usual case, and then this is exactly Axelrod's rule), otherwise minus
 * the smallest payoff, so the worst entry becomes 0. Shifting changes the
 * speed of the dynamics but not which strategies grow: with payoffs ≥ 0 a
 * strategy grows exactly when its fitness is above the population mean.
 *
 * The run stops early when the population is stable: when no share changes
 * by more than `tolerance` (default 1e-12) in one generation. It also stops
 * when the mean fitness is 0 (every surviving strategy scores 0 against the
 * population, so there is nothing to select on).
 */

export interface EcologyOptions {
  /** Maximum number of generations to run (the result has at most generations + 1 rows). */
  generations: number
  /** Initial population, one non-negative number per strategy (normalised to sum to 1); equal shares when omitted. */
  initial?: readonly number[]
  /** Stop when the largest change of any share in one generation is at most this; default 1e-12. */
  tolerance?: number
}

export interface EcologyResult {
  /** shares[g][i]: the share of strategy i in generation g; shares[0] is the (normalised) initial population. */
  shares: number[][]
  /** Generations actually run (shares.length - 1). */
  generations: number
  /** True when the run stopped because the population stopped changing (or the mean fitness was 0). */
  stable: boolean
  /** The constant added to every payoff (0 unless some payoff is negative). */
  shift: number
}

export const DEFAULT_ECOLOGY_TOLERANCE = 1e-12

/** Run replicator dynamics on a square payoff matrix (matrix[i][j]: payoff to i against j). */
export function ecology(matrix: readonly (readonly number[])[], options: EcologyOptions): EcologyResult {
  const n = matrix.length
  if (n === 0) throw new RangeError('ecology needs at least one strategy')
  let min = Infinity
  for (let i = 0; i < n; i++) {
    const row = matrix[i] as readonly number[]
    if (!Array.isArray(row) || row.length !== n) {
      throw new RangeError(`payoff matrix must be square: row ${i} has ${row?.length ?? 0} entries, expected ${n}`)
    }
    for (let j = 0; j < n; j++) {
      const v = row[j] as number
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new RangeError(`payoff matrix entry [${i}][${j}] must be a finite number`)
      }
      if (v < min) min = v
    }
  }
  const generations = options.generations
  if (!Number.isInteger(generations) || generations < 0) {
    throw new RangeError('generations must be a whole number ≥ 0')
  }
  const tolerance = options.tolerance ?? DEFAULT_ECOLOGY_TOLERANCE
  if (!(tolerance >= 0)) throw new RangeError('tolerance must be ≥ 0')

  let shares: number[]
  if (options.initial) {
    const init = options.initial
    if (init.length !== n) throw new RangeError(`initial population has ${init.length} entries, expected ${n}`)
    let total = 0
    for (const v of init) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new RangeError('initial population entries must be finite and non-negative')
      }
      total += v
    }
    if (!(total > 0)) throw new RangeError('initial population must not be all zero')
    shares = init.map((v) => v / total)
  } else {
    shares = new Array<number>(n).fill(1 / n)
  }

  const shift = min < 0 ? -min : 0
  const history: number[][] = [shares]
  let stable = false
  for (let g = 0; g < generations; g++) {
    const fitness = new Array<number>(n)
    let mean = 0
    for (let i = 0; i < n; i++) {
      const row = matrix[i] as readonly number[]
      let f = 0
      for (let j = 0; j < n; j++) f += (shares[j] as number) * ((row[j] as number) + shift)
      fitness[i] = f
      mean += (shares[i] as number) * f
    }
    if (!(mean > 0)) {
      stable = true
      break
    }
    const next = new Array<number>(n)
    let change = 0
    for (let i = 0; i < n; i++) {
      const v = ((shares[i] as number) * (fitness[i] as number)) / mean
      next[i] = v
      const d = v > (shares[i] as number) ? v - (shares[i] as number) : (shares[i] as number) - v
      if (d > change) change = d
    }
    history.push(next)
    shares = next
    if (change <= tolerance) {
      stable = true
      break
    }
  }
  return { shares: history, generations: history.length - 1, stable, shift }
}

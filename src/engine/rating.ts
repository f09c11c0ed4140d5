/**
 * Ratings from a tournament's order. A tournament ranks its strategies by
 * median score (as Axelrod-Python does), and that order is what a rating should learn from: head-to-head
 * wins are the wrong signal here (Tit for Tat never wins a match, yet it wins
 * tournaments). So each run is one many-player game, rated with openskill's
 * Plackett-Luce model, one player a team, equal scores tied.
 *
 * `tau` (the uncertainty added before each update) is near zero: a strategy
 * version is code and does not drift, so its uncertainty should only shrink
 * with evidence. It is not zero, so a strategy whose field changes around it
 * can still move.
 */
import { ordinal, rate, rating } from 'openskill'

export const RATING_TAU = 0.01
/** openskill's defaults, written out because the platform shows them for unrated strategies. */
export const DEFAULT_MU = 25
export const DEFAULT_SIGMA = 25 / 3

export interface Rating {
  mu: number
  sigma: number
}

export interface RatedPlayer extends Rating {
  id: string
  /** 1 for the best; tied players share a rank. */
  rank: number
  /** mu − 3 sigma: a conservative estimate, what leaderboards order by. */
  ordinal: number
}

export interface OrderEntry {
  id: string
  /** Higher is better: what the tournament ranks by (its median score per turn); equal scores tie. */
  score: number
  /** Its rating before this game; null for a first game. */
  prior: Rating | null
}

export function defaultRating(): Rating {
  return { mu: DEFAULT_MU, sigma: DEFAULT_SIGMA }
}

export function ordinalOf(r: Rating): number {
  return ordinal(r)
}

/**
 * New ratings after one game whose result is `entries`' scores. Returns the
 * players best first (ties in input order). Needs at least two players.
 */
export function rateOrder(entries: readonly OrderEntry[]): RatedPlayer[] {
  if (entries.length < 2) throw new RangeError('a rated game needs at least 2 players')
  const sorted = [...entries].sort((x, y) => y.score - x.score)
  const ranks: number[] = []
  sorted.forEach((e, i) => ranks.push(i > 0 && e.score === sorted[i - 1]!.score ? ranks[i - 1]! : i + 1))
  const teams = sorted.map((e) => [rating(e.prior ?? defaultRating())])
  const rated = rate(teams, { rank: ranks, tau: RATING_TAU })
  return sorted.map((e, i) => {
    const r = rated[i]![0]!
    return { id: e.id, rank: ranks[i]!, mu: r.mu, sigma: r.sigma, ordinal: ordinalOf(r) }
  })
}

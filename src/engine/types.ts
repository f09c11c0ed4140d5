/**
 * The public data shapes of the engine. Everything here is plain JSON so a
 * result can be stored, sent over HTTP and compared byte for byte.
 */

/**
 * The arena's games: the two-player prisoner's dilemma and the many-player
 * commons. A strategy module declares the ones it plays with `export const
 * games = [...]`; without it, it plays the dilemma.
 */
export type Game = 'dilemma' | 'commons'

/** A move: C = cooperate, D = defect. */
export type Move = 'C' | 'D'

/** The payoff matrix, named as in Axelrod's work: Reward, Sucker, Temptation, Punishment. */
export interface Payoffs {
  R: number
  S: number
  T: number
  P: number
}

/** The rules a strategy sees as `view.rules`. */
export interface Rules {
  payoffs: Payoffs
  /** Number of rounds, or null when the length is uncertain (continuation probability). */
  turns: number | null
  /** Probability of another round after each round, or null for a fixed length. */
  continuation: number | null
  /** Probability that each intended move is flipped. */
  noise: number
  /** A referee that fines detected defections (see mechanisms.ts), or null. */
  referee: Referee | null
  /** Aligned rewards a in [0, 1]: each player receives (1 − a) × its own payoff + a × the mean of both. */
  align: number
  /** Cheap talk: before each round each strategy may announce a move (`announce(view)`); nothing binds it. */
  cheapTalk: boolean
}

/**
 * A referee: each defection (as played, after noise) is detected with
 * probability `detection` and fined `fine`. `destroyed`: the fine is lost;
 * `shared`: it goes to the other player.
 */
export interface Referee {
  fine: number
  detection: number
  fines: 'destroyed' | 'shared'
}

/**
 * What a strategy learns about its opponent when the tournament shares
 * identities (`view.opponent`; null otherwise). The engine passes it through
 * frozen and never reads it; the platform fills `reputation` and `history`
 * as `OpponentReputation` and `OpponentHistory`, from the store as it was
 * when the run started, so every match stays replayable.
 */
export interface OpponentInfo {
  id: string
  name: string
  reputation: unknown
  /**
   * This player's own record against the opponent in earlier runs. A
   * schedule always sets it (EMPTY_HISTORY when there is none, see
   * opponent-view.ts); absent only when a caller of playMatch gives none.
   */
  history?: unknown
}

/** The platform's `view.opponent.reputation`: the opponent's record over every earlier run of this game. */
export interface OpponentReputation {
  /** Its openskill rating; the default (mu 25, sigma 25/3) before its first rated run. */
  rating: { mu: number; sigma: number }
  /** Fractions in [0, 1], or null with nothing to measure yet. */
  cooperationRate: number | null
  nice: number | null
  retaliating: number | null
  forgiving: number | null
  /** Matches it has played (self-play left out). */
  matches: number
}

/** The platform's `view.opponent.history`: this player's own matches against that opponent in earlier runs. */
export interface OpponentHistory {
  matches: number
  /** Fractions of rounds, or null before the first match. */
  myCooperation: number | null
  theirCooperation: number | null
  /** The last rounds (at most 10) of the most recent of those matches: `{ my: ['C', 'D'], their: ['D', 'D'] }`. */
  lastMoves: { my: Move[]; their: Move[] }
}

export type FaultKind =
  /** The move function (or module set-up) threw. */
  | 'throw'
  /** The move function returned something other than the string 'C' or 'D'. */
  | 'invalid-move'
  /** The step budget for one move was exhausted. */
  | 'move-budget'
  /** The step budget for the whole match was exhausted: the strategy plays D for the rest of the match. */
  | 'match-budget'
  /** Module set-up (top-level code) exhausted its step budget. */
  | 'setup-budget'
  /** The memory limit was reached: the strategy plays D for the rest of the match. */
  | 'memory'
  /** The module could not be loaded (no default-exported function, top-level throw...). */
  | 'setup'
  /**
   * Work inside built-in functions (copying, sorting, big-number maths...)
   * exceeded the CPU budget of a move or of the match: the strategy's sandbox
   * is discarded and it plays D for the rest of the match.
   */
  | 'cpu-budget'
  /**
   * Recursion inside a built-in (parsing deeply nested JSON or source,
   * stringifying a deeply nested structure...) went too deep: the strategy's
   * sandbox is discarded and it plays D for the rest of the match.
   */
  | 'stack'
  /** The sandbox itself failed while running this strategy (it was restarted); the strategy plays D from then on. */
  | 'crash'

/** A recorded fault. `round` is the round index (from 0), or -1 for module set-up. */
export interface Fault {
  kind: FaultKind
  round: number
  message: string
}

/** A strategy's source and identity, as the engine needs it. */
export interface StrategySource {
  /** Stable identifier (a built-in name, a file path, a database id). */
  id: string
  /** Display name. */
  name: string
  /** The JavaScript module source. */
  source: string
}

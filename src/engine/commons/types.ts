/**
 * The commons: N players (2 to 16) share a renewable stock. The shapes here
 * are the seam between the engine (pure game logic, game.ts) and whatever
 * executes strategies (the sandbox's group runner), as match-runner.ts is
 * for the two-player dilemma. docs/games.md gives the formulas.
 *
 * What a strategy sees (`view`, frozen, in every round):
 *   view.game        'commons'
 *   view.round       round index from 0
 *   view.stock       the stock at the start of this round
 *   view.capacity    rules.capacity (served without congestion per round)
 *   view.players     N
 *   view.seat        this player's seat, 0..N-1
 *   view.sustainableShare  the restrained request (docs/games.md)
 *   view.my          { requests: number[], receipts: number[] } (past rounds, requests after the quota)
 *   view.others      [{ seat, requests: number[], identity }] every other seat in seat order;
 *                    identity is OpponentInfo when identities are shared, else null
 *   view.myScore     sum of my receipts so far (mechanisms applied)
 *   view.rules       CommonsRules
 *   view.announcements  with cheap talk: { my: number | null, others: (number | null)[] } (this
 *                    round's announced amounts, others in the order of view.others; null while
 *                    announce(view) runs, before anyone has announced); else null
 *   view.random()    the seat's random stream (also Math.random)
 * The default export returns a number from 0 to rules.maxRequest. Anything
 * else is a fault, and a fault plays the greediest request (maxRequest), as
 * a fault plays D in the dilemma. With cheap talk, `announce(view)` may
 * return an amount before each round; nothing binds it.
 */
import type { Fault, OpponentInfo, Referee, StrategySource } from '../types'

export interface CommonsRules {
  /** Total served per round without congestion; demand beyond it is served less (congestion). */
  capacity: number
  /** The most the stock can hold (regrowth stops there). */
  maxStock: number
  /** The stock at round 0. */
  initialStock: number
  /** Logistic regrowth rate g: what is left grows by g × left × (1 − left / maxStock). */
  regrowth: number
  /** A stock left below this after a round collapses to 0 for good. */
  collapseBelow: number
  /** The largest request a player may make (a fault plays it). */
  maxRequest: number
  /** Number of rounds, or null with a continuation probability. */
  turns: number | null
  continuation: number | null
  /** A referee: a request above the sustainable share is a defection, detected with probability p and fined. */
  referee: Referee | null
  /** A hard quota: requests above it are cut to it; null for none. */
  quota: number | null
  /** Aligned rewards a: each receives (1 − a) × its own payoff + a × the group's mean. */
  align: number
  /** Cheap talk: announce(view) returns an amount before each round; nothing binds it. */
  cheapTalk: boolean
}

/** What happened in one round, as the engine resolves it (game.ts). */
export interface RoundOutcome {
  /** Requests after the quota, per seat. */
  requests: number[]
  /** What each seat received, mechanisms applied. */
  receipts: number[]
  /** Seats the referee fined this round. */
  fined: boolean[]
  /** The stock at the start of the next round (after harvest, collapse and regrowth). */
  stock: number
}

/** Resolves one round: requests as made (before the quota) in, outcome out. Pure and deterministic. */
export type ResolveRound = (round: number, requests: readonly number[]) => RoundOutcome

/** A fully determined group, as handed to a runner. */
export interface GroupSetup {
  rules: CommonsRules
  /** Rounds to play (drawn by the engine with a continuation probability). */
  rounds: number
  /** The stock at round 0. */
  stock: number
  /** The restrained request for this group size (view.sustainableShare). */
  sustainableShare: number
  /** Per seat seed for view.random(). */
  seeds: number[]
  /**
   * Per seat: what it sees as the identity of every other seat (in
   * view.others order; null for an anonymous seat), or null without shared
   * identities.
   */
  identities: ((OpponentInfo | null)[] | null)[]
}

/** What one seat did in a group. */
export interface PlayedSeat {
  /** Requests as made (before the quota), one a round; a fault's round holds maxRequest. */
  requests: number[]
  /** With cheap talk, the amount announced each round (null for none); else absent. */
  announcements?: (number | null)[]
  faults: Fault[]
  faultCount: number
  usedRandom: boolean
}

export interface GroupRunner {
  /** Play every round: ask each seat for its request, then call resolve(round, requests) before the next round. */
  playGroup(sources: readonly StrategySource[], setup: GroupSetup, resolve: ResolveRound): Promise<PlayedSeat[]>
}

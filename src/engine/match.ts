/**
 * One match between two strategies: the engine draws the length and the
 * noise from the match seed, a runner plays the moves, and the engine scores
 * them. Pure logic, no I/O: the runner is the only way out.
 */
import { deriveSeed, mulberry32 } from './prng'
import { MAX_TURNS, makeRules } from './rules'
import type { MatchRunner, MatchSetup, PlayedSide } from './match-runner'
import type { Fault, Move, OpponentInfo, Payoffs, Rules, StrategySource } from './types'

/** The result of one match, plain JSON with a stable key order. Index 0 is player A, 1 is player B. */
export interface MatchResult {
  players: [string, string]
  /** The match seed: replaying with it gives the same moves. */
  seed: number
  rules: Rules
  /** Rounds actually played. */
  turns: number
  /** Moves as actually played (after noise), one character a round. */
  moves: [string, string]
  /** Round indices where noise flipped each player's intended move. */
  flips: [number[], number[]]
  /** Total payoff of each player. */
  scores: [number, number]
  faults: [Fault[], Fault[]]
  faultCounts: [number, number]
  /** Whether each player drew randomness (a match without noise or randomness is fully determined by the sources). */
  usedRandom: [boolean, boolean]
}

/** Number of rounds for a match: fixed, or drawn from the continuation probability (at least 1, at most MAX_TURNS). */
export function drawLength(rules: Rules, matchSeed: number): number {
  if (rules.turns !== null) return rules.turns
  const next = mulberry32(deriveSeed(matchSeed, 'length'))
  const w = rules.continuation ?? 0
  let n = 1
  while (n < MAX_TURNS && next() < w) n++
  return n
}

/** Everything random about a match, derived from its seed alone. */
export function prepareMatch(
  rules: Rules,
  matchSeed: number,
  opponents: [OpponentInfo | null, OpponentInfo | null] = [null, null],
): MatchSetup {
  const rounds = drawLength(rules, matchSeed)
  let flips: MatchSetup['flips'] = [null, null]
  if (rules.noise > 0) {
    const next = mulberry32(deriveSeed(matchSeed, 'noise'))
    const a = new Uint8Array(rounds)
    const b = new Uint8Array(rounds)
    for (let r = 0; r < rounds; r++) {
      a[r] = next() < rules.noise ? 1 : 0
      b[r] = next() < rules.noise ? 1 : 0
    }
    flips = [a, b]
  }
  return {
    rules,
    rounds,
    flips,
    seeds: [deriveSeed(matchSeed, 'A'), deriveSeed(matchSeed, 'B')],
    opponents,
  }
}

/** Payoff to the row player for (mine, theirs). */
export function payoff(p: Payoffs, mine: Move, theirs: Move): number {
  if (mine === 'C') return theirs === 'C' ? p.R : p.S
  return theirs === 'C' ? p.T : p.P
}

export function scoreMoves(a: string, b: string, p: Payoffs): [number, number] {
  let sa = 0
  let sb = 0
  for (let i = 0; i < a.length; i++) {
    sa += payoff(p, a[i] as Move, b[i] as Move)
    sb += payoff(p, b[i] as Move, a[i] as Move)
  }
  return [sa, sb]
}

/** How many rounds a move string cooperated in. */
export function countC(moves: string): number {
  let c = 0
  for (let i = 0; i < moves.length; i++) if (moves.charCodeAt(i) === 67 /* C */) c++
  return c
}

function flipIndices(mask: Uint8Array | null): number[] {
  const out: number[] = []
  if (mask) for (let i = 0; i < mask.length; i++) if (mask[i]) out.push(i)
  return out
}

/** Turn what a runner played into a MatchResult (also used to re-label a reused deterministic match). */
export function buildResult(
  a: StrategySource,
  b: StrategySource,
  setup: MatchSetup,
  matchSeed: number,
  sides: [PlayedSide, PlayedSide],
): MatchResult {
  const [sa, sb] = sides
  return {
    players: [a.id, b.id],
    seed: matchSeed,
    rules: setup.rules,
    turns: setup.rounds,
    moves: [sa.moves, sb.moves],
    flips: [flipIndices(setup.flips[0]), flipIndices(setup.flips[1])],
    scores: scoreMoves(sa.moves, sb.moves, setup.rules.payoffs),
    faults: [sa.faults, sb.faults],
    faultCounts: [sa.faultCount, sb.faultCount],
    usedRandom: [sa.usedRandom, sb.usedRandom],
  }
}

export interface PlayMatchOptions {
  rules?: Partial<Rules>
  seed: number
  opponents?: [OpponentInfo | null, OpponentInfo | null]
}

/** Play one match. The same sources, rules and seed always give the same result. */
export async function playMatch(
  runner: MatchRunner,
  a: StrategySource,
  b: StrategySource,
  options: PlayMatchOptions,
): Promise<MatchResult> {
  const rules = makeRules(options.rules)
  const setup = prepareMatch(rules, options.seed >>> 0, options.opponents)
  const sides = await runner.play(a, b, setup)
  return buildResult(a, b, setup, options.seed >>> 0, sides)
}

/**
 * One match between two strategies: the engine draws the length and the
 * noise from the match seed, a runner plays the moves, and the engine scores
 * them. Pure logic, no I/O: the runner is the only way out.
 */
import { detects, drawDetections, hasPayoffMechanisms, payoff, roundPayoffs } from './mechanisms'
import { deriveSeed, mulberry32 } from './prng'
import { MAX_TURNS, makeRules, type RulesInput } from './rules'
import type { MatchRunner, MatchSetup, PlayedSide } from './match-runner'
import type { Fault, Move, OpponentInfo, Payoffs, Rules, StrategySource } from './types'

export { payoff }

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
  /** Total payoff of each player, the rules' mechanisms applied (mechanisms.ts). */
  scores: [number, number]
  /** Round indices where the referee detected and fined each player's defection (empty without a referee). */
  fined: [number[], number[]]
  /** With cheap talk, each player's announcements, one character a round: C, D, or - for none; else null. */
  announcements: [string, string] | null
  faults: [Fault[], Fault[]]
  faultCounts: [number, number]
  /** Whether each player drew randomness (a match without noise or randomness is fully determined by the sources). */
  usedRandom: [boolean, boolean]
}

/** Number of rounds for a match (or a commons group): fixed, or drawn from the continuation probability (at least 1, at most MAX_TURNS). */
export function drawLength(rules: Pick<Rules, 'turns' | 'continuation'>, matchSeed: number): number {
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
    detections: drawDetections(rules, matchSeed, rounds),
    seeds: [deriveSeed(matchSeed, 'A'), deriveSeed(matchSeed, 'B')],
    opponents,
  }
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

/** The rounds where the referee fined each player: a defection it detected. */
export function finedRounds(rules: Rules, a: string, b: string, detections: MatchSetup['detections']): [number[], number[]] {
  const fined: [number[], number[]] = [[], []]
  if (!hasPayoffMechanisms(rules) || rules.referee === null) return fined
  for (let r = 0; r < a.length; r++) {
    if (a[r] === 'D' && detects(rules, detections[0], r)) fined[0].push(r)
    if (b[r] === 'D' && detects(rules, detections[1], r)) fined[1].push(r)
  }
  return fined
}

/** Total payoffs of a match under the rules' mechanisms, round by round as the prelude counts them. */
export function scoreMatch(rules: Rules, a: string, b: string, fined: [number[], number[]]): [number, number] {
  if (!hasPayoffMechanisms(rules)) return scoreMoves(a, b, rules.payoffs)
  const fa = new Set(fined[0])
  const fb = new Set(fined[1])
  let sa = 0
  let sb = 0
  for (let r = 0; r < a.length; r++) {
    const [x, y] = roundPayoffs(rules, a[r] as Move, b[r] as Move, fa.has(r), fb.has(r))
    sa += x
    sb += y
  }
  return [sa, sb]
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
  const fined = finedRounds(setup.rules, sa.moves, sb.moves, setup.detections)
  return {
    players: [a.id, b.id],
    seed: matchSeed,
    rules: setup.rules,
    turns: setup.rounds,
    moves: [sa.moves, sb.moves],
    flips: [flipIndices(setup.flips[0]), flipIndices(setup.flips[1])],
    scores: scoreMatch(setup.rules, sa.moves, sb.moves, fined),
    fined,
    announcements: setup.rules.cheapTalk ? [sa.announcements ?? '-'.repeat(setup.rounds), sb.announcements ?? '-'.repeat(setup.rounds)] : null,
    faults: [sa.faults, sb.faults],
    faultCounts: [sa.faultCount, sb.faultCount],
    usedRandom: [sa.usedRandom, sb.usedRandom],
  }
}

export interface PlayMatchOptions {
  rules?: RulesInput
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

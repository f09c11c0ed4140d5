/**
 * Experiments: the same field of strategies under several rule sets, side
 * by side. What happens to cooperation, welfare and who wins when the game
 * changes?
 *
 * An experiment is K ordinary tournaments and a summary, each usable alone so
 * that the platform can play every rule set as a run on its queue:
 *   planExperiment (experiment-spec.ts) checks the spec;
 *   experimentTournament(plan, k) gives rule set k's tournament options, all
 *   with the same run seed, so every rule set plays the same match seeds
 *   (experimentCommons(plan, k) the commons tournament's: the same group
 *   seeds under every rule set);
 *   summarizeExperiment(plan, results) builds the side-by-side document from
 *   the K TournamentResults (or CommonsResults).
 * runExperiment is exactly those in a row.
 *
 * Per rule set of the dilemma (self-play left out, as in the ranking):
 * - cooperation: C moves / all moves;
 * - meanPayoff: what a player received per round, on average (both sides'
 *   totals, mechanisms applied: fines lost or moved, aligned rewards / 2 ×
 *   rounds);
 * - optimum: the cooperative optimum per player and round, the effective R:
 *   every round mutual cooperation. No mechanism changes it (the referee
 *   fines no one when no one defects; aligned rewards give R when both get
 *   R), and it is computed from the effective matrix so a future mechanism
 *   that changes R changes the optimum with it;
 * - welfare: meanPayoff / optimum, null when the optimum is not positive (a
 *   share of nothing has no meaning). It may exceed 1 where alternating
 *   exploitation beats mutual cooperation (2R < T + S) and falls with fines
 *   that are destroyed;
 * - the winner, the standings and how each rank moved against the first rule set;
 * - the ecology: replicator dynamics on the payoff matrix (ecology.ts), the
 *   strategies left with a share of at least SURVIVOR_SHARE;
 * - the dilemma test of the rule set's rules (dilemma-test.ts).
 *
 * Per rule set of the commons, from its CommonsResult:
 * - cooperation: the share of requests at or below the sustainable share;
 * - meanPayoff: what a player received per round (mechanisms applied), the
 *   mean over the groups of their totals / (rounds × group size);
 * - optimum: the sustainable share, what each receives every round when the
 *   whole group restrains (no mechanism changes it, as R for the dilemma);
 * - welfare: the commons result's, the mean over the groups of what they
 *   received as a share of the sustainable total (meanPayoff / optimum);
 * - finalStock, the share of groups that collapsed and the mean stock over
 *   time;
 * - the winner, the standings (CommonsStanding: mean payoff per round) and
 *   the rank moves, as for the dilemma;
 * - no ecology (null): replicator dynamics need each strategy's payoff
 *   against each other one, and a group's payoffs depend on all its seats
 *   at once, of which a tournament plays only some;
 * - the dilemma test of the commons' 2×2 for the group size (matrix.ts).
 *
 * docs/results.md describes every field of the result.
 */
import { COMMONS_RESULT_FORMAT, type CommonsResult, type CommonsStanding } from './commons/aggregate'
import { commonsDilemmaTest, type CommonsDilemmaTest } from './commons/matrix'
import { scheduleCommons, type CommonsScheduleOptions } from './commons/schedule'
import { playCommonsTournament } from './commons/tournament'
import type { CommonsRules, GroupRunner } from './commons/types'
import { dilemmaTest, effectivePayoffs, type DilemmaTest } from './dilemma-test'
import { ecology } from './ecology'
import { ExperimentError, planExperiment, type CommonsRuleSet, type DilemmaRuleSet, type ExperimentPlan, type ExperimentSpec, type PlannedRuleSet } from './experiment-spec'
import type { MatchRunner } from './match-runner'
import type { ScheduleOptions } from './schedule'
import { playTournament } from './tournament'
import { TOURNAMENT_RESULT_FORMAT, type Standing, type TournamentPlayer, type TournamentResult } from './tournament-result'
import type { Rules, StrategySource } from './types'

export const EXPERIMENT_RESULT_FORMAT = 'dilemma-arena/experiment@1'
/** The ecology runs until the population is stable, or this many generations. */
export const ECOLOGY_GENERATIONS = 1000
/** A strategy survives the ecology with at least this share of the final population. */
export const SURVIVOR_SHARE = 0.01

/** How one strategy's rank moved: positive when it climbed against the first rule set. */
export interface RankMove {
  id: string
  name: string
  rank: number
  /** Its rank under the first rule set. */
  firstRank: number
  /** firstRank − rank. */
  moved: number
}

export interface ExperimentEcology {
  /** Generations run (at most ECOLOGY_GENERATIONS). */
  generations: number
  /** Whether the population stopped changing before the last generation. */
  stable: boolean
  /** The final population, largest share first (equal shares by id). */
  shares: { id: string; name: string; share: number }[]
  /** Ids of the strategies with at least SURVIVOR_SHARE of the final population, largest first. */
  survivors: string[]
}

/** What every rule set's outcome has, whichever game it plays. */
interface RuleSetOutcome {
  name: string
  /** C moves / moves, self-play left out; the commons: restrained requests / requests. */
  cooperation: number
  /** meanPayoff / optimum, or null when the optimum is not positive. */
  welfare: number | null
  /** Mean payoff per player and round, mechanisms applied (the dilemma: self-play left out). */
  meanPayoff: number
  /** Per player and round: the cooperative optimum (the effective R), or the commons' sustainable share. */
  optimum: number
  /** The commons' stock at the end, the mean over the groups; null for the dilemma. */
  finalStock: number | null
  winner: TournamentPlayer
  /** Every strategy in this rule set's rank order. */
  rankMoves: RankMove[]
  /** dilemmaTest.verdict. */
  verdict: DilemmaTest['verdict']
}

/** One rule set of the two-player dilemma, side by side with the others. */
export interface DilemmaRuleSetResult extends RuleSetOutcome {
  game: 'dilemma'
  rules: Rules
  finalStock: null
  standings: Standing[]
  ecology: ExperimentEcology
  /** The dilemma test of this rule set's rules. */
  dilemmaTest: DilemmaTest
  /** The tournament's matches: scheduled = played + reused. */
  matches: { scheduled: number; played: number; reused: number }
}

/** One rule set of the commons, side by side with the others. */
export interface CommonsRuleSetResult extends RuleSetOutcome {
  game: 'commons'
  rules: CommonsRules
  /** Players per group. */
  group: number
  finalStock: number
  /** Share of the groups whose stock ended at 0. */
  collapsed: number
  /** stock[t]: the mean stock at the start of round t over the groups that lasted that long (CommonsResult.stock.mean). */
  stock: number[]
  /** The commons tournament's ranking, by mean payoff per round. */
  standings: CommonsStanding[]
  /** None: replicator dynamics need pairwise payoffs, and a group's depend on all its seats at once. */
  ecology: null
  /** The dilemma test of the commons' 2×2 for groups of `group`. */
  dilemmaTest: CommonsDilemmaTest
  /** Groups played. */
  groups: number
}

/** One rule set's outcome, side by side with the others: a union on `game`. */
export type RuleSetResult = DilemmaRuleSetResult | CommonsRuleSetResult

/** What plays one rule set: a dilemma tournament's result, or a commons tournament's. */
export type RuleSetRun = TournamentResult | CommonsResult

/** The side-by-side document; `R` narrows the rule sets for a caller that knows the game. */
export interface ExperimentResult<R extends RuleSetResult = RuleSetResult> {
  format: typeof EXPERIMENT_RESULT_FORMAT
  seed: number
  repetitions: number
  /** Players in the order given. */
  players: TournamentPlayer[]
  /** In the order given, all of one game; rank moves are against the first. */
  ruleSets: R[]
}

function ruleSetAt(plan: ExperimentPlan, index: number): PlannedRuleSet {
  const ruleSet = plan.ruleSets[index]
  if (!ruleSet) throw new RangeError(`the experiment has no rule set ${index}`)
  return ruleSet
}

/** The tournament that plays rule set `index` of the dilemma: the experiment's seed and repetitions, the rule set's rules. */
export function experimentTournament(plan: ExperimentPlan, index: number): ScheduleOptions {
  const ruleSet = ruleSetAt(plan, index)
  if (ruleSet.game !== 'dilemma') throw new RangeError(`rule set ${index} plays the ${ruleSet.game}: experimentCommons gives its tournament`)
  return { rules: ruleSet.rules, repetitions: plan.repetitions, seed: plan.seed }
}

/** The commons tournament that plays rule set `index` of the commons: the experiment's seed and repetitions, the rule set's rules and group. */
export function experimentCommons(plan: ExperimentPlan, index: number): CommonsScheduleOptions {
  const ruleSet = ruleSetAt(plan, index)
  if (ruleSet.game !== 'commons') throw new RangeError(`rule set ${index} plays the ${ruleSet.game}: experimentTournament gives its tournament`)
  return { rules: ruleSet.rules, group: ruleSet.group, repetitions: plan.repetitions, seed: plan.seed }
}

/** Cooperation and payoffs over every match but self-play, in schedule order (sums of doubles depend on their order). */
function fieldTotals(result: TournamentResult): { cooperation: number; meanPayoff: number } {
  let moves = 0
  let cooperations = 0
  let payoff = 0
  for (const pair of result.pairs) {
    if (pair.players[0] === pair.players[1]) continue
    pair.turns.forEach((turns, r) => {
      moves += 2 * turns
      cooperations += pair.cooperations[r]![0] + pair.cooperations[r]![1]
      payoff += pair.scores[r]![0] + pair.scores[r]![1]
    })
  }
  return { cooperation: cooperations / moves, meanPayoff: payoff / moves }
}

function ecologyOf(result: TournamentResult): ExperimentEcology {
  const run = ecology(result.payoffMatrix, { generations: ECOLOGY_GENERATIONS })
  const last = run.shares[run.shares.length - 1]!
  const shares = result.players
    .map((p, i) => ({ id: p.id, name: p.name, share: last[i]! }))
    .sort((a, b) => (a.share !== b.share ? b.share - a.share : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return {
    generations: run.generations,
    stable: run.stable,
    shares,
    survivors: shares.filter((s) => s.share >= SURVIVOR_SHARE).map((s) => s.id),
  }
}

type Ranked = { rank: number; id: string; name: string }

function rankMoves(standings: readonly Ranked[], first: readonly Ranked[]): RankMove[] {
  const firstRank = new Map(first.map((s) => [s.id, s.rank]))
  return standings.map((s) => {
    const before = firstRank.get(s.id)!
    return { id: s.id, name: s.name, rank: s.rank, firstRank: before, moved: before - s.rank }
  })
}

function summarizeDilemma(ruleSet: DilemmaRuleSet, result: TournamentResult, first: readonly Ranked[]): DilemmaRuleSetResult {
  const rules = ruleSet.rules
  const { cooperation, meanPayoff } = fieldTotals(result)
  const optimum = effectivePayoffs(rules.payoffs, rules.referee, rules.align).R
  const test = dilemmaTest({ payoffs: rules.payoffs, referee: rules.referee, align: rules.align, turns: rules.turns, continuation: rules.continuation })
  const winner = result.standings[0]!
  return {
    name: ruleSet.name,
    game: ruleSet.game,
    rules,
    cooperation,
    welfare: optimum > 0 ? meanPayoff / optimum : null,
    meanPayoff,
    optimum,
    finalStock: null,
    winner: { id: winner.id, name: winner.name },
    standings: result.standings,
    rankMoves: rankMoves(result.standings, first),
    ecology: ecologyOf(result),
    verdict: test.verdict,
    dilemmaTest: test,
    matches: { scheduled: result.scheduledMatches, played: result.playedMatches, reused: result.reusedMatches },
  }
}

/** The mean over the groups of what a player received per round: each group's total / (rounds × seats), in schedule order. */
function commonsMeanPayoff(result: CommonsResult): number {
  let total = 0
  for (const g of result.groups) {
    let received = 0
    for (const x of g.scores) received += x
    total += received / (g.rounds * g.players.length)
  }
  return total / result.groups.length
}

function summarizeCommons(ruleSet: CommonsRuleSet, result: CommonsResult, first: readonly Ranked[]): CommonsRuleSetResult {
  const winner = result.standings[0]!
  const test = commonsDilemmaTest(ruleSet.rules, ruleSet.group)
  const optimum = result.sustainableShare
  return {
    name: ruleSet.name,
    game: ruleSet.game,
    rules: ruleSet.rules,
    group: ruleSet.group,
    cooperation: result.cooperation,
    welfare: optimum > 0 ? result.welfare : null,
    meanPayoff: commonsMeanPayoff(result),
    optimum,
    finalStock: result.finalStock,
    collapsed: result.collapsed,
    stock: result.stock.mean,
    winner: { id: winner.id, name: winner.name },
    standings: result.standings,
    rankMoves: rankMoves(result.standings, first),
    ecology: null,
    verdict: test.verdict,
    dilemmaTest: test,
    groups: result.groups.length,
  }
}

/** Refuse a result that is not the tournament the plan schedules for that rule set (another game, seed, field, rules or group size). */
function checkResult(plan: ExperimentPlan, ruleSet: PlannedRuleSet, result: RuleSetRun, index: number): void {
  const where = `the result for rule set ${index} (${JSON.stringify(ruleSet.name)})`
  const format = ruleSet.game === 'commons' ? COMMONS_RESULT_FORMAT : TOURNAMENT_RESULT_FORMAT
  if (result?.format !== format) throw new ExperimentError(`${where} is not a ${ruleSet.game} tournament's (${format})`)
  if (result.seed !== plan.seed || result.repetitions !== plan.repetitions) throw new ExperimentError(`${where} has another seed or number of repetitions`)
  if (result.players.length !== plan.players.length || result.players.some((p, i) => p.id !== plan.players[i]!.id)) {
    throw new ExperimentError(`${where} has other players, or the same in another order`)
  }
  if (JSON.stringify(result.rules) !== JSON.stringify(ruleSet.rules)) throw new ExperimentError(`${where} was played under other rules`)
  if (ruleSet.game === 'commons' && (result as CommonsResult).group !== ruleSet.group) throw new ExperimentError(`${where} was played in groups of another size`)
}

/**
 * The side-by-side document from each rule set's tournament result, in the
 * plan's order (results[k] played experimentTournament(plan, k), or
 * experimentCommons(plan, k) for the commons). Pure: the same plan and
 * results give the same JSON everywhere.
 */
export function summarizeExperiment(plan: ExperimentPlan, results: readonly RuleSetRun[]): ExperimentResult {
  if (results.length !== plan.ruleSets.length) {
    throw new ExperimentError(`the experiment has ${plan.ruleSets.length} rule sets but ${results.length} results`)
  }
  plan.ruleSets.forEach((ruleSet, k) => checkResult(plan, ruleSet, results[k]!, k))
  // Every rule set plays the same game (planExperiment refuses a mixed experiment), so ranks compare like with like.
  const first = results[0]!.standings
  return {
    format: EXPERIMENT_RESULT_FORMAT,
    seed: plan.seed,
    repetitions: plan.repetitions,
    players: plan.players.map((p) => ({ id: p.id, name: p.name })),
    ruleSets: plan.ruleSets.map((ruleSet, k) =>
      ruleSet.game === 'commons' ? summarizeCommons(ruleSet, results[k] as CommonsResult, first) : summarizeDilemma(ruleSet, results[k] as TournamentResult, first),
    ),
  }
}

export interface ExperimentOptions {
  /**
   * Called after each match (played or reused) of the dilemma, or each group
   * of the commons, with (done, scheduled) over every rule set.
   */
  onProgress?: (done: number, total: number) => void
}

/** What plays an experiment: a match runner for rule sets of the dilemma, a group runner for the commons. */
export interface ExperimentRunners {
  match?: MatchRunner
  group?: GroupRunner
}

function runnersOf(runners: MatchRunner | GroupRunner | ExperimentRunners): ExperimentRunners {
  const match = typeof (runners as MatchRunner).play === 'function' ? (runners as MatchRunner) : (runners as ExperimentRunners).match
  const group = typeof (runners as GroupRunner).playGroup === 'function' ? (runners as GroupRunner) : (runners as ExperimentRunners).group
  return { ...(match ? { match } : {}), ...(group ? { group } : {}) }
}

/**
 * Play an experiment: every rule set's tournament with the same seed, then
 * the summary. `runners` is a MatchRunner (an experiment of the dilemma), a
 * GroupRunner (of the commons) or both, as { match, group }. Throws
 * ExperimentError for a bad spec.
 */
export async function runExperiment(
  runners: MatchRunner | GroupRunner | ExperimentRunners,
  spec: ExperimentSpec<StrategySource>,
  options: ExperimentOptions = {},
): Promise<ExperimentResult> {
  const plan = planExperiment(spec)
  const { match, group } = runnersOf(runners)
  const n = plan.players.length
  // Jobs per rule set: matches of a round robin, or the groups of a commons schedule.
  const sizes = plan.ruleSets.map((ruleSet, k) =>
    ruleSet.game === 'commons' ? scheduleCommons(plan.players, experimentCommons(plan, k)).jobs.length : ((n * (n + 1)) / 2) * plan.repetitions,
  )
  const total = sizes.reduce((a, b) => a + b, 0)
  const onProgress = options.onProgress
  const results: RuleSetRun[] = []
  let before = 0
  for (let k = 0; k < plan.ruleSets.length; k++) {
    const ruleSet = plan.ruleSets[k]!
    const start = before
    const progress = onProgress ? { onProgress: (done: number) => onProgress(start + done, total) } : {}
    if (ruleSet.game === 'commons') {
      if (!group) throw new ExperimentError(`rule set ${k} (${JSON.stringify(ruleSet.name)}) plays the commons: runExperiment needs a group runner`)
      results.push(await playCommonsTournament(group, spec.players, { ...experimentCommons(plan, k), ...progress }))
    } else {
      if (!match) throw new ExperimentError(`rule set ${k} (${JSON.stringify(ruleSet.name)}) plays the dilemma: runExperiment needs a match runner`)
      results.push(await playTournament(match, spec.players, { ...experimentTournament(plan, k), ...progress }))
    }
    before += sizes[k]!
  }
  return summarizeExperiment(plan, results)
}

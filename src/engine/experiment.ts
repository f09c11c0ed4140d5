/**
 * Experiments: the same field of strategies under several rule sets, side
 * by side. What happens to cooperation, welfare and who wins when the game
 * changes?
 *
 * An experiment is K ordinary tournaments and a summary, each usable alone so
 * that the platform can play every rule set as a run on its queue:
 *   planExperiment (experiment-spec.ts) checks the spec;
 *   experimentTournament(plan, k) gives rule set k's tournament options, all
 *   with the same run seed, so every rule set plays the same match seeds;
 *   summarizeExperiment(plan, results) builds the side-by-side document from
 *   the K TournamentResults.
 * runExperiment is exactly those in a row.
 *
 * Per rule set (self-play left out, as in the ranking):
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
 * docs/results.md describes every field of the result.
 */
import { dilemmaTest, effectivePayoffs, type DilemmaTest } from './dilemma-test'
import { ecology } from './ecology'
import { ExperimentError, planExperiment, type DilemmaRuleSet, type ExperimentPlan, type ExperimentSpec, type ExperimentGame, type PlannedRuleSet } from './experiment-spec'
import type { MatchRunner } from './match-runner'
import type { ScheduleOptions } from './schedule'
import { playTournament } from './tournament'
import type { Standing, TournamentPlayer, TournamentResult } from './tournament-result'
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

/** One rule set's outcome, side by side with the others. */
export interface RuleSetResult {
  name: string
  game: ExperimentGame
  rules: Rules
  /** C moves / moves, self-play left out. */
  cooperation: number
  /** meanPayoff / optimum, or null when the optimum is not positive. */
  welfare: number | null
  /** Mean payoff per player and round, mechanisms applied, self-play left out. */
  meanPayoff: number
  /** The cooperative optimum per player and round: the effective R. */
  optimum: number
  /** The commons' stock at the end; null for the dilemma. */
  finalStock: number | null
  winner: TournamentPlayer
  standings: Standing[]
  /** Every strategy in this rule set's rank order. */
  rankMoves: RankMove[]
  ecology: ExperimentEcology
  /** dilemmaTest.verdict. */
  verdict: DilemmaTest['verdict']
  /** The dilemma test of this rule set's rules. */
  dilemmaTest: DilemmaTest
  /** The tournament's matches: scheduled = played + reused. */
  matches: { scheduled: number; played: number; reused: number }
}

export interface ExperimentResult {
  format: typeof EXPERIMENT_RESULT_FORMAT
  seed: number
  repetitions: number
  /** Players in the order given. */
  players: TournamentPlayer[]
  /** In the order given; rank moves are against the first. */
  ruleSets: RuleSetResult[]
}

/** The tournament that plays rule set `index`: the experiment's seed and repetitions, the rule set's rules. */
export function experimentTournament(plan: ExperimentPlan, index: number): ScheduleOptions {
  const ruleSet = plan.ruleSets[index]
  if (!ruleSet) throw new RangeError(`the experiment has no rule set ${index}`)
  return { rules: ruleSet.rules, repetitions: plan.repetitions, seed: plan.seed }
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

function rankMoves(result: TournamentResult, first: TournamentResult): RankMove[] {
  const firstRank = new Map(first.standings.map((s) => [s.id, s.rank]))
  return result.standings.map((s) => {
    const before = firstRank.get(s.id)!
    return { id: s.id, name: s.name, rank: s.rank, firstRank: before, moved: before - s.rank }
  })
}

function summarizeDilemma(ruleSet: DilemmaRuleSet, result: TournamentResult, first: TournamentResult): RuleSetResult {
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
    rankMoves: rankMoves(result, first),
    ecology: ecologyOf(result),
    verdict: test.verdict,
    dilemmaTest: test,
    matches: { scheduled: result.scheduledMatches, played: result.playedMatches, reused: result.reusedMatches },
  }
}

/** Refuse a result that is not the tournament the plan schedules for that rule set (another seed, field or rules). */
function checkResult(plan: ExperimentPlan, ruleSet: PlannedRuleSet, result: TournamentResult, index: number): void {
  const where = `the result for rule set ${index} (${JSON.stringify(ruleSet.name)})`
  if (result?.seed !== plan.seed || result.repetitions !== plan.repetitions) throw new ExperimentError(`${where} has another seed or number of repetitions`)
  if (result.players.length !== plan.players.length || result.players.some((p, i) => p.id !== plan.players[i]!.id)) {
    throw new ExperimentError(`${where} has other players, or the same in another order`)
  }
  if (JSON.stringify(result.rules) !== JSON.stringify(ruleSet.rules)) throw new ExperimentError(`${where} was played under other rules`)
}

/**
 * The side-by-side document from each rule set's tournament result, in the
 * plan's order (results[k] played experimentTournament(plan, k)). Pure: the
 * same plan and results give the same JSON everywhere.
 */
export function summarizeExperiment(plan: ExperimentPlan, results: readonly TournamentResult[]): ExperimentResult {
  if (results.length !== plan.ruleSets.length) {
    throw new ExperimentError(`the experiment has ${plan.ruleSets.length} rule sets but ${results.length} results`)
  }
  plan.ruleSets.forEach((ruleSet, k) => checkResult(plan, ruleSet, results[k]!, k))
  const first = results[0]!
  return {
    format: EXPERIMENT_RESULT_FORMAT,
    seed: plan.seed,
    repetitions: plan.repetitions,
    players: plan.players.map((p) => ({ id: p.id, name: p.name })),
    // One summary per game: the commons will add its own beside summarizeDilemma, chosen by ruleSet.game.
    ruleSets: plan.ruleSets.map((ruleSet, k) => summarizeDilemma(ruleSet, results[k]!, first)),
  }
}

export interface ExperimentOptions {
  /** Called after each match (played or reused) with (matches done, matches scheduled) over every rule set. */
  onProgress?: (done: number, total: number) => void
}

/** Play an experiment: every rule set's tournament with the same seed, then the summary. Throws ExperimentError for a bad spec. */
export async function runExperiment(
  runner: MatchRunner,
  spec: ExperimentSpec<StrategySource>,
  options: ExperimentOptions = {},
): Promise<ExperimentResult> {
  const plan = planExperiment(spec)
  const n = plan.players.length
  const perRuleSet = ((n * (n + 1)) / 2) * plan.repetitions
  const total = perRuleSet * plan.ruleSets.length
  const onProgress = options.onProgress
  const results: TournamentResult[] = []
  for (let k = 0; k < plan.ruleSets.length; k++) {
    const before = k * perRuleSet
    results.push(
      await playTournament(runner, spec.players, {
        ...experimentTournament(plan, k),
        ...(onProgress ? { onProgress: (done: number) => onProgress(before + done, total) } : {}),
      }),
    )
  }
  return summarizeExperiment(plan, results)
}

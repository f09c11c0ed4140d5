/**
 * Step two of a tournament: play scheduled jobs with a runner. A job's result
 * is plain JSON (its matches and which of them were reused), so a queue
 * consumer can store it and the aggregate can be computed anywhere, later,
 * from results in any order. Nothing here depends on other jobs or on the
 * runner's history: a job gives the same result in a fresh runner or a warm
 * one, in Node or in workerd.
 */
import { buildResult, prepareMatch, type MatchResult } from './match'
import { refereeDraws } from './mechanisms'
import type { MatchRunner, PlayedSide } from './match-runner'
import type { TournamentJob } from './schedule'
import type { StrategySource } from './types'

export interface JobResult {
  /** The job's index in the schedule. */
  index: number
  /** Ids of player A and player B, as in the job. */
  players: [string, string]
  /** One MatchResult per repetition, in repetition order. */
  matches: MatchResult[]
  /** Whether each repetition reused an earlier repetition's moves instead of being played by the runner. */
  reused: boolean[]
}

export interface PlayJobOptions {
  /** Called after each match, played or reused (for progress). */
  onMatch?: () => void
}

function checkSide(side: PlayedSide, rounds: number, who: string): void {
  if (typeof side?.moves !== 'string' || side.moves.length !== rounds || !/^[CD]*$/.test(side.moves)) {
    throw new Error(`runner returned invalid moves for ${who}: expected ${rounds} characters C or D`)
  }
}

/**
 * Only a clean pairing is reused: a fault may depend on randomness drawn
 * before it (a strategy that throws at set-up on a coin flip), and a crash is
 * a failure of the executor, not of the strategy.
 */
function isClean(side: PlayedSide): boolean {
  return side.faultCount === 0
}

function copySide(side: PlayedSide): PlayedSide {
  return {
    moves: side.moves,
    faults: side.faults.map((f) => ({ kind: f.kind, round: f.round, message: f.message })),
    faultCount: side.faultCount,
    usedRandom: side.usedRandom,
    ...(side.announcements === undefined ? {} : { announcements: side.announcements }),
  }
}

/**
 * The source with this id. Two different sources under one id would make
 * the result depend on which one was found, so that is refused.
 */
export function sourceOf(sources: readonly StrategySource[], id: string): StrategySource {
  let found: StrategySource | undefined
  for (const s of sources) {
    if (s.id !== id) continue
    if (found && (found.source !== s.source || found.name !== s.name)) {
      throw new RangeError(`two different sources have the id "${id}"`)
    }
    found ??= s
  }
  if (!found) throw new RangeError(`no source was given for player "${id}"`)
  return found
}

/** Play every repetition of one job; `sources` must include both of its players (by id). */
export async function playJob(
  runner: MatchRunner,
  job: TournamentJob,
  sources: readonly StrategySource[],
  options: PlayJobOptions = {},
): Promise<JobResult> {
  const a = sourceOf(sources, job.players[0])
  const b = sourceOf(sources, job.players[1])
  const rules = job.rules
  const matches: MatchResult[] = []
  const reused: boolean[] = []
  let template: [PlayedSide, PlayedSide] | null = null
  for (const seed of job.seeds) {
    const setup = prepareMatch(rules, seed, job.opponents)
    const wasReused = template !== null
    let sides: [PlayedSide, PlayedSide]
    if (template !== null) {
      sides = [copySide(template[0]), copySide(template[1])]
    } else {
      sides = await runner.play(a, b, setup)
      checkSide(sides[0], setup.rounds, a.id)
      checkSide(sides[1], setup.rounds, b.id)
      if (
        job.reuseDeterministic &&
        rules.turns !== null &&
        rules.noise === 0 &&
        !refereeDraws(rules) &&
        !sides[0].usedRandom &&
        !sides[1].usedRandom &&
        isClean(sides[0]) &&
        isClean(sides[1])
      ) {
        template = [copySide(sides[0]), copySide(sides[1])]
      }
    }
    reused.push(wasReused)
    matches.push(buildResult(a, b, setup, seed, sides))
    options.onMatch?.()
  }
  return { index: job.index, players: [job.players[0], job.players[1]], matches, reused }
}

/**
 * Play a batch of jobs one after another (a runner plays one match at a
 * time). Any split of a schedule into batches, played by any runners, gives
 * the same job results.
 */
export async function playJobs(
  runner: MatchRunner,
  jobs: readonly TournamentJob[],
  sources: readonly StrategySource[],
  options: PlayJobOptions = {},
): Promise<JobResult[]> {
  const results: JobResult[] = []
  for (const job of jobs) results.push(await playJob(runner, job, sources, options))
  return results
}

/**
 * `arena tournament --game commons [--group N] PLAYER... | DIR [--classics]`:
 * groups of N (every combination, or a balanced schedule), ranked by mean
 * payoff per round. The readable report is the ranking, the welfare, the
 * final stock and the mean stock over time; --json is the engine's
 * `dilemma-arena/commons@1` result (docs/results.md).
 */
import type { CommonsResult } from '../../engine/commons/aggregate'
import { commonsLoadFault } from '../../engine/commons/load-check'
import { COMMONS_MAX_PLAYERS, COMMONS_MIN_PLAYERS } from '../../engine/commons/rules'
import { playCommonsTournament } from '../../engine/commons/tournament'
import { DEFAULT_REPETITIONS, MAX_REPETITIONS } from '../../engine/schedule'
import { booleanFlag, parseArgs, stringFlag, type FlagSpec } from '../args'
import { COMMONS_RULE_FLAGS, commonsRulesFrom } from '../commons-flags'
import { commonsHeader, stockLines } from '../commons-format'
import { UsageError } from '../errors'
import { JOBS_FLAG, jobsFrom } from '../jobs/flag'
import { openPool, playOn, runMoves, scheduledCommons } from '../jobs/play'
import type { JobPool } from '../jobs/pool'
import { faultText, fixed, percent, plural, table } from '../format'
import { createGroupRunner } from '../group-runner'
import { lines, readableText, type Io } from '../io'
import { assertLoads } from '../load'
import { OPPONENTS_FLAG, identitiesLine, opponentsFromFlag } from '../opponents-flag'
import { resolvePlayers } from '../players'
import { progressLine } from '../progress'
import { parseWhole, seedFrom } from '../rule-flags'
import { planMoves } from '../sandbox'

export const COMMONS_TOURNAMENT_FLAGS: FlagSpec = {
  ...COMMONS_RULE_FLAGS,
  ...OPPONENTS_FLAG,
  ...JOBS_FLAG,
  group: 'string',
  repetitions: 'string',
  classics: 'boolean',
  seed: 'string',
  json: 'boolean',
}

export async function commonsTournamentCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, COMMONS_TOURNAMENT_FLAGS, 'tournament --game commons')
  const classics = booleanFlag(args, 'classics')
  if (args.positionals.length === 0 && !classics) {
    throw new UsageError('"arena tournament --game commons" needs players: files, a directory, built-in names, or --classics')
  }
  const rules = commonsRulesFrom(args)
  const { seed, seedText } = seedFrom(args)
  const groupText = stringFlag(args, 'group')
  const group = groupText === undefined ? undefined : parseWhole('group', groupText, COMMONS_MIN_PLAYERS, COMMONS_MAX_PLAYERS)
  const repetitionsText = stringFlag(args, 'repetitions')
  const repetitions = repetitionsText === undefined ? DEFAULT_REPETITIONS : parseWhole('repetitions', repetitionsText, 1, MAX_REPETITIONS)
  const jobs = jobsFrom(args)

  const runner = await createGroupRunner()
  const progress = progressLine(io.progressStream, 'played', 300, 100, 'groups')
  let pool: JobPool | null = null
  let result: CommonsResult
  try {
    const players = await resolvePlayers(args.positionals, classics, runner.limits, 'commons')
    if (group === undefined && players.length > COMMONS_MAX_PLAYERS) {
      throw new UsageError(`${players.length} players do not fit one group (at most ${COMMONS_MAX_PLAYERS}): give --group N`)
    }
    if (players.length < (group ?? COMMONS_MIN_PLAYERS)) {
      throw new UsageError(`groups of ${group ?? COMMONS_MIN_PLAYERS} need at least ${group ?? COMMONS_MIN_PLAYERS} players, got ${players.length}`)
    }
    const identities = await opponentsFromFlag(args, players.map((p) => p.source))
    const sources = players.map((p) => p.source)
    const options = { rules, seed, repetitions, onProgress: progress.update, ...(group === undefined ? {} : { group }), ...identities }
    let run
    try {
      // Checked before anything is played: the schedule refuses what no single option shows (too many groups).
      run = scheduledCommons(sources, options)
    } catch (error) {
      if (error instanceof RangeError) throw new UsageError(error.message)
      throw error
    }
    planMoves(runMoves(run))
    // The worker threads start now and warm up while the files are checked.
    pool = jobs === 1 ? null : openPool(jobs, run, 'commons', sources, { group: runner })
    await assertLoads(players, (source) => commonsLoadFault(runner, source))
    result = pool ? await playOn(pool, run, options.onProgress) : await playCommonsTournament(runner, sources, options)
  } finally {
    await pool?.close()
    progress.finish()
    runner.dispose()
  }

  if (booleanFlag(args, 'json')) io.out(JSON.stringify(result) + '\n')
  else io.out(readableText(renderCommonsTournament(result, seedText, stringFlag(args, 'opponents') ?? null)))
  return 0
}

export function renderCommonsTournament(result: CommonsResult, givenSeed: string | null = null, opponentsFile: string | null = null): string {
  const layout = result.layout === 'every-combination' ? 'every combination' : 'a balanced schedule'
  const out: string[] = []
  out.push(
    `commons tournament: ${plural(result.players.length, 'player')}, groups of ${result.group}, ${plural(result.repetitions, 'repetition')} (${plural(result.groups.length, 'group')}, ${layout})`,
  )
  out.push(...commonsHeader(result.rules, result.sustainableShare, result.seed, givenSeed))
  if (opponentsFile !== null) out.push(identitiesLine(opponentsFile))
  out.push('')
  const rows = result.standings.map((s) => [String(s.rank), s.id, fixed(s.meanPayoff), String(s.groups), percent(s.cooperation), String(s.fined), String(s.faults)])
  out.push(...table([['rank', 'player', 'per round', 'groups', 'restrained', 'fined', 'faults'], ...rows], ['right', 'left', 'right', 'right', 'right', 'right', 'right']))
  out.push('')
  out.push('per round: mean over its groups of its payoff per round (the ranking).')
  out.push('restrained: share of its requests at or below the sustainable share. fined: rounds the referee fined it.')
  out.push('')
  out.push(`welfare: ${percent(result.welfare)} of the sustainable optimum (mean over the groups)`)
  out.push(`final stock: ${fixed(result.finalStock, 1)} of ${result.rules.maxStock} (mean); ${percent(result.collapsed)} of the groups collapsed`)
  out.push(`cooperation: ${percent(result.cooperation)} of all requests restrained`)
  out.push(...stockLines('stock, mean over the groups', result.stock.mean, result.rules.maxStock))
  const faulty = result.faults.filter((f) => f.count > 0)
  if (faulty.length > 0) {
    out.push('')
    out.push('faults (each played as the greediest request):')
    for (const f of faulty) {
      const first = f.records[0]
      const where = first ? ` (first: ${faultText(first)}, seat ${first.seat + 1} of group ${first.group + 1})` : ''
      out.push(`  ${f.id}: ${plural(f.count, 'fault')}${where}`)
    }
  }
  return lines(out)
}

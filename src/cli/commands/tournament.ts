/**
 * `arena tournament PLAYER... | DIR [--classics]`: a round robin with the
 * engine's ranking. The readable table is the ranking plus behaviour; --json
 * is the engine's TournamentResult (ids = labels as given) plus the game
 * classification, so docs/results.md documents every field.
 */
import { DEFAULT_REPETITIONS, MAX_REPETITIONS } from '../../engine/schedule'
import { playTournament } from '../../engine/tournament'
import type { FaultRecord, TournamentResult } from '../../engine/tournament-result'
import type { GameClassification } from '../../engine/classify'
import { booleanFlag, parseArgs, stringFlag, type FlagSpec } from '../args'
import { UsageError } from '../errors'
import { gameOf } from '../game-flag'
import { JOBS_FLAG, jobsFrom } from '../jobs/flag'
import { openPool, playOn, runMoves, scheduledTournament } from '../jobs/play'
import type { JobPool } from '../jobs/pool'
import { faultText, fixed, percent, plural, rulesText, table, yesNo } from '../format'
import { lines, type Io, writeResult } from '../io'
import { assertPlayersLoad } from '../load'
import { OPPONENTS_FLAG, identitiesLine, opponentsFromFlag } from '../opponents-flag'
import { resolvePlayers } from '../players'
import { progressLine } from '../progress'
import { RULE_FLAGS, gameWarnings, parseWhole, ruleChoiceFrom, seedText } from '../rule-flags'
import { createMatchRunner, planMoves } from '../sandbox'

export { DEFAULT_REPETITIONS }

export const TOURNAMENT_FLAGS: FlagSpec = {
  ...RULE_FLAGS,
  ...OPPONENTS_FLAG,
  ...JOBS_FLAG,
  repetitions: 'string',
  classics: 'boolean',
  game: 'string',
  json: 'boolean',
}

export async function tournamentCommand(argv: readonly string[], io: Io): Promise<number> {
  if (gameOf(argv) === 'commons') return (await import('./commons-tournament')).commonsTournamentCommand(argv, io)
  const args = parseArgs(argv, TOURNAMENT_FLAGS, 'tournament')
  const classics = booleanFlag(args, 'classics')
  if (args.positionals.length === 0 && !classics) {
    throw new UsageError('"arena tournament" needs players: files, a directory, built-in names, or --classics')
  }
  const choice = ruleChoiceFrom(args)
  const repetitionsText = stringFlag(args, 'repetitions')
  const repetitions =
    repetitionsText === undefined ? DEFAULT_REPETITIONS : parseWhole('repetitions', repetitionsText, 1, MAX_REPETITIONS)
  const jobs = jobsFrom(args)

  const runner = createMatchRunner()
  const progress = progressLine(io.progressStream)
  let pool: JobPool | null = null
  let result: TournamentResult
  try {
    const players = await resolvePlayers(args.positionals, classics, runner.limits)
    if (players.length < 2) {
      throw new UsageError(`a tournament needs at least 2 players, got 1 (${players[0]?.label ?? ''})`)
    }
    const sources = players.map((p) => p.source)
    const identities = await opponentsFromFlag(args, sources)
    const options = { rules: choice.rules, repetitions, seed: choice.seed, onProgress: progress.update, ...identities }
    // One thread plays with the engine's one-call function, which schedules the run itself.
    const run = jobs === 1 ? null : scheduledTournament(sources, options)
    planMoves(runMoves(run ?? scheduledTournament(sources, options)))
    // The worker threads start now and warm up while the files are checked.
    pool = run && openPool(jobs, run, 'dilemma', sources, { match: runner })
    await assertPlayersLoad(runner, players)
    result = pool && run ? await playOn(pool, run, options.onProgress) : await playTournament(runner, sources, options)
  } finally {
    await pool?.close()
    progress.finish()
    runner.dispose()
  }

  writeResult(io, booleanFlag(args, 'json'), result, choice.classification, gameWarnings(choice.classification), () =>
    renderTournament(result, choice.classification, choice.seedText, stringFlag(args, 'opponents') ?? null),
  )
  return 0
}

function opponentOf(record: FaultRecord): string {
  const other = record.match[record.side === 0 ? 1 : 0]
  return other === record.match[record.side] ? 'itself' : other
}

export function renderTournament(
  result: TournamentResult,
  game: GameClassification,
  givenSeed: string | null = null,
  /** The --opponents file, when identities were shared. */
  opponentsFile: string | null = null,
): string {
  const out: string[] = []
  out.push(`tournament: ${plural(result.players.length, 'player')}, ${plural(result.repetitions, 'repetition')}`)
  out.push(`rules: ${rulesText(result.rules)}`)
  out.push(`seed: ${seedText(result.seed, givenSeed)}`)
  if (opponentsFile !== null) out.push(identitiesLine(opponentsFile))
  for (const w of gameWarnings(game)) out.push(`warning: ${w}`)
  const reused = result.reusedMatches > 0 ? `, ${result.reusedMatches} reused from deterministic pairings` : ''
  out.push(`matches: ${result.scheduledMatches} (${result.playedMatches} played${reused})`)
  out.push('')

  const behaviour = new Map(result.behaviour.map((b) => [b.id, b]))
  const rows = result.standings.map((s) => {
    const b = behaviour.get(s.id)
    return [
      String(s.rank),
      s.id,
      fixed(s.medianScore),
      fixed(s.meanScore),
      String(s.wins),
      percent(s.cooperationRate),
      String(s.faults),
      yesNo(b?.nice ?? null),
      yesNo(b?.retaliating ?? null),
      yesNo(b?.forgiving ?? null),
    ]
  })
  out.push(
    ...table(
      [['rank', 'player', 'median', 'mean', 'wins', 'coop', 'faults', 'nice', 'retaliating', 'forgiving'], ...rows],
      ['right', 'left', 'right', 'right', 'right', 'right', 'right', 'left', 'left', 'left'],
    ),
  )
  out.push('')
  out.push(
    'median, mean: score per turn against the other players (self-play excluded), over the repetitions; the median ranks.',
  )
  out.push('wins: matches with a strictly higher total. coop: share of C moves. "-": no evidence either way.')

  const faulty = result.faults.filter((f) => f.count > 0)
  if (faulty.length > 0) {
    out.push('')
    out.push('faults:')
    for (const f of faulty) {
      const first = f.records[0]
      const where = first ? ` (first: ${faultText(first)}, vs ${opponentOf(first)}, repetition ${first.repetition + 1})` : ''
      out.push(`  ${f.id}: ${plural(f.count, 'fault')}${where}`)
    }
  }
  return lines(out)
}

/**
 * `arena experiment SPEC.json [--json]`, `arena experiment --preset NAME
 * [--json]` and `arena experiment --preset` (the list): the same field under
 * several rule sets, side by side (src/engine/experiment.ts). The readable
 * output is a table with a column per rule set (with the final stock and the
 * stock over time for the commons), then how the ranks moved; --json is the
 * engine's ExperimentResult as it is.
 *
 * An experiment plays one game: the dilemma's needs the sandbox's match
 * runner, the commons' its group runner (src/cli/group-runner.ts).
 *
 * Everything wrong with a SPEC file (not JSON, a bad field, an unknown
 * player) is one line naming the file, exit code 2, like a bad --opponents
 * file; a strategy file that does not load is exit code 1, as in a tournament.
 */
import { readFile, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { commonsLoadFault } from '../../engine/commons/load-check'
import { ExperimentError, readExperimentSpec, type ExperimentGame, type ExperimentSpec } from '../../engine/experiment-spec'
import { SURVIVOR_SHARE, runExperiment, type CommonsRuleSetResult, type ExperimentResult, type ExperimentRunners, type RuleSetResult } from '../../engine/experiment'
import { EXPERIMENT_PRESETS, PRESET_NAMES, findPreset, type ExperimentPreset } from '../../engine/presets'
import { booleanFlag, parseArgs, stringFlag } from '../args'
import { commonsRulesText, mechanismsText as commonsMechanismsText } from '../commons-flags'
import { sparkline } from '../commons-format'
import { CliError, UsageError } from '../errors'
import { fixed, mechanismsText, percent, plural, rulesText, table } from '../format'
import { createGroupRunner } from '../group-runner'
import { lines, readableText, type Io } from '../io'
import { assertLoads, assertPlayersLoad } from '../load'
import { builtinPlayers, describeFsError, resolvePlayers, type Player, type SourceLimits } from '../players'
import { progressLine } from '../progress'
import { didYouMean } from '../suggest'
import { JOBS_FLAG, jobsFrom } from '../jobs/flag'
import { openPool, playOn, runMoves, scheduledExperiment } from '../jobs/play'
import type { JobPool } from '../jobs/pool'
import type { Runners } from '../jobs/task-player'
import { createMatchRunner, planMoves } from '../sandbox'

const FLAGS = { preset: 'string', json: 'boolean', ...JOBS_FLAG } as const

/** A SPEC file is a small JSON document; anything much larger is a mistake (a strategy, a result). */
const MAX_SPEC_BYTES = 1024 * 1024

export async function experimentCommand(argv: readonly string[], io: Io): Promise<number> {
  if (asksForPresetList(argv)) return listPresets(argv, io)
  const args = parseArgs(argv, FLAGS, 'experiment')
  const presetName = stringFlag(args, 'preset')
  if (presetName !== undefined && args.positionals.length > 0) {
    throw new UsageError(`give a SPEC file or --preset NAME, not both (got "${args.positionals[0]}" and --preset ${presetName})`)
  }
  if (presetName === undefined && args.positionals.length !== 1) {
    throw new UsageError(
      args.positionals.length === 0
        ? '"arena experiment" needs a SPEC file (JSON) or --preset NAME; "arena experiment --preset" lists the presets'
        : `"arena experiment" takes one SPEC file, got ${args.positionals.length}`,
    )
  }
  const specPath = args.positionals[0]
  const preset = presetName === undefined ? null : presetNamed(presetName)
  const jobs = jobsFrom(args)
  const spec = preset ? preset.spec : await readSpecFile(specPath!)

  // Every rule set plays the same game (the engine refuses a mixed experiment).
  const game: ExperimentGame = spec.ruleSets[0]?.game ?? 'dilemma'
  const runner = await gameRunner(game)
  const progress = game === 'commons' ? progressLine(io.progressStream, 'played', 300, 100, 'groups') : progressLine(io.progressStream)
  let pool: JobPool | null = null
  let result: ExperimentResult
  try {
    // A preset names built-ins, which always load. A SPEC file's players are written relative to it: errors name it too.
    const players = preset
      ? builtinPlayers(spec.players, game)
      : await naming(specPath!, () => resolvePlayers(spec.players, false, runner.limits, game, dirname(specPath!)))
    const field = { ...spec, players: players.map((p) => p.source) }
    const options = { onProgress: progress.update }
    // One thread plays with the engine's one-call function, which schedules the run itself.
    const run = jobs === 1 ? null : scheduledExperiment(field)
    planMoves(runMoves(run ?? scheduledExperiment(field)))
    // The worker threads start now and warm up while the files are checked.
    pool = run && openPool(jobs, run, game, field.players, runner.runners)
    if (!preset) await naming(specPath!, () => runner.assertLoad(players))
    result = pool && run ? await playOn(pool, run, options.onProgress) : await runExperiment(runner.runners, field, options)
  } finally {
    await pool?.close()
    progress.finish()
    runner.dispose()
  }
  if (booleanFlag(args, 'json')) io.out(JSON.stringify(result) + '\n')
  else io.out(readableText(renderExperiment(result, preset)))
  return 0
}

/** The sandbox's runner for the experiment's game, with what it accepts of a source and its load check. */
interface GameRunner {
  runners: ExperimentRunners & Runners
  limits: SourceLimits
  assertLoad(players: readonly Player[]): Promise<void>
  dispose(): void
}

async function gameRunner(game: ExperimentGame): Promise<GameRunner> {
  if (game === 'commons') {
    const group = await createGroupRunner()
    return {
      runners: { group },
      limits: group.limits,
      assertLoad: (players) => assertLoads(players, (source) => commonsLoadFault(group, source)),
      dispose: () => group.dispose(),
    }
  }
  const match = createMatchRunner()
  return { runners: { match }, limits: match.limits, assertLoad: (players) => assertPlayersLoad(match, players), dispose: () => match.dispose() }
}

/** `--preset` with no name after it (nothing, or another option): list the presets. */
function asksForPresetList(argv: readonly string[]): boolean {
  const end = argv.indexOf('--')
  const words = end === -1 ? argv : argv.slice(0, end)
  const at = words.indexOf('--preset')
  return at !== -1 && (at === words.length - 1 || words[at + 1]!.startsWith('--'))
}

function listPresets(argv: readonly string[], io: Io): number {
  // --jobs is accepted (and checked) as anywhere else in the command, though a list plays nothing.
  const args = parseArgs(argv.filter((word) => word !== '--preset'), { json: 'boolean', ...JOBS_FLAG }, 'experiment')
  jobsFrom(args)
  if (args.positionals.length > 0) throw new UsageError(`"arena experiment --preset" lists the presets and takes no file (got "${args.positionals[0]}")`)
  if (booleanFlag(args, 'json')) {
    io.out(JSON.stringify(EXPERIMENT_PRESETS.map(({ name, title, expected, spec }) => ({ name, title, expected, spec }))) + '\n')
    return 0
  }
  const out = ['presets (arena experiment --preset NAME):', '']
  for (const p of EXPERIMENT_PRESETS) {
    out.push(`${p.name}: ${p.title}`)
    out.push(`  players: ${p.spec.players.join(', ')}`)
    out.push(`  rule sets: ${p.spec.ruleSets.map((r) => r.name).join(', ')}`)
    out.push(`  expected: ${p.expected}`)
    out.push('')
  }
  io.out(lines(out.slice(0, -1)))
  return 0
}

function presetNamed(name: string): ExperimentPreset {
  const preset = findPreset(name)
  if (!preset) throw new UsageError(`unknown preset "${name}"${didYouMean(name, PRESET_NAMES)}; "arena experiment --preset" lists them`)
  return preset
}

/** The SPEC file, checked by the engine; every problem is one line that names the file. */
async function readSpecFile(path: string): Promise<ExperimentSpec<string>> {
  let text: string
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new UsageError(`${path}: not a regular file`)
    if (info.size > MAX_SPEC_BYTES) throw new UsageError(`${path}: the file is ${info.size} bytes; a SPEC file may be at most ${MAX_SPEC_BYTES}`)
    // A byte-order mark is no part of the JSON.
    text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '')
  } catch (error) {
    if (error instanceof CliError) throw error
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`no such file: ${path}`)
    throw new UsageError(`cannot read ${path}: ${describeFsError(error)}`)
  }
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON: ${(error as Error).message}`)
  }
  try {
    return readExperimentSpec(document)
  } catch (error) {
    if (error instanceof ExperimentError) throw new UsageError(`${path}: ${error.message}`)
    throw error
  }
}

/** What `work` throws, with the SPEC file named first. */
async function naming<T>(specPath: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof CliError) throw new CliError(`${specPath}: ${error.message}`, error.exitCode)
    throw error
  }
}

/** "+2", "-1" or "=": how far a rank moved (positive is up). */
function moved(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `-${-n}` : '='
}

/** Rows of cells with one column per rule set, and as many lines as the longest list in any of them. */
function listRows(label: string, lists: readonly (readonly string[])[]): string[][] {
  const height = Math.max(1, ...lists.map((l) => l.length))
  const rows: string[][] = []
  for (let i = 0; i < height; i++) rows.push([i === 0 ? label : '', ...lists.map((l) => l[i] ?? '')])
  return rows
}

function survivors(ruleSet: RuleSetResult): string[] {
  if (ruleSet.ecology === null) return []
  const share = new Map(ruleSet.ecology.shares.map((s) => [s.id, s.share]))
  return ruleSet.ecology.survivors.map((id) => `${id} ${percent(share.get(id)!)}`)
}

/** One line of rules per rule set. */
function ruleSetText(s: RuleSetResult): string {
  if (s.game === 'commons') return `${commonsRulesText(s.rules)}, groups of ${s.group}; mechanisms: ${commonsMechanismsText(s.rules)}`
  return [rulesText(s.rules), ...mechanismsText(s.rules)].join(', ')
}

/** The commons' rows: the final stock and the share of groups that collapsed. */
function commonsRows(sets: readonly CommonsRuleSetResult[]): string[][] {
  return [
    ['final stock', ...sets.map((s) => `${fixed(s.finalStock, 1)} of ${s.rules.maxStock}`)],
    ['collapsed', ...sets.map((s) => `${percent(s.collapsed)} of ${plural(s.groups, 'group')}`)],
  ]
}

/** The mean stock over time of every rule set, one sparkline each, in proportion to its own maxStock. */
function stockBlock(sets: readonly CommonsRuleSetResult[]): string[] {
  const rows = sets.map((s) => [s.name, sparkline(s.stock, s.rules.maxStock), `end ${fixed(s.finalStock, 1)}`])
  return ['stock over time, mean over the groups (█ = maxStock; a blank is an empty stock):', ...table(rows, ['left', 'left', 'left'], '  ')]
}

const DILEMMA_NOTES = [
  'cooperation: share of C moves. welfare: mean payoff per player and round, as a share of the cooperative',
  'optimum (R each, every round). Both leave self-play out. winner: the first of the ranking (median score',
  `per round). survivors: the strategies holding at least ${percent(SURVIVOR_SHARE)} of the population when the ecology settles.`,
]

const COMMONS_NOTES = [
  'cooperation: share of requests at or below the sustainable share. welfare: what the groups received, as a',
  'share of the sustainable total (restraint every round; mean over the groups). final stock: mean over the',
  'groups; collapsed: groups whose stock ended at 0, for good. winner: the first of the ranking (mean payoff per round).',
]

export function renderExperiment(result: ExperimentResult, preset: ExperimentPreset | null = null): string {
  const sets = result.ruleSets
  const commons = sets.filter((s): s is CommonsRuleSetResult => s.game === 'commons')
  const out: string[] = []
  if (preset) out.push(`preset: ${preset.name}: ${preset.title}`)
  out.push(`experiment: ${plural(result.players.length, 'player')}, ${plural(sets.length, 'rule set')}, ${plural(result.repetitions, 'repetition')}`)
  out.push(`seed: ${result.seed} (the same ${commons.length > 0 ? 'group' : 'match'} seeds under every rule set)`)
  out.push(`players: ${result.players.map((p) => p.id).join(', ')}`)
  out.push('')
  out.push('rule sets:')
  out.push(...table(sets.map((s) => [s.name, ruleSetText(s)]), ['left', 'left'], '  '))
  out.push('')

  const rows: string[][] = [
    ['', ...sets.map((s) => s.name)],
    ['cooperation', ...sets.map((s) => percent(s.cooperation))],
    ['welfare', ...sets.map((s) => percent(s.welfare))],
    ...(commons.length > 0 ? commonsRows(commons) : []),
    ['winner', ...sets.map((s) => s.winner.id)],
    ['verdict', ...sets.map((s) => s.verdict.code)],
    ...(sets.some((s) => s.ecology !== null) ? listRows('survivors', sets.map(survivors)) : []),
  ]
  out.push(...table(rows, ['left', ...sets.map(() => 'left' as const)]))
  out.push('')
  if (commons.length > 0) out.push(...stockBlock(commons), '')

  const first = sets[0]!
  out.push(sets.length > 1 ? `rank moves (rank under each rule set; in brackets the move against ${first.name}, + is up):` : 'ranks:')
  const rankIn = sets.map((s) => new Map(s.rankMoves.map((m) => [m.id, m])))
  const digits = String(result.players.length).length
  const rankRows = first.standings.map((standing) => [
    standing.id,
    ...rankIn.map((ranks, k) => {
      const move = ranks.get(standing.id)!
      const rank = String(move.rank).padStart(digits)
      return k === 0 ? rank : `${rank} (${moved(move.moved)})`
    }),
  ])
  out.push(...table([['player', ...sets.map((s) => s.name)], ...rankRows], ['left', ...sets.map(() => 'left' as const)]))
  out.push('')

  out.push('the dilemma test:')
  for (const s of sets) out.push(`  ${s.name}: ${s.verdict.text}`)
  out.push('')
  out.push(...(commons.length > 0 ? COMMONS_NOTES : DILEMMA_NOTES))
  if (preset) out.push('', `expected: ${preset.expected}`)
  return lines(out)
}

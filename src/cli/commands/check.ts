/**
 * `arena check FILE`: what an author runs before submitting. It loads the
 * strategy (a set-up fault is reported as "FILE: line L, column C: ..."),
 * reads the games it declares, then for the dilemma plays it in a
 * tournament with every built-in of the dilemma under the default rules and
 * a fixed seed, and for the commons in groups with the commons' built-ins
 * (check-commons.ts), so two runs of the same file always agree. Exit code
 * 0 means no faults at all, 1 means it faulted (or did not load).
 */
import { findClassic } from '../../classics/index'
import type { MatchResult } from '../../engine/match'
import { makeRules } from '../../engine/rules'
import { playTournament } from '../../engine/tournament'
import type { PlayerBehaviour, Standing, TournamentResult } from '../../engine/tournament-result'
import type { Fault } from '../../engine/types'
import { iterations, MATCH_ROUNDS, type SandboxLimits } from '../../../sandbox/limits'
import type { BudgetUsage } from '../../../sandbox/player-vm'
import type { SandboxRunner } from '../../../sandbox/runner'
import { loadFault } from '../../engine/load-check'
import type { MatchRunner, MatchSetup, PlayedSide } from '../../engine/match-runner'
import type { StrategySource } from '../../engine/types'
import { parseArgs, stringFlag, type ParsedArgs } from '../args'
import { createGroupRunner } from '../group-runner'
import { commonsCheck, commonsCheckReport } from './check-commons'
import type { Game } from '../../engine/types'
import { UsageError } from '../errors'
import { fixed, ordinal, percent, plural, roundText, rulesText, table, yesNo } from '../format'
import { lines, readableText, type Io } from '../io'
import { OPPONENTS_FLAG, identitiesLine, opponentsFromFlag } from '../opponents-flag'
import { allBuiltins, resolvePlayer, type Player } from '../players'
import { progressLine } from '../progress'
import { createMatchRunner } from '../sandbox'

/** Fixed so that a check is reproducible and comparable between authors. */
export const CHECK_SEED = 1
export const CHECK_REPETITIONS = 5

export async function checkCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, OPPONENTS_FLAG, 'check')
  if (args.positionals.length !== 1) {
    throw new UsageError(`"arena check" needs exactly one strategy file (got ${args.positionals.length})`)
  }

  const runner = createMatchRunner()
  const progress = progressLine(io.progressStream)
  let player: Player
  let usage: UsageTracker
  let result: TournamentResult | null = null
  let games: readonly Game[]
  try {
    const word = args.positionals[0] as string
    const builtin = findClassic(word)
    player = await resolvePlayer(word, runner.limits, builtin && !builtin.games.includes('dilemma') ? 'commons' : 'dilemma')
    const fault = await loadFault(runner, player.source)
    if (fault) {
      // The finding itself, on stdout in the editor-friendly "FILE: line L, column C: ..." form.
      io.out(readableText(`${player.label}: ${fault.message}\n`))
      return 1
    }
    const declared = await runner.declaredGames(player.source.source)
    if ('error' in declared) {
      io.out(readableText(`${player.label}: ${declared.error}\n`))
      return 1
    }
    games = declared.games as Game[]
    usage = new UsageTracker(runner, player.label)
    if (games.includes('dilemma')) result = await dilemmaCheck(args, player, usage, progress.update)
  } finally {
    progress.finish()
    runner.dispose()
  }
  let report = result ? checkReport(player.label, result, budgetSection(usage.largest, runner.limits), stringFlag(args, 'opponents') ?? null) : null
  if (games.includes('commons')) {
    const commons = await playCommonsCheck(player, io)
    const text = report ? report.text.replace(/\n(check passed: no faults|check failed: .*)\n$/, '\n') : `check: ${player.label}\nloads: yes\nplays: the commons only (export const games)\n\n`
    const faults = (report?.faults ?? 0) + commons.faults
    report = { text: text + lines(...commons.lines, '', faults === 0 ? 'check passed: no faults' : `check failed: ${plural(faults, 'fault')}`), faults }
  }
  io.out(readableText(report!.text))
  return report!.faults > 0 ? 1 : 0
}

/** The commons' part of the check, in the group runner (made here: it holds up to 16 instances). */
async function playCommonsCheck(player: Player, io: Io): Promise<{ lines: string[]; faults: number }> {
  const groupRunner = await createGroupRunner()
  const progress = progressLine(io.progressStream, 'played', 300, 100, 'groups')
  try {
    const result = await commonsCheck(groupRunner, player.source, progress.update)
    return commonsCheckReport(player.label, result)
  } finally {
    progress.finish()
    groupRunner.dispose()
  }
}

/** The dilemma's part: a tournament with every built-in of the dilemma. */
async function dilemmaCheck(args: ParsedArgs, player: Player, usage: UsageTracker, onProgress: (done: number, total: number) => void): Promise<TournamentResult> {
  const players = [player, ...opponentsFor(player)].map((p) => p.source)
  const identities = await opponentsFromFlag(args, players)
  return playTournament(usage, players, {
    rules: makeRules(),
    repetitions: CHECK_REPETITIONS,
    seed: CHECK_SEED,
    keepMatches: true,
    onProgress,
    ...identities,
  })
}

/** Every built-in except the checked one itself; a file labelled like a built-in gets the built-in renamed. */
function opponentsFor(player: Player): Player[] {
  const self = player.kind === 'builtin' ? findClassic(player.label)?.id : undefined
  return allBuiltins()
    .filter((o) => o.label !== self)
    .map((o) => {
      if (o.label !== player.label) return o
      const label = `${o.label} (built-in)`
      return { ...o, label, source: { ...o.source, id: label } }
    })
}

/** Passes matches to the sandbox and keeps the largest share of each budget the checked strategy used. */
class UsageTracker implements MatchRunner {
  largest: BudgetUsage = { setup: 0, move: 0, match: 0 }
  constructor(
    private readonly inner: SandboxRunner,
    private readonly id: string,
  ) {}

  async play(a: StrategySource, b: StrategySource, setup: MatchSetup): Promise<[PlayedSide, PlayedSide]> {
    const sides = await this.inner.play(a, b, setup)
    const used = this.inner.lastUsage
    for (const i of [0, 1] as const) {
      if ([a, b][i]!.id !== this.id || !used) continue
      for (const key of ['setup', 'move', 'match'] as const) this.largest[key] = Math.max(this.largest[key], used[i][key])
    }
    return sides
  }
}

/** How close the strategy came to each budget: what an author needs to know before a longer match or a busier move retires it. */
function budgetSection(used: BudgetUsage, limits: SandboxLimits): string[] {
  const rows = [
    ['set-up', percent(used.setup), `of about ${iterations(limits.setupGas)} iterations of a simple loop`],
    ['a move', percent(used.move), `of about ${iterations(limits.moveGas)}`],
    ['a match', percent(used.match), `of about ${iterations(limits.matchGas)} per ${MATCH_ROUNDS} rounds`],
  ]
  return ['budgets (the largest share used in any match):', ...table(rows, ['left', 'right', 'left'], '  ')]
}

interface KindGroup {
  kind: string
  /** Itemised faults of this kind (the sandbox itemises the first 10 of each player in each match). */
  count: number
  /** Matches in which this kind was itemised. */
  matches: number
  opponents: string[]
  /** The occurrence with the earliest round: it shows best where the strategy breaks. */
  first: { fault: Fault; opponent: string }
}

interface FaultSummary {
  /** Every fault counted by the sandbox, itemised or not. */
  total: number
  itemised: number
  /** Matches with at least one fault. */
  matches: number
  /** Most frequent kind first. */
  groups: KindGroup[]
}

/** The checked player's faults over its matches, grouped by kind. */
function summariseFaults(label: string, matches: readonly MatchResult[]): FaultSummary {
  const groups = new Map<string, KindGroup>()
  const summary: FaultSummary = { total: 0, itemised: 0, matches: 0, groups: [] }
  for (const m of matches) {
    const selfPlay = m.players[0] === m.players[1]
    const opponent = selfPlay ? 'itself' : m.players[m.players[0] === label ? 1 : 0]
    // In self-play both sides are the checked strategy.
    const sides = ([0, 1] as const).filter((side) => m.players[side] === label)
    const kindsHere = new Set<string>()
    let count = 0
    for (const side of sides) {
      count += m.faultCounts[side]
      for (const f of m.faults[side]) {
        summary.itemised++
        let g = groups.get(f.kind)
        if (!g) {
          g = { kind: f.kind, count: 0, matches: 0, opponents: [], first: { fault: f, opponent } }
          groups.set(f.kind, g)
        }
        g.count++
        if (f.round < g.first.fault.round) g.first = { fault: f, opponent }
        if (!kindsHere.has(f.kind)) {
          kindsHere.add(f.kind)
          g.matches++
          if (!g.opponents.includes(opponent)) g.opponents.push(opponent)
        }
      }
    }
    summary.total += count
    if (count > 0) summary.matches++
  }
  summary.groups = [...groups.values()].sort((a, b) => b.count - a.count)
  return summary
}

function listShort(items: readonly string[], max = 8): string {
  const shown = items.slice(0, max).join(', ')
  return items.length > max ? `${shown} and ${items.length - max} more` : shown
}

function faultSection(faults: FaultSummary, matchCount: number): string[] {
  if (faults.total === 0) return ['faults: none']
  const out = [`faults: ${faults.total} in ${faults.matches} of ${plural(matchCount, 'match', 'matches')}`]
  const rows = faults.groups.map((g) => [
    g.kind,
    String(g.count),
    String(g.matches),
    `${roundText(g.first.fault.round)} vs ${g.first.opponent}: ${g.first.fault.message}`,
  ])
  const header = ['kind', 'itemised', 'matches', 'first (earliest round)']
  out.push(...table([header, ...rows], ['left', 'right', 'right', 'left'], '  '))
  for (const g of faults.groups) out.push(`  ${g.kind} against: ${listShort(g.opponents)}`)
  const hidden = faults.total - faults.itemised
  if (hidden > 0) {
    out.push(`  (the sandbox itemises the first 10 faults of a player in each match: ${hidden} more were counted)`)
  }
  return out
}

function profileSection(b: PlayerBehaviour, s: Standing, players: number): string[] {
  const niceWhy =
    b.nice === null
      ? ''
      : b.nice
        ? '  (never the first to defect)'
        : `  (first to defect in ${percent(1 - (b.niceRate ?? 0))} of its matches)`
  const retaliationWhy =
    b.retaliationRate === null
      ? '  (no opponent ever defected)'
      : `  (answered ${percent(b.retaliationRate)} of the opponents' defections with D)`
  const forgivenessWhy =
    b.forgivenessRate === null
      ? '  (no retaliation to judge)'
      : `  (back to C within two rounds of the opponent in ${percent(b.forgivenessRate)}` +
        ` of ${plural(b.forgivenessOpportunities, 'case')})`
  const rows = [
    ['cooperation', percent(b.cooperationRate)],
    ['nice', yesNo(b.nice) + niceWhy],
    ['retaliating', yesNo(b.retaliating) + retaliationWhy],
    ['forgiving', yesNo(b.forgiving) + forgivenessWhy],
    ['score', `${fixed(s.meanScore)} per turn (mean), ${fixed(s.medianScore)} (median)`],
    ['rank', `${ordinal(s.rank)} of ${players} (it and the built-ins, by median score)`],
  ]
  return ['profile (against the built-ins, self-play excluded):', ...table(rows, ['left', 'left'], '  ')]
}

export function checkReport(
  label: string,
  result: TournamentResult,
  budgets: readonly string[] = [],
  /** The --opponents file, when identities were shared. */
  opponentsFile: string | null = null,
): { text: string; faults: number } {
  const mine = (result.matches ?? []).filter((m) => m.players[0] === label || m.players[1] === label)
  const faults = summariseFaults(label, mine)
  const out: string[] = []
  out.push(`check: ${label}`)
  out.push('loads: yes')
  const others = plural(result.players.length - 1, 'built-in')
  const reps = plural(result.repetitions, 'repetition')
  out.push(`played: against ${others} and itself, ${reps}, ${plural(mine.length, 'match', 'matches')}`)
  out.push(`rules: ${rulesText(result.rules)}`)
  out.push(`seed: ${result.seed}`)
  if (opponentsFile !== null) out.push(identitiesLine(opponentsFile))
  out.push('')
  out.push(...faultSection(faults, mine.length))
  out.push('')
  const b = result.behaviour.find((x) => x.id === label)
  const s = result.standings.find((x) => x.id === label)
  if (b && s) out.push(...profileSection(b, s, result.players.length), '')
  if (budgets.length > 0) out.push(...budgets, '')
  out.push(faults.total === 0 ? 'check passed: no faults' : `check failed: ${plural(faults.total, 'fault')}`)
  return { text: lines(out), faults: faults.total }
}

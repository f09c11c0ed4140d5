/**
 * `arena check FILE`: what an author runs before submitting. It loads the
 * strategy (a set-up fault is reported as "FILE: line L, column C: ..."),
 * then plays it in a tournament with every built-in under the default rules
 * and a fixed seed, so two runs of the same file always agree. Exit code 0
 * means no faults at all, 1 means it faulted (or did not load).
 */
import { findClassic } from '../../classics/index'
import { makeRules, type MatchResult } from '../../engine/match'
import { playTournament, type TournamentResult } from '../../engine/tournament'
import type { Fault } from '../../engine/types'
import { createNodeRunner } from '../../../sandbox/node'
import { parseArgs } from '../args'
import { UsageError } from '../errors'
import { fixed, ordinal, percent, plural, roundText, rulesText, table, yesNo } from '../format'
import { lines, type Io } from '../io'
import { loadFault } from '../load'
import { allBuiltins, resolvePlayer, type Player } from '../players'
import { progressLine } from '../progress'

/** Fixed so that a check is reproducible and comparable between authors. */
export const CHECK_SEED = 1
export const CHECK_REPETITIONS = 5

export async function checkCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, {}, 'check')
  if (args.positionals.length !== 1) {
    throw new UsageError(`"arena check" needs exactly one strategy file (got ${args.positionals.length})`)
  }
  const player = await resolvePlayer(args.positionals[0] as string)
  const rules = makeRules()

  const runner = await createNodeRunner()
  const progress = progressLine(io.progressStream)
  let result: TournamentResult
  try {
    const fault = await loadFault(runner, player, rules)
    if (fault) {
      // The finding itself, on stdout in the editor-friendly "FILE: line L, column C: ..." form.
      io.out(`${player.label}: ${fault.message}\n`)
      return 1
    }
    result = await playTournament(runner, [player.source, ...opponentsFor(player).map((o) => o.source)], {
      rules,
      repetitions: CHECK_REPETITIONS,
      seed: CHECK_SEED,
      keepMatches: true,
      onProgress: progress.update,
    })
  } finally {
    progress.finish()
    runner.dispose()
  }
  const report = checkReport(player.label, result)
  io.out(report.text)
  return report.faults > 0 ? 1 : 0
}

/** Every built-in except the checked one itself; a file labelled like a built-in gets the built-in renamed. */
function opponentsFor(player: Player): Player[] {
  const self = player.kind === 'builtin' ? findClassic(player.label)?.id : undefined
  return allBuiltins()
    .filter((o) => o.label !== self)
    .map((o) => (o.label === player.label ? { ...o, label: `${o.label} (built-in)`, source: { ...o.source, id: `${o.label} (built-in)` } } : o))
}

interface KindGroup {
  kind: string
  /** Itemised faults of this kind (the sandbox itemises the first 10 of each player in each match). */
  count: number
  matches: number
  opponents: string[]
  first: { fault: Fault; opponent: string }
}

/** The checked player's faults over all its matches, grouped by kind. */
function groupFaults(label: string, matches: readonly MatchResult[]): { total: number; itemised: number; matches: number; groups: KindGroup[] } {
  const groups = new Map<string, KindGroup>()
  let total = 0
  let itemised = 0
  let faultyMatches = 0
  for (const m of matches) {
    const selfPlay = m.players[0] === m.players[1]
    const opponent = selfPlay ? 'itself' : m.players[m.players[0] === label ? 1 : 0]
    // In self-play both sides are the checked strategy.
    const sides = ([0, 1] as const).filter((s) => m.players[s] === label)
    const kindsHere = new Set<string>()
    let faulted = false
    for (const s of sides) {
      total += m.faultCounts[s]
      if (m.faultCounts[s] > 0) faulted = true
      for (const f of m.faults[s]) {
        itemised++
        let g = groups.get(f.kind)
        if (!g) {
          g = { kind: f.kind, count: 0, matches: 0, opponents: [], first: { fault: f, opponent } }
          groups.set(f.kind, g)
        }
        g.count++
        // The earliest round shows best where the strategy breaks.
        if (f.round < g.first.fault.round) g.first = { fault: f, opponent }
        if (!kindsHere.has(f.kind)) {
          kindsHere.add(f.kind)
          g.matches++
          if (!g.opponents.includes(opponent)) g.opponents.push(opponent)
        }
      }
    }
    if (faulted) faultyMatches++
  }
  return { total, itemised, matches: faultyMatches, groups: [...groups.values()].sort((a, b) => b.count - a.count) }
}

function listShort(items: readonly string[], max = 6): string {
  const shown = items.slice(0, max).join(', ')
  return items.length > max ? `${shown} and ${items.length - max} more` : shown
}

export function checkReport(label: string, result: TournamentResult): { text: string; faults: number } {
  const mine = (result.matches ?? []).filter((m) => m.players[0] === label || m.players[1] === label)
  const faults = groupFaults(label, mine)
  const out: string[] = []
  const others = result.players.length - 1
  out.push(`check: ${label}`)
  out.push('loads: yes')
  out.push(
    `played: against ${plural(others, 'built-in')} and itself, ${plural(result.repetitions, 'repetition')}, ${plural(mine.length, 'match', 'matches')}`,
  )
  out.push(`rules: ${rulesText(result.rules)}`)
  out.push(`seed: ${result.seed}`)
  out.push('')

  if (faults.total === 0) {
    out.push('faults: none')
  } else {
    out.push(`faults: ${faults.total} in ${faults.matches} of ${plural(mine.length, 'match', 'matches')}`)
    const rows = faults.groups.map((g) => [
      g.kind,
      String(g.count),
      String(g.matches),
      `${roundText(g.first.fault.round)} vs ${g.first.opponent}: ${g.first.fault.message}`,
    ])
    out.push(...table([['kind', 'itemised', 'matches', 'first (earliest round)'], ...rows], ['left', 'right', 'right', 'left'], '  '))
    for (const g of faults.groups) out.push(`  ${g.kind} against: ${listShort(g.opponents)}`)
    if (faults.itemised < faults.total) {
      out.push(
        `  (the sandbox itemises the first 10 faults of a player in each match: ${faults.total - faults.itemised} more were counted but not itemised)`,
      )
    }
  }
  out.push('')

  const b = result.behaviour.find((x) => x.id === label)
  const s = result.standings.find((x) => x.id === label)
  if (b && s) {
    const niceWhy =
      b.nice === null ? '' : b.nice ? '  (never the first to defect)' : `  (first to defect in ${percent(1 - (b.niceRate ?? 0))} of its matches)`
    const retaliationWhy =
      b.retaliationRate === null
        ? '  (no opponent ever defected)'
        : `  (answered ${percent(b.retaliationRate)} of the opponents' defections with D)`
    const forgivenessWhy =
      b.forgivenessRate === null
        ? '  (no retaliation to judge)'
        : `  (back to C within two rounds of the opponent in ${percent(b.forgivenessRate)} of ${plural(b.forgivenessOpportunities, 'case')})`
    out.push('profile (against the built-ins, self-play excluded):')
    out.push(
      ...table(
        [
          ['cooperation', percent(b.cooperationRate)],
          ['nice', yesNo(b.nice) + niceWhy],
          ['retaliating', yesNo(b.retaliating) + retaliationWhy],
          ['forgiving', yesNo(b.forgiving) + forgivenessWhy],
          ['score', `${fixed(s.meanScore)} per turn (mean), ${fixed(s.medianScore)} (median)`],
          ['rank', `${ordinal(s.rank)} of ${result.players.length} (it and the built-ins, by median score)`],
        ],
        ['left', 'left'],
        '  ',
      ),
    )
    out.push('')
  }
  out.push(faults.total === 0 ? 'check passed: no faults' : `check failed: ${plural(faults.total, 'fault')}`)
  return { text: lines(out), faults: faults.total }
}

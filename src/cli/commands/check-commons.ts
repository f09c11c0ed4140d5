/**
 * The commons' part of `arena check`, for a module that declares the
 * commons: it plays groups of four with the commons' built-ins under the
 * default rules and a fixed seed, then reports the strategy's faults, rank,
 * mean payoff per round and restraint, and the groups' welfare.
 */
import { COMMONS_CLASSICS, classicAsSource } from '../../classics/index'
import type { CommonsResult } from '../../engine/commons/aggregate'
import { playCommonsTournament } from '../../engine/commons/tournament'
import type { StrategySource } from '../../engine/types'
import { faultText, fixed, ordinal, percent, plural, table } from '../format'
import type { CliGroupRunner } from '../group-runner'

/** Fixed so that a check is reproducible and comparable between authors. */
export const COMMONS_CHECK = { group: 4, repetitions: 1, seed: 1 } as const

/** Play the checked strategy with the commons' built-ins (the built-in itself renamed when the checked one is it). */
export async function commonsCheck(runner: CliGroupRunner, me: StrategySource, onProgress?: (done: number, total: number) => void): Promise<CommonsResult> {
  const others = COMMONS_CLASSICS.filter((c) => c.id !== me.id).map((c) => classicAsSource(c))
  return playCommonsTournament(runner, [me, ...others], { ...COMMONS_CHECK, ...(onProgress ? { onProgress } : {}) })
}

/** The report's lines, and the checked strategy's fault count. */
export function commonsCheckReport(label: string, result: CommonsResult): { lines: string[]; faults: number } {
  const index = result.players.findIndex((p) => p.id === label)
  const faults = result.faults[index]
  const standing = result.standings.find((s) => s.id === label)!
  const groups = result.groups.filter((g) => g.players.includes(label))
  const out = [
    `commons: in ${plural(groups.length, 'group')} of ${result.group} with the commons' ${plural(result.players.length - 1, 'built-in')}, ${plural(groups[0]?.rounds ?? 0, 'round')} each, seed ${result.seed}`,
  ]
  if (!faults || faults.count === 0) out.push('faults: none')
  else {
    out.push(`faults: ${faults.count}`)
    for (const f of faults.records) out.push(`  ${faultText(f)} (group ${f.group + 1}, seat ${f.seat + 1})`)
  }
  const rows = [
    ['rank', `${ordinal(standing.rank)} of ${result.players.length} (by mean payoff per round)`],
    ['payoff', `${fixed(standing.meanPayoff)} per round (mean over its groups)`],
    ['restraint', `${percent(standing.cooperation)} of its requests at or below the sustainable share (${fixed(result.sustainableShare)})`],
    ['its groups', `welfare ${percent(mean(groups.map((g) => g.welfare)))} of the sustainable optimum, final stock ${fixed(mean(groups.map((g) => g.finalStock)))}`],
  ]
  out.push(...table(rows, ['left', 'left'], '  '))
  return { lines: out, faults: faults?.count ?? 0 }
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length
}

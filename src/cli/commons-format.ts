/**
 * Plain-text pieces of the commons' readable output: the stock over time as
 * a one-line sparkline with a few exact values, and the lines every commons
 * report starts with.
 */
import type { CommonsRules } from '../engine/commons/types'
import { commonsRulesText, mechanismsText } from './commons-flags'
import { fixed } from './format'
import { seedText } from './rule-flags'

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█']
/** At most this many marks: a line fits a terminal. */
const SPARK_WIDTH = 50

/**
 * The stock as one character per round (the mean of a few rounds when there
 * are more than `width`): a block from ▁ to █ in proportion to maxStock, and
 * a space for an empty stock, between bars so that an empty end shows.
 */
export function sparkline(stock: readonly number[], maxStock: number, width = SPARK_WIDTH): string {
  const per = Math.max(1, Math.ceil(stock.length / width))
  let line = ''
  for (let start = 0; start < stock.length; start += per) {
    const bucket = stock.slice(start, start + per)
    const mean = bucket.reduce((a, b) => a + b, 0) / bucket.length
    line += mean <= 0 ? ' ' : BLOCKS[Math.min(BLOCKS.length - 1, Math.max(0, Math.ceil((mean / maxStock) * BLOCKS.length) - 1))]
  }
  return `|${line}|`
}

/**
 * The stock at the start, at each quarter and at the end, and when it
 * collapsed: stock[t] is the stock after t rounds (stock[0] the initial one).
 */
export function stockPoints(stock: readonly number[]): string {
  const rounds = stock.length - 1
  const marks = [...new Set([0, Math.round(rounds / 4), Math.round(rounds / 2), Math.round((3 * rounds) / 4)])].filter((t) => t < rounds)
  const parts = marks.map((t) => `round ${t + 1}: ${fixed(stock[t]!, 1)}`)
  parts.push(`end: ${fixed(stock[rounds]!, 1)}`)
  const gone = stock.indexOf(0)
  if (gone > 0) parts.push(`(collapsed after round ${gone})`)
  return parts.join('  ')
}

/** The stock block of a report: its heading, the sparkline and the values. */
export function stockLines(heading: string, stock: readonly number[], maxStock: number): string[] {
  const per = Math.max(1, Math.ceil(stock.length / SPARK_WIDTH))
  const marks = per === 1 ? 'one mark per round' : `one mark per ${per} rounds`
  return [`${heading} (█ = ${maxStock}, ${marks}):`, `  ${sparkline(stock, maxStock)}`, `  ${stockPoints(stock)}`]
}

/** The lines that open a commons report: rules, mechanisms, the sustainable share and the seed. */
export function commonsHeader(rules: CommonsRules, share: number, seed: number, givenSeed: string | null): string[] {
  return [
    `rules: ${commonsRulesText(rules)}`,
    `mechanisms: ${mechanismsText(rules)}`,
    `sustainable share: ${fixed(share)} a round each`,
    `seed: ${seedText(seed, givenSeed)}`,
  ]
}

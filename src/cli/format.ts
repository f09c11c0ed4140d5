/**
 * Plain-text formatting for terminal output: aligned tables, numbers rounded
 * for display (the JSON keeps raw doubles), wrapped move strings. No colours,
 * so output is the same on a terminal, in a file and in a test.
 */
import type { Fault, Rules } from '../engine/types'

export type Align = 'left' | 'right'

/** Rows of cells as aligned lines, two spaces between columns, no trailing spaces. */
export function table(rows: readonly (readonly string[])[], align: readonly Align[], indent = ''): string[] {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)))
  return rows.map((row) =>
    (
      indent +
      row
        .map((cell, i) => {
          const width = widths[i] as number
          return align[i] === 'right' ? cell.padStart(width) : cell.padEnd(width)
        })
        .join('  ')
    ).trimEnd(),
  )
}

/** A score or rate with a fixed number of decimals. */
export function fixed(n: number, digits = 3): string {
  return n.toFixed(digits)
}

export function percent(rate: number | null): string {
  return rate === null ? '-' : `${(rate * 100).toFixed(1)}%`
}

/** yes / no / - (no evidence). */
export function yesNo(value: boolean | null): string {
  return value === null ? '-' : value ? 'yes' : 'no'
}

export function payoffsText(rules: Rules): string {
  const { R, S, T, P } = rules.payoffs
  return `R=${R} S=${S} T=${T} P=${P}`
}

/** One line describing the rules, e.g. "200 turns, payoffs R=3 S=0 T=5 P=1, no noise". */
export function rulesText(rules: Rules): string {
  const length = rules.turns !== null ? plural(rules.turns, 'turn') : `continuation probability ${rules.continuation}`
  const noise = rules.noise > 0 ? `noise ${rules.noise}` : 'no noise'
  const mechanisms = [
    ...(rules.referee ? [`a referee (fine ${rules.referee.fine}, detection ${rules.referee.detection}, ${rules.referee.fines})`] : []),
    ...(rules.align !== 0 ? [`aligned rewards ${rules.align}`] : []),
    ...(rules.cheapTalk ? ['cheap talk'] : []),
  ]
  return `${length}, payoffs ${payoffsText(rules)}, ${noise}${mechanisms.map((m) => `, ${m}`).join('')}`
}

/** The rules' mechanisms in words, e.g. ["referee: fine 5, detection 0.5, shared", "aligned rewards a = 0.9"]; empty without any. */
export function mechanismsText(rules: Rules): string[] {
  const out: string[] = []
  const referee = rules.referee
  if (referee !== null) out.push(`referee: fine ${referee.fine}, detection ${referee.detection}, ${referee.fines}`)
  if (rules.align !== 0) out.push(`aligned rewards a = ${rules.align}`)
  if (rules.cheapTalk) out.push('cheap talk')
  return out
}

/** Rounds are shown counted from 1 (the JSON counts from 0); set-up is round -1 in the engine. */
export function roundText(round: number): string {
  return round < 0 ? 'set-up' : `round ${round + 1}`
}

export function faultText(fault: Fault): string {
  return `${fault.kind} at ${roundText(fault.round)}: ${fault.message}`
}

/** "1 match" / "3 matches". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`
}

/** Round indices (from 0) as a short human list counted from 1: "5, 17, 40 and 12 more". */
export function roundList(indices: readonly number[], max = 12): string {
  const shown = indices.slice(0, max).map((i) => String(i + 1))
  const rest = indices.length - shown.length
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ')
}

/**
 * Move strings in blocks of `width` rounds, each block headed by its round
 * range, one line per player with the labels aligned; a line of ^ under a
 * player's moves marks the rounds where noise flipped its intended move.
 */
export function moveBlocks(
  labels: readonly string[],
  moves: readonly string[],
  flips: readonly (readonly number[])[],
  width = 100,
): string[] {
  const labelWidth = Math.max(...labels.map((l) => l.length))
  const rounds = Math.max(...moves.map((m) => m.length))
  const lines: string[] = []
  for (let start = 0; start < rounds; start += width) {
    const end = Math.min(start + width, rounds)
    lines.push(end - start === 1 ? `round ${end}:` : `rounds ${start + 1}-${end}:`)
    labels.forEach((label, p) => {
      lines.push(`  ${label.padEnd(labelWidth)}  ${(moves[p] ?? '').slice(start, end)}`)
      const marks = (flips[p] ?? []).filter((r) => r >= start && r < end)
      if (marks.length > 0) {
        const row = new Array<string>(end - start).fill(' ')
        for (const r of marks) row[r - start] = '^'
        lines.push(`  ${''.padEnd(labelWidth)}  ${row.join('').trimEnd()}`)
      }
    })
  }
  return lines
}

/** "1st", "2nd", "3rd", "11th"... */
export function ordinal(n: number): string {
  const tens = n % 100
  if (tens >= 11 && tens <= 13) return `${n}th`
  switch (n % 10) {
    case 1:
      return `${n}st`
    case 2:
      return `${n}nd`
    case 3:
      return `${n}rd`
    default:
      return `${n}th`
  }
}

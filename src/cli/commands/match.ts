/**
 * `arena match A B`: one match, every move shown. The readable report is
 * for a person watching two strategies; --json is the engine's MatchResult
 * (players labelled as given) plus the game classification.
 */
import { countC, playMatch, type MatchResult } from '../../engine/match'
import type { GameClassification } from '../../engine/classify'
import type { Fault } from '../../engine/types'
import { booleanFlag, parseArgs, stringFlag, type FlagSpec } from '../args'
import { UsageError } from '../errors'
import { gameOf } from '../game-flag'
import { fixed, moveBlocks, percent, plural, roundList, roundText, rulesText, table } from '../format'
import { lines, type Io, writeResult } from '../io'
import { assertPlayersLoad } from '../load'
import { OPPONENTS_FLAG, identitiesLine, matchViews, opponentsFromFlag } from '../opponents-flag'
import { resolvePlayer } from '../players'
import { RULE_FLAGS, gameWarnings, ruleChoiceFrom, seedText } from '../rule-flags'
import { createMatchRunner, expectedRounds, planMoves } from '../sandbox'

export const MATCH_FLAGS: FlagSpec = { ...RULE_FLAGS, ...OPPONENTS_FLAG, game: 'string', json: 'boolean' }

export async function matchCommand(argv: readonly string[], io: Io): Promise<number> {
  if (gameOf(argv) === 'commons') return (await import('./commons-match')).commonsMatchCommand(argv, io)
  const args = parseArgs(argv, MATCH_FLAGS, 'match')
  if (args.positionals.length !== 2) {
    throw new UsageError(
      `"arena match" needs exactly two players (got ${args.positionals.length}), e.g. arena match tit-for-tat my-strategy.js`,
    )
  }
  const choice = ruleChoiceFrom(args)

  planMoves(2 * expectedRounds(choice.rules))
  const runner = createMatchRunner()
  let result: MatchResult
  try {
    const a = await resolvePlayer(args.positionals[0] as string, runner.limits)
    const b = await resolvePlayer(args.positionals[1] as string, runner.limits)
    const identities = await opponentsFromFlag(args, [a.source, b.source])
    await assertPlayersLoad(runner, [a, b])
    const opponents = matchViews(identities, a.source.id, b.source.id)
    result = await playMatch(runner, a.source, b.source, { rules: choice.rules, seed: choice.seed, opponents })
  } finally {
    runner.dispose()
  }

  writeResult(io, booleanFlag(args, 'json'), result, choice.classification, gameWarnings(choice.classification), () =>
    renderMatch(result, choice.classification, choice.seedText, stringFlag(args, 'opponents') ?? null),
  )
  return 0
}

/** Faults of one player grouped by kind: how many were itemised and the first of each. */
export function faultLines(label: string, faults: readonly Fault[], total: number): string[] {
  if (total === 0) return []
  const kinds = new Map<string, { count: number; first: Fault }>()
  for (const f of faults) {
    const entry = kinds.get(f.kind)
    if (entry) entry.count++
    else kinds.set(f.kind, { count: 1, first: f })
  }
  const itemised = total > faults.length ? ` (the first ${faults.length} are itemised)` : ''
  const head = `  ${label}: ${plural(total, 'fault')}${itemised}`
  const rows = [...kinds].map(([kind, { count, first }]) => [
    kind,
    String(count),
    `first at ${roundText(first.round)}: ${first.message}`,
  ])
  return [head, ...table(rows, ['left', 'right', 'left'], '    ')]
}

export function renderMatch(
  result: MatchResult,
  game: GameClassification,
  givenSeed: string | null = null,
  /** The --opponents file, when identities were shared. */
  opponentsFile: string | null = null,
): string {
  const labels = result.players
  const [la, lb] = labels[0] === labels[1] ? [`${labels[0]} (A)`, `${labels[1]} (B)`] : labels
  const rules = result.rules
  const out: string[] = []
  out.push(`match: ${labels[0]} vs ${labels[1]}`)
  out.push(`rules: ${rulesText(rules)}`)
  if (rules.turns === null) out.push(`turns: ${result.turns} (length drawn from the seed)`)
  out.push(`seed: ${seedText(result.seed, givenSeed)}`)
  if (opponentsFile !== null) out.push(identitiesLine(opponentsFile))
  for (const w of gameWarnings(game)) out.push(`warning: ${w}`)
  out.push('')
  out.push(...moveBlocks([la, lb], result.moves, result.flips))
  out.push('')

  const turns = result.turns
  out.push(
    ...table(
      [
        ['', 'total', 'per turn', 'cooperation'],
        ...[la, lb].map((label, i) => [
          label,
          String(result.scores[i as 0 | 1]),
          fixed((result.scores[i as 0 | 1] as number) / turns),
          percent(countC(result.moves[i as 0 | 1]) / turns),
        ]),
      ],
      ['left', 'right', 'right', 'right'],
      '  ',
    ),
  )
  const [sa, sb] = result.scores
  out.push(sa === sb ? 'result: draw' : `result: ${sa > sb ? la : lb} wins by ${Math.abs(sa - sb)}`)

  const roundsLine = (what: string, per: [number[], number[]]) => {
    const parts = [la, lb].map((label, i) => {
      const rounds = per[i as 0 | 1]
      if (rounds.length === 0) return `${label} none`
      return `${label} ${rounds.length} (${rounds.length === 1 ? 'round' : 'rounds'} ${roundList(rounds)})`
    })
    out.push(`${what}: ${parts.join('; ')}`)
  }
  if (rules.noise > 0) roundsLine('noise flips', result.flips)
  if (rules.referee !== null) roundsLine('fined by the referee', result.fined)
  const head = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}... (${s.length} rounds; --json has them all)` : s)
  if (result.announcements !== null) out.push(`announced (C, D, or - for none): ${la} ${head(result.announcements[0])}; ${lb} ${head(result.announcements[1])}`)

  const faults = [
    ...faultLines(la, result.faults[0], result.faultCounts[0]),
    ...faultLines(lb, result.faults[1], result.faultCounts[1]),
  ]
  out.push(faults.length === 0 ? 'faults: none' : 'faults:', ...faults)
  return lines(out)
}

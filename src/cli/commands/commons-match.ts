/**
 * `arena match --game commons A B C ...`: one group of 2 to 16 players, in
 * seat order (a word given twice takes two seats). The readable report
 * gives each seat's total, its restraint, fines and faults, and the stock
 * over time; --json is the engine's GroupResult (players labelled as given).
 */
import { commonsLoadFault } from '../../engine/commons/load-check'
import { playGroup, type GroupResult } from '../../engine/commons/play-group'
import { COMMONS_MAX_PLAYERS, COMMONS_MIN_PLAYERS, isRestrained } from '../../engine/commons/rules'
import { commonsJob, groupIdentities } from '../../engine/commons/schedule'
import { booleanFlag, parseArgs, stringFlag, type FlagSpec } from '../args'
import { COMMONS_RULE_FLAGS, commonsRulesFrom } from '../commons-flags'
import { commonsHeader, stockLines } from '../commons-format'
import { UsageError } from '../errors'
import { fixed, percent, plural, table } from '../format'
import { createGroupRunner } from '../group-runner'
import { lines, readableText, type Io } from '../io'
import { assertLoads } from '../load'
import { OPPONENTS_FLAG, identitiesLine, opponentsFromFlag } from '../opponents-flag'
import { resolvePlayer, type Player, type SourceLimits } from '../players'
import { seedFrom } from '../rule-flags'
import { faultLines } from './match'
import { expectedRounds, planMoves } from '../sandbox'

export const COMMONS_MATCH_FLAGS: FlagSpec = { ...COMMONS_RULE_FLAGS, ...OPPONENTS_FLAG, seed: 'string', json: 'boolean' }

export async function commonsMatchCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, COMMONS_MATCH_FLAGS, 'match --game commons')
  const n = args.positionals.length
  if (n < COMMONS_MIN_PLAYERS || n > COMMONS_MAX_PLAYERS) {
    throw new UsageError(
      `"arena match --game commons" needs ${COMMONS_MIN_PLAYERS} to ${COMMONS_MAX_PLAYERS} players (got ${n}), e.g. arena match --game commons restrained greedy grim-trigger`,
    )
  }
  const rules = commonsRulesFrom(args)
  const { seed, seedText } = seedFrom(args)

  planMoves(n * expectedRounds(rules))
  const runner = await createGroupRunner()
  let result: GroupResult
  try {
    const players = await seatPlayers(args.positionals, runner.limits)
    const ids = players.map((p) => p.source.id)
    const identities = await opponentsFromFlag(args, players.map((p) => p.source))
    await assertLoads(players, (source) => commonsLoadFault(runner, source))
    const job = commonsJob(0, ids.map((_, i) => i), ids, rules, seed, identities && groupIdentities(ids, identities.opponents, identities.histories))
    result = await playGroup(runner, job, players.map((p) => p.source))
  } finally {
    runner.dispose()
  }

  if (booleanFlag(args, 'json')) io.out(JSON.stringify(result) + '\n')
  else io.out(readableText(renderCommonsMatch(result, seedText, stringFlag(args, 'opponents') ?? null)))
  return 0
}

/**
 * The players in seat order. A word given more than once takes several
 * seats (a group of copies is a natural commons): the second is labelled
 * WORD#2, and so on, since a label is the player's id.
 */
async function seatPlayers(words: readonly string[], limits: SourceLimits): Promise<Player[]> {
  const seen = new Map<string, number>()
  const players: Player[] = []
  for (const word of words) {
    const player = await resolvePlayer(word, limits, 'commons')
    const copy = (seen.get(player.label) ?? 0) + 1
    seen.set(player.label, copy)
    const label = copy === 1 ? player.label : `${player.label}#${copy}`
    players.push({ ...player, label, source: { ...player.source, id: label } })
  }
  return players
}

export function renderCommonsMatch(result: GroupResult, givenSeed: string | null = null, opponentsFile: string | null = null): string {
  const { rules, rounds, sustainableShare: share } = result
  const n = result.players.length
  const out: string[] = []
  out.push(`commons: ${result.players.join(', ')} (${plural(n, 'player')})`)
  out.push(...commonsHeader(rules, share, result.seed, givenSeed))
  if (rules.turns === null) out.push(`rounds: ${rounds} (length drawn from the seed)`)
  if (opponentsFile !== null) out.push(identitiesLine(opponentsFile))
  out.push('')
  const rows = result.players.map((id, seat) => [
    String(seat + 1),
    id,
    fixed(result.scores[seat]!, 1),
    fixed(result.scores[seat]! / rounds),
    percent(result.requests[seat]!.filter((r) => isRestrained(r, share)).length / rounds),
    String(result.fined[seat]!.length),
    String(result.faultCounts[seat]),
  ])
  out.push(...table([['seat', 'player', 'total', 'per round', 'restrained', 'fined', 'faults'], ...rows], ['right', 'left', 'right', 'right', 'right', 'right', 'right'], '  '))
  out.push('')
  out.push(...stockLines('stock at the start of each round', result.stock, rules.maxStock))
  const received = result.scores.reduce((a, b) => a + b, 0)
  out.push(`welfare: ${percent(received / (rounds * n * share))} of the sustainable optimum (${fixed(n * share)} a round for the group)`)
  out.push('restrained: share of its requests at or below the sustainable share. fined: rounds the referee fined it.')
  if (rules.cheapTalk && result.announcements) {
    const said = result.announcements.map((row, seat) => `${result.players[seat]} ${row.filter((a) => a !== null).length}`)
    out.push(`announcements (rounds with one): ${said.join(', ')}`)
  }
  const faults = result.players.flatMap((id, seat) => faultLines(`${seat + 1} ${id}`, result.faults[seat]!, result.faultCounts[seat]!))
  out.push(faults.length === 0 ? 'faults: none' : 'faults (each played as the greediest request):', ...faults)
  return lines(out)
}

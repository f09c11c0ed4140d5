/**
 * A commons group for sandbox tests, without the engine's game: rules with
 * every field set, a group set-up, and a small deterministic resolve (the
 * engine's own, src/engine/commons/game.ts, plays real groups). The resolve
 * cuts requests to the quota, gives each seat half of what it asked for
 * (so receipts differ from requests) and takes the total from the stock,
 * which grows back by a fixed amount.
 */
import type { CommonsRules, GroupSetup, ResolveRound, RoundOutcome } from '../../src/engine/commons/types'
import type { OpponentInfo, StrategySource } from '../../src/engine/types'

export function commonsRules(overrides: Partial<CommonsRules> = {}): CommonsRules {
  return {
    capacity: 60,
    maxStock: 500,
    initialStock: 400,
    regrowth: 0.25,
    collapseBelow: 5,
    maxRequest: 20,
    turns: 12,
    continuation: null,
    referee: null,
    quota: null,
    align: 0,
    cheapTalk: false,
    ...overrides,
  }
}

export function groupSetup(players: number, overrides: Partial<GroupSetup> = {}): GroupSetup {
  const rules = overrides.rules ?? commonsRules()
  return {
    rules,
    rounds: rules.turns ?? 12,
    stock: rules.initialStock,
    sustainableShare: 2.5,
    seeds: Array.from({ length: players }, (_, s) => 7919 * (s + 1)),
    identities: Array.from({ length: players }, () => null),
    ...overrides,
  }
}

/** What each seat sees as the others' identities when every seat s is named `seat-s`. */
export function identitiesOf(players: number): (OpponentInfo[] | null)[] {
  return Array.from({ length: players }, (_, viewer) =>
    Array.from({ length: players }, (_, s) => s)
      .filter((s) => s !== viewer)
      .map((s) => ({ id: `seat-${s}`, name: `Seat ${s}`, reputation: { rank: s, tags: ['t', String(viewer)] } })),
  )
}

export interface ToyGame {
  resolve: ResolveRound
  /** Every call of resolve: the round and the requests as made. */
  calls: { round: number; requests: number[] }[]
  /** Every outcome resolve returned, by round. */
  outcomes: RoundOutcome[]
}

export function toyGame(setup: GroupSetup): ToyGame {
  const calls: ToyGame['calls'] = []
  const outcomes: RoundOutcome[] = []
  let stock = setup.stock
  const resolve: ResolveRound = (round, made) => {
    calls.push({ round, requests: [...made] })
    const quota = setup.rules.quota
    const requests = made.map((x) => (quota === null ? x : Math.min(x, quota)))
    const receipts = requests.map((x) => x / 2)
    stock = Math.max(0, stock - requests.reduce((a, b) => a + b, 0) + 10)
    const outcome = { requests, receipts, fined: requests.map(() => false), stock }
    outcomes.push(outcome)
    return outcome
  }
  return { resolve, calls, outcomes }
}

export function source(id: string, text: string): StrategySource {
  return { id, name: id, source: text }
}

/**
 * Property: any match of a tournament replays alone. For every match of a
 * tournament of classics and hostile fixtures, played with warm contexts,
 * playing that pair alone in brand-new sandboxes with the match's seed gives
 * the same MatchResult, byte for byte. A strategy that leaks state between
 * matches through some intrinsic, or a limit whose outcome depends on what
 * ran before, breaks it.
 *
 * The tournament is played twice, with the players in list order and in
 * reverse: each pair is then also played with its two players swapped (other
 * seeds, other slots, other histories of the warm contexts); and once more
 * under the mechanisms (a referee that draws detections, aligned rewards,
 * cheap talk) with fixtures that attack through announce.
 *
 * Time: most of it goes into brand-new sandboxes (tens of ms a match); hence
 * 20 turns, and fewer classics in reverse order.
 * When it fails, the message lists every match that did not replay alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLASSICS, classicAsSource } from '../src/classics'
import { playMatch, type MatchResult } from '../src/engine/match'
import { playTournament } from '../src/engine/tournament'
import type { TournamentResult } from '../src/engine/tournament-result'
import { opponentView } from '../src/engine/opponent-view'
import type { FaultKind, OpponentHistory, OpponentInfo, StrategySource } from '../src/engine/types'
import { createNodeRunner } from '../sandbox/node'
import type { SandboxRunner } from '../sandbox/runner'
import { ANNOUNCE_FIXTURES, HOSTILE_FIXTURES } from './helpers/hostile-fixtures'
import type { RulesInput } from '../src/engine/rules'

/** Varied classics: stateful (grudger, gradual, handshake, prober), random (joss, generous-tit-for-tat, random). */
const CLASSIC_IDS = ['tit-for-tat', 'grudger', 'gradual', 'joss', 'generous-tit-for-tat', 'random', 'prober', 'handshake']

function classic(id: string): StrategySource {
  const c = CLASSICS.find((x) => x.id === id)
  if (!c) throw new Error(`no classic "${id}"`)
  return classicAsSource(c)
}

const PLAYERS: StrategySource[] = [...CLASSIC_IDS.map(classic), ...HOSTILE_FIXTURES]
/** The reverse-order tournament, one repetition: every fixture, and fewer classics to keep the test's time down. */
const REVERSED: StrategySource[] = [...['tit-for-tat', 'grudger', 'joss', 'gradual'].map(classic), ...HOSTILE_FIXTURES].reverse()
/** The mechanisms' tournament: fewer classics, the announce fixtures, every hostile fixture. */
const TALKERS: StrategySource[] = [...['tit-for-tat', 'joss'].map(classic), ...ANNOUNCE_FIXTURES, ...HOSTILE_FIXTURES]
const RULES: RulesInput = { turns: 20, noise: 0.05 }
const MECHANISMS: RulesInput = { ...RULES, referee: { fine: 2, detection: 0.5, fines: 'shared' }, align: 0.25, cheapTalk: true }
const SEED = 20_251
/** Shared identities, so that view.opponent (identity, reputation and the viewer's history) is part of what a replay must reproduce. */
const OPPONENTS: Record<string, OpponentInfo> = Object.fromEntries(
  [...PLAYERS, ...ANNOUNCE_FIXTURES].map((p, k) => [p.id, { id: p.id, name: p.name, reputation: { rank: k, tags: ['fixture', k % 2 ? 'odd' : 'even'] } }]),
)
/** Each player's own record against each opponent (self included), so that the viewer's history is part of it too. */
const EVERYONE = [...PLAYERS, ...ANNOUNCE_FIXTURES]
const HISTORIES: Record<string, Record<string, OpponentHistory>> = Object.fromEntries(
  EVERYONE.map((viewer, k) => [
    viewer.id,
    Object.fromEntries(
      EVERYONE.map((opponent, j) => [
        opponent.id,
        { matches: 1 + ((k + 2 * j) % 4), myCooperation: 0.5, theirCooperation: j % 2, lastMoves: { my: ['C'], their: [j % 2 ? 'C' : 'D'] } },
      ]),
    ),
  ]),
)
const BUDGET_KINDS: FaultKind[] = ['move-budget', 'match-budget', 'cpu-budget']
/** Each tournament's time, with room for a loaded machine: list order plays 600 matches warm and 600 in brand-new sandboxes (~40 s here), reverse order 210 and 210. */
const TIMEOUT = 120_000

describe('a tournament match replays alone in brand-new sandboxes', () => {
  let warm: SandboxRunner
  let fresh: SandboxRunner
  const byId = new Map(EVERYONE.map((p) => [p.id, p]))

  beforeAll(async () => {
    warm = await createNodeRunner()
    fresh = await createNodeRunner({ reuseContexts: false })
  })
  afterAll(() => {
    warm?.dispose()
    fresh?.dispose()
  })

  /** Where two results differ, in a few words: the fields that differ, and the first round where the moves do. */
  function difference(got: MatchResult, want: MatchResult): string {
    const fields = (Object.keys(want) as (keyof MatchResult)[]).filter((k) => JSON.stringify(got[k]) !== JSON.stringify(want[k]))
    const firstRound = [0, 1].map((s) => {
      const a = got.moves[s]!
      const b = want.moves[s]!
      for (let r = 0; r < Math.max(a.length, b.length); r++) if (a[r] !== b[r]) return r
      return -1
    })
    return `${fields.join(', ')}; moves first differ at round ${firstRound[0]} (A) / ${firstRound[1]} (B)`
  }

  /** Replays every kept match alone and returns a line for each one that differs. */
  async function mismatches(t: TournamentResult, rules: RulesInput = RULES): Promise<string[]> {
    const out: string[] = []
    for (const m of t.matches!) {
      const [a, b] = [byId.get(m.players[0])!, byId.get(m.players[1])!]
      const opponents: [OpponentInfo | null, OpponentInfo | null] = [
        opponentView(OPPONENTS[b.id]!, HISTORIES[a.id]![b.id]),
        opponentView(OPPONENTS[a.id]!, HISTORIES[b.id]![a.id]),
      ]
      const alone = await playMatch(fresh, a, b, { rules, seed: m.seed, opponents })
      if (JSON.stringify(alone) !== JSON.stringify(m)) out.push(`${a.id} vs ${b.id} (seed ${m.seed}): ${difference(m, alone)}`)
    }
    return out
  }

  /** Every match replayed alone; the message lists all that did not (a diff of the lists would be cut short). */
  function expectReplaysAlone(t: TournamentResult, failed: string[]): void {
    expect(failed.length, `${failed.length} of ${t.matches!.length} matches did not replay alone:\n${failed.join('\n')}\n`).toBe(0)
  }

  async function tournament(players: StrategySource[], repetitions: number, rules: RulesInput = RULES): Promise<TournamentResult> {
    const options = { rules, repetitions, seed: SEED, keepMatches: true, opponents: OPPONENTS, histories: HISTORIES }
    return playTournament(warm, players, options)
  }

  /** The fixtures bite: some hit a budget, some run out of memory, and the sandbox itself never failed. */
  function expectFixturesBite(t: TournamentResult, crashes: number): void {
    const kinds = new Map<string, Set<FaultKind>>()
    for (const m of t.matches!) {
      for (const s of [0, 1] as const) {
        const set = kinds.get(m.players[s]) ?? new Set<FaultKind>()
        for (const f of m.faults[s]) set.add(f.kind)
        kinds.set(m.players[s], set)
      }
    }
    const hostile = HOSTILE_FIXTURES.map((f) => f.id)
    expect(hostile.filter((id) => BUDGET_KINDS.some((k) => kinds.get(id)!.has(k))).length).toBeGreaterThanOrEqual(2)
    expect(hostile.filter((id) => kinds.get(id)!.has('memory')).length).toBeGreaterThanOrEqual(2)
    expect(hostile.filter((id) => kinds.get(id)!.has('invalid-move')).length).toBeGreaterThanOrEqual(1)
    // The classics never fault, whoever they meet.
    for (const { id } of t.players) if (CLASSIC_IDS.includes(id)) expect([...kinds.get(id)!], id).toEqual([])
    expect(crashes).toBe(0)
    // Random players and noise: nothing may be reused, every match was played.
    expect(t.reusedMatches).toBe(0)
  }

  it(
    'players in list order',
    async () => {
      const before = warm.crashes
      const t = await tournament(PLAYERS, 2)
      expect(t.matches).toHaveLength(PLAYERS.length * (PLAYERS.length + 1))
      expectFixturesBite(t, warm.crashes - before)
      expectReplaysAlone(t, await mismatches(t))
    },
    TIMEOUT,
  )

  it(
    'players in reverse order (every pair swapped)',
    async () => {
      const before = warm.crashes
      const t = await tournament(REVERSED, 1)
      expectFixturesBite(t, warm.crashes - before)
      expectReplaysAlone(t, await mismatches(t))
    },
    TIMEOUT,
  )

  it(
    'under a referee, aligned rewards and cheap talk, with announce fixtures',
    async () => {
      const before = warm.crashes
      const t = await tournament(TALKERS, 1, MECHANISMS)
      expect(warm.crashes - before).toBe(0)
      expect(t.reusedMatches).toBe(0)
      // The announce fixtures bite: faults in announce, including one that retires the strategy.
      const messages = t.matches!.flatMap((m) => [...m.faults[0], ...m.faults[1]])
      expect(messages.some((f) => f.kind === 'move-budget' && f.message.startsWith('announce used more'))).toBe(true)
      expect(messages.some((f) => f.kind === 'memory' && f.message.startsWith('announce: '))).toBe(true)
      expect(messages.some((f) => f.kind === 'invalid-move' && f.message.startsWith('announce: '))).toBe(true)
      expect(t.matches!.every((m) => m.announcements !== null && m.fined.length === 2)).toBe(true)
      expectReplaysAlone(t, await mismatches(t, MECHANISMS))
    },
    TIMEOUT,
  )
})

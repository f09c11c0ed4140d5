/**
 * The commons' group runner (sandbox/group-runner.ts): what each seat sees
 * (the view contract of src/engine/commons/types.ts), how the outcome of
 * each round reaches every seat, faults recorded for the seat alone, cheap
 * talk, groups replayed alone in brand-new sandboxes, and 16 seats within
 * the memory a Worker has. The engine's game is replaced by a small
 * deterministic resolve (test/helpers/commons.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CommonsRules, GroupSetup, PlayedSeat } from '../src/engine/commons/types'
import type { FaultKind, StrategySource } from '../src/engine/types'
import { MAX_SEATS } from '../sandbox/commons-prelude'
import type { GroupSandboxRunner } from '../sandbox/group-runner'
import { COMMONS_LIMITS, strategyMemoryMiB } from '../sandbox/limits'
import { createNodeGroupRunner } from '../sandbox/node'
import { commonsRules, groupSetup, identitiesOf, source, toyGame } from './helpers/commons'

let warm: GroupSandboxRunner
let fresh: GroupSandboxRunner

beforeAll(async () => {
  warm = await createNodeGroupRunner()
  fresh = await createNodeGroupRunner({ reuseContexts: false })
})
afterAll(() => {
  warm?.dispose()
  fresh?.dispose()
})

async function play(runner: GroupSandboxRunner, sources: StrategySource[], setup: GroupSetup) {
  const game = toyGame(setup)
  const seats = await runner.playGroup(sources, setup, game.resolve)
  return { seats, game }
}

/** A strategy that plays `requests` (a function of the round, as source) and nothing else. */
const plays = (id: string, requests: string) => source(id, `export default (v) => ${requests}`)

/** A strategy that plays the given list of requests, one a round. */
const scripted = (id: string, list: readonly number[]) => source(id, `const list = ${JSON.stringify(list)}\nexport default (v) => list[v.round]`)

const VIEW_KEYS = ['game', 'round', 'stock', 'capacity', 'players', 'seat', 'sustainableShare', 'my', 'others', 'myScore', 'rules', 'announcements', 'random']

describe('the view', () => {
  it('holds every field of the contract, round by round, for every seat', async () => {
    const n = 5
    const rules = commonsRules({ quota: 12, referee: { fine: 3, detection: 0.5, fines: 'shared' }, align: 0.25, continuation: null, turns: 9 })
    const setup = groupSetup(n, { rules, rounds: 9, identities: identitiesOf(n), sustainableShare: 2.75 })
    // Each seat's requests, some above the quota (12) and some fractional, all different.
    const request = (s: number, r: number) => ((s * 7 + r * 5) % 20) + (s % 2 ? 0.25 : 0)
    // The views each seat must see: the toy game played on those requests.
    const game = toyGame(setup)
    for (let r = 0; r < setup.rounds; r++) game.resolve(r, Array.from({ length: n }, (_, s) => request(s, r)))
    const expected = (s: number) =>
      Array.from({ length: setup.rounds }, (_, r) => {
        const past = game.outcomes.slice(0, r)
        const receipts = past.map((o) => o.receipts[s]!)
        return {
          game: 'commons',
          round: r,
          stock: r === 0 ? setup.stock : past[r - 1]!.stock,
          capacity: rules.capacity,
          players: n,
          seat: s,
          sustainableShare: 2.75,
          my: { requests: past.map((o) => o.requests[s]!), receipts },
          others: Array.from({ length: n }, (_, k) => k)
            .filter((k) => k !== s)
            .map((k, i) => ({ seat: k, requests: past.map((o) => o.requests[k]!), identity: setup.identities[s]![i] })),
          myScore: receipts.reduce((a, b) => a + b, 0),
          rules,
          announcements: null,
        }
      })
    const checker = (s: number) =>
      source(
        `checker-${s}`,
        `const expected = ${JSON.stringify(expected(s))}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)
export default function move(v) {
  const e = expected[v.round]
  for (const key of Object.keys(e)) if (!same(v[key], e[key])) throw new Error(key + ' is ' + JSON.stringify(v[key]).slice(0, 160))
  if (!same(Object.keys(v), ${JSON.stringify(VIEW_KEYS)})) throw new Error('keys ' + Object.keys(v))
  for (const o of [v, v.my, v.others, ...v.others, v.rules, v.rules.referee]) if (!Object.isFrozen(o)) throw new Error('not frozen: ' + JSON.stringify(o).slice(0, 80))
  if (v.others.length && !Object.isFrozen(v.others[0].identity.reputation)) throw new Error('identity not frozen')
  if (v.random !== Math.random) throw new Error('view.random is not Math.random')
  try { v.round = 99 } catch (e) { if (!(e instanceof TypeError)) throw e }
  if (v.round !== e.round) throw new Error('the view changed')
  return ${request.toString().replace(/^\(s, r\) => /, '').replace(/\bs\b/g, String(s)).replace(/\br\b/g, 'v.round')}
}`,
      )
    const sources = Array.from({ length: n }, (_, s) => checker(s))
    const { seats, game: played } = await play(warm, sources, setup)
    for (const [s, seat] of seats.entries()) {
      expect(seat.faults, `seat ${s}`).toEqual([])
      // Requests as made, before the quota; the view had them after it.
      expect(seat.requests).toEqual(Array.from({ length: setup.rounds }, (_, r) => request(s, r)))
      expect(seat.usedRandom).toBe(false)
      expect(seat).not.toHaveProperty('announcements')
    }
    expect(seats.some((seat) => seat.requests.some((x) => x > 12))).toBe(true)
    // resolve was called once a round, in order, with every seat's request as made.
    expect(played.calls).toEqual(Array.from({ length: setup.rounds }, (_, r) => ({ round: r, requests: seats.map((seat) => seat.requests[r]) })))
  })

  it('is the same from any seat of 16, and random() is the seat’s own stream', async () => {
    const n = MAX_SEATS
    const setup = groupSetup(n, { rounds: 6 })
    // Every seat checks that each other seat's history holds that seat's requests: seat k asks for k + round / 10.
    const checker = source(
      'seat-checker',
      `export default (v) => {
  for (const o of v.others) for (let r = 0; r < v.round; r++) if (o.requests[r] !== o.seat + r / 10) throw new Error('seat ' + o.seat + ' round ' + r + ': ' + o.requests[r])
  if (v.others.length !== v.players - 1 || v.others.some((o, i) => o.seat !== (i < v.seat ? i : i + 1))) throw new Error('seats')
  for (let r = 0; r < v.round; r++) if (v.my.requests[r] !== v.seat + r / 10) throw new Error('mine')
  return v.seat + v.round / 10
}`,
    )
    const { seats } = await play(warm, Array.from({ length: n }, () => checker), setup)
    for (const [s, seat] of seats.entries()) {
      expect(seat.faults, `seat ${s}`).toEqual([])
      expect(seat.requests).toEqual(Array.from({ length: 6 }, (_, r) => s + r / 10))
    }
    // Each seat draws from its own seed: the same strategy asks for different amounts.
    const random = plays('random', 'Math.floor(v.random() * 21)')
    const drawn = await play(warm, Array.from({ length: 4 }, () => random), groupSetup(4, { rounds: 8 }))
    expect(drawn.seats.every((seat) => seat.usedRandom)).toBe(true)
    expect(new Set(drawn.seats.map((seat) => seat.requests.join())).size).toBe(4)
  })
})

interface FaultCase {
  name: string
  /** The hostile seat's source: it plays 4 except where it faults. */
  source: string
  fault: { kind: FaultKind; round: number; message?: RegExp }
  /** Rounds in which it plays the greediest request. */
  greedy: number[]
  /** It is retired: called no more after its fault. */
  retired?: boolean
}

const ROUNDS = 8
const MAX = 20
const from = (round: number) => Array.from({ length: ROUNDS - round }, (_, k) => round + k)

const faultCases: FaultCase[] = [
  { name: 'throws', source: `export default (v) => { if (v.round === 2) throw new RangeError('no'); return 4 }`, fault: { kind: 'throw', round: 2, message: /^line 1, column \d+: RangeError: no$/ }, greedy: [2] },
  { name: 'returns NaN', source: `export default (v) => (v.round === 2 ? NaN : 4)`, fault: { kind: 'invalid-move', round: 2, message: /^returned NaN \(expected a number from 0 to view\.rules\.maxRequest\)$/ }, greedy: [2] },
  { name: 'returns a negative number', source: `export default (v) => (v.round === 2 ? -1 : 4)`, fault: { kind: 'invalid-move', round: 2, message: /returned -1 / }, greedy: [2] },
  { name: 'returns more than maxRequest', source: `export default (v) => (v.round === 2 ? 1e9 : 4)`, fault: { kind: 'invalid-move', round: 2, message: /returned 1000000000 / }, greedy: [2] },
  { name: 'returns Infinity', source: `export default (v) => (v.round === 2 ? Infinity : 4)`, fault: { kind: 'invalid-move', round: 2, message: /returned Infinity / }, greedy: [2] },
  { name: 'returns a string', source: `export default (v) => (v.round === 2 ? '4' : 4)`, fault: { kind: 'invalid-move', round: 2, message: /returned the string "4"/ }, greedy: [2] },
  { name: 'returns a Proxy', source: `const trap = () => { for (;;) {} }\nexport default (v) => (v.round === 2 ? new Proxy({}, { get: trap, getPrototypeOf: trap, ownKeys: trap, has: trap }) : 4)`, fault: { kind: 'invalid-move', round: 2, message: /returned an object/ }, greedy: [2] },
  { name: 'returns nothing', source: `export default (v) => { if (v.round !== 2) return 4 }`, fault: { kind: 'invalid-move', round: 2, message: /undefined/ }, greedy: [2] },
  { name: 'an async move', source: `export default async (v) => 4`, fault: { kind: 'invalid-move', round: 0, message: /returned a Promise/ }, greedy: from(0) },
  { name: 'loops forever once', source: `export default (v) => { if (v.round === 2) for (;;) {} return 4 }`, fault: { kind: 'move-budget', round: 2, message: /it plays the greediest request: do less work/ }, greedy: [2] },
  { name: 'blows up its memory', source: `const hoard = []\nlet s = 'x'\nfor (let i = 0; i < 16; i++) s += s\nexport default (v) => { if (v.round === 2) for (;;) hoard.push(s.slice(hoard.length)); return 4 }`, fault: { kind: 'memory', round: 2, message: /out of memory: .*about \d MiB for its data\); the greediest request for the rest of the group$/ }, greedy: from(2), retired: true },
  { name: 'spends the match budget', source: `export default (v) => { let x = 0; for (let i = 0; i < 50000; i++) x += i; return 4 }`, fault: { kind: 'match-budget', round: 5, message: /^the group used more than its budget .*; the greediest request for the rest of the group: / }, greedy: from(5), retired: true },
  { name: 'works far past its budget inside a built-in', source: `let s = 'x'\nfor (let i = 0; i < 20; i++) s += s\nexport default (v) => { if (v.round === 3) for (;;) s.substring(1).length; return 4 }`, fault: { kind: 'cpu-budget', round: 3, message: /the greediest request for the rest of the group/ }, greedy: from(3), retired: true },
  { name: 'parses deeply nested JSON', source: `const text = '['.repeat(20000) + ']'.repeat(20000)\nexport default (v) => { if (v.round === 1) JSON.parse(text); return 4 }`, fault: { kind: 'stack', round: 1 }, greedy: from(1), retired: true },
  { name: 'does not compile', source: `export default (v) => {`, fault: { kind: 'setup', round: -1, message: /SyntaxError/ }, greedy: from(0), retired: true },
  // Its view can no longer be kept up to date: every round from then on is a fault.
  { name: 'freezes its history', source: `export default (v) => { Object.freeze(v.others[0].requests); return 4 }`, fault: { kind: 'throw', round: 1, message: /^the view was tampered with: TypeError: / }, greedy: from(1) },
]

describe('a fault', () => {
  // The others ask for an amount that depends on everything they have seen.
  const watcher = (id: string) =>
    source(
      id,
      `export default (v) => {
  let x = v.stock + v.myScore + v.seat
  for (const o of v.others) for (const r of o.requests) x = (x * 31 + r) % 1000003
  return Math.floor(x) % 21
}`,
    )
  const watchers = [watcher('w0'), watcher('w2'), watcher('w3')]
  const seatsWith = (hostile: StrategySource) => [watchers[0]!, hostile, watchers[1]!, watchers[2]!]
  const setup = groupSetup(4, { rounds: ROUNDS, rules: commonsRules({ turns: ROUNDS, maxRequest: MAX }) })

  for (const c of faultCases) {
    it(`is recorded for that seat alone, which plays the greediest request: ${c.name}`, async () => {
      const { seats, game } = await play(warm, seatsWith(source('hostile', c.source)), setup)
      const hostile = seats[1]!
      expect(hostile.faults[0]).toMatchObject({ kind: c.fault.kind, round: c.fault.round })
      if (c.fault.message) expect(hostile.faults[0]!.message).toMatch(c.fault.message)
      expect(hostile.faults[0]!.message).not.toMatch(/\bD\b|match/)
      expect(hostile.requests).toEqual(Array.from({ length: ROUNDS }, (_, r) => (c.greedy.includes(r) ? MAX : 4)))
      if (c.retired) expect(hostile.faultCount).toBe(1)
      expect(game.calls.map((call) => call.requests[1])).toEqual(hostile.requests)
      // The others saw the greediest request and nothing else: they play as against a script of those requests.
      const { seats: reference } = await play(warm, seatsWith(scripted('script', hostile.requests)), setup)
      for (const s of [0, 2, 3]) {
        expect(seats[s]!.faults).toEqual([])
        expect(seats[s]!.requests).toEqual(reference[s]!.requests)
      }
      // And the same group replays in brand-new sandboxes.
      expect(JSON.stringify((await play(fresh, seatsWith(source('hostile', c.source)), setup)).seats)).toBe(JSON.stringify(seats))
    })
  }

  it('of a seat that recurses in C past the stack it was given is a stack fault, and the seat plays again after it', async () => {
    // The smallest stack the sandbox takes, without QuickJS's own check on JavaScript recursion: only the
    // stack guard compiled into the module stops the recursion before it runs into the static data.
    const tight = await createNodeGroupRunner({ limits: { wasmStackBytes: 512 * 1024, stackBytes: 0 } })
    try {
      const locals = Array.from({ length: 60 }, (_, i) => `let a${i} = n + ${i}`).join('; ')
      const deep = source('deep', `function down(n) { ${locals}; return down(n + 1) + a59 }\nexport default (v) => { if (v.round === 1) down(0); return 4 }`)
      const setup2 = groupSetup(2, { rounds: 4 })
      const { seats } = await play(tight, [deep, plays('calm', '3')], setup2)
      expect(seats[0]!.faults).toEqual([expect.objectContaining({ kind: 'stack', round: 1 })])
      expect(seats[0]!.requests).toEqual([4, MAX, MAX, MAX])
      expect(seats[1]!.faults).toEqual([])
      const again = await play(tight, [plays('calm', '5'), plays('calm', '3')], setup2)
      expect(again.seats.map((seat) => seat.requests)).toEqual([[5, 5, 5, 5], [3, 3, 3, 3]])
    } finally {
      tight.dispose()
    }
  })
})

describe('cheap talk', () => {
  const rules = commonsRules({ cheapTalk: true, turns: 6 })
  const setup = groupSetup(4, { rules, rounds: 6 })

  it('shows this round’s announced amounts to every seat in its move, and binds nothing', async () => {
    const talker = source(
      'talker',
      `export function announce(v) {
  if (v.announcements !== null) throw new Error('announcements before anyone announced')
  return 1 + (v.round % 2)
}
export default (v) => {
  const a = v.announcements
  const expected = { my: 1 + (v.round % 2), others: [null, null, v.round === 1 ? null : 7] }
  if (JSON.stringify(a) !== JSON.stringify(expected)) throw new Error(JSON.stringify(a))
  if (!Object.isFrozen(a) || !Object.isFrozen(a.others) || v.announcements !== a) throw new Error('not frozen, or not the same')
  return 20
}`,
    )
    const invalid = source('invalid', `export const announce = () => 'lots'\nexport default (v) => 2`)
    const silent = plays('silent', '2')
    const liar = source('liar', `export function announce(v) { if (v.round === 1) throw new Error('tongue-tied'); return 7 }\nexport default (v) => 3`)
    const { seats } = await play(warm, [talker, invalid, silent, liar], setup)
    expect(seats.map((seat) => seat.announcements)).toEqual([[1, 2, 1, 2, 1, 2], Array(6).fill(null), Array(6).fill(null), [7, null, 7, 7, 7, 7]])
    expect(seats[0]!.faults).toEqual([])
    expect(seats[1]!.faults).toEqual([])
    expect(seats[3]!.faults).toEqual([expect.objectContaining({ kind: 'throw', round: 1, message: expect.stringMatching(/Error: tongue-tied/) })])
    // An announcement binds nothing: the talker asked for 20 after announcing 1 or 2, the liar for 3 after 7.
    expect(seats.map((seat) => seat.requests)).toEqual([Array(6).fill(20), Array(6).fill(2), Array(6).fill(2), Array(6).fill(3)])
    expect(JSON.stringify((await play(fresh, [talker, invalid, silent, liar], setup)).seats)).toBe(JSON.stringify(seats))
  })

  it('must be a function when exported, as in the dilemma: anything else is a set-up fault and the seat plays the greediest request', async () => {
    const bad = source('bad', `export const announce = 5\nexport default (v) => 2`)
    const ok = source('ok', `export default (v) => 3`)
    for (const cheapTalk of [false, true]) {
      const rules = commonsRules({ turns: 3, cheapTalk })
      const { seats } = await play(warm, [bad, ok], groupSetup(2, { rounds: 3, rules }))
      expect(seats[0]!.faults).toEqual([{ kind: 'setup', round: -1, message: expect.stringMatching(/announce/) }])
      expect(seats[0]!.requests).toEqual(Array(3).fill(rules.maxRequest))
      expect([seats[1]!.faults, seats[1]!.requests]).toEqual([[], [3, 3, 3]])
    }
  })

  it('is never asked for without cheap talk', async () => {
    const liar = source('liar', `export function announce(v) { throw new Error('asked') }\nexport default (v) => (v.announcements === null ? 3 : 20)`)
    const { seats } = await play(warm, [liar, liar], groupSetup(2, { rounds: 4 }))
    expect(seats.map((seat) => [seat.faults, seat.requests, 'announcements' in seat])).toEqual([
      [[], [3, 3, 3, 3], false],
      [[], [3, 3, 3, 3], false],
    ])
  })

  it('retires a seat whose announcement spends the group’s budget, which then plays the greediest request', async () => {
    const hog = source('hog', `export function announce(v) { let x = 0; for (let i = 0; i < 50000; i++) x += i; return 1 }\nexport default (v) => 2`)
    const { seats } = await play(warm, [hog, plays('calm', '3')], groupSetup(2, { rules, rounds: 6 }))
    expect(seats[0]!.faults).toEqual([expect.objectContaining({ kind: 'match-budget' })])
    const round = seats[0]!.faults[0]!.round
    expect(seats[0]!.announcements).toEqual(Array.from({ length: 6 }, (_, r) => (r < round ? 1 : null)))
    expect(seats[0]!.requests).toEqual(Array.from({ length: 6 }, (_, r) => (r < round ? 2 : 20)))
  })
})

describe('a group replayed alone', () => {
  it('in brand-new sandboxes equals the group played warm, whatever ran before it', async () => {
    const rules = commonsRules({ quota: 15, cheapTalk: true, turns: 10 })
    const setup = groupSetup(6, { rules, rounds: 10, identities: identitiesOf(6) })
    const sources = [
      source('random', `export const announce = (v) => Math.floor(v.random() * 10)\nexport default (v) => v.random() * 20`),
      source('mean', `export default (v) => { if (v.round === 0) return 5; let t = 0; for (const o of v.others) t += o.requests[v.round - 1]; return Math.min(20, t / v.others.length + (v.announcements.others[0] ?? 0)) }`),
      source('identity', `export default (v) => v.others[(v.round + v.seat) % v.others.length].identity.reputation.rank + v.round % 3`),
      source('bomb', `const hoard = []\nlet s = 'y'\nfor (let i = 0; i < 15; i++) s += s\nexport default (v) => { if (v.round === 4) for (;;) hoard.push(s.slice(hoard.length)); return Math.random() * 3 }`),
      source('loop', `let calls = 0\nexport default (v) => { calls++; if (v.round === 3) for (;;) {} return calls % 20 }`),
      source('leaker', `let n = 0\ntry { const p = Object.getPrototypeOf(Iterator.concat([])); n = p.arena = (p.arena | 0) + 1 } catch (e) {}\nexport default (v) => n + v.round`),
    ]
    // A group that leaves the warm seats dirty first.
    await play(warm, [...sources].reverse(), groupSetup(6, { rules, rounds: 7, seeds: [1, 2, 3, 4, 5, 6] }))
    const first = await play(warm, sources, setup)
    const again = await play(warm, sources, setup)
    const alone = await play(fresh, sources, setup)
    expect(JSON.stringify(again.seats)).toBe(JSON.stringify(first.seats))
    expect(JSON.stringify(alone.seats)).toBe(JSON.stringify(first.seats))
    expect(first.seats[0]!.usedRandom).toBe(true)
    expect(first.seats[3]!.faults[0]).toMatchObject({ kind: 'memory', round: 4 })
    expect(first.seats[4]!.faults[0]).toMatchObject({ kind: 'move-budget', round: 3 })
    // Iterator.concat's prototype is frozen like every other: nothing counted the earlier group.
    expect(first.seats[5]!.requests).toEqual(Array.from({ length: 10 }, (_, r) => r))
    expect(warm.crashes + fresh.crashes).toBe(0)
  })
})

describe('sixteen seats', () => {
  it('hold 4 MiB of WebAssembly memory each, 64 MiB in all, and each seat has the memory it is told of', async () => {
    const runner = await createNodeGroupRunner()
    try {
      const room = strategyMemoryMiB(COMMONS_LIMITS)
      expect(room).toBe(2)
      // Holds `mib` MiB of strings, made by doubling and slicing.
      const holder = (mib: number) => source(`holds-${mib}`, `let s = 'x'\nfor (let i = 0; i < 20; i++) s += s\nconst keep = []\nfor (let i = 0; i < ${mib}; i++) keep.push(s.slice(i))\nexport default (v) => keep.length`)
      const sources = Array.from({ length: MAX_SEATS }, (_, s) => holder(s === 5 ? room + 1 : room))
      const { seats } = await play(runner, sources, groupSetup(MAX_SEATS, { rounds: 3 }))
      expect(runner.memoryBytes).toBe(MAX_SEATS * COMMONS_LIMITS.memoryBytes)
      expect(runner.memoryBytes).toBeLessThanOrEqual(64 * 2 ** 20)
      for (const [s, seat] of seats.entries()) {
        if (s === 5) expect(seat.faults[0]).toMatchObject({ kind: 'memory', round: -1 })
        else {
          expect(seat.faults, `seat ${s}`).toEqual([])
          expect(seat.requests).toEqual([room, room, room])
        }
      }
    } finally {
      runner.dispose()
    }
  })

  it('play the longest group (10,000 rounds), whose views hold every round of every seat', async () => {
    const rules: CommonsRules = commonsRules({ turns: 10_000, maxRequest: 20 })
    const reader = source('reader', `export default (v) => { if (v.round === 0) return 1; let t = 0; for (const o of v.others) t += o.requests[v.round - 1]; return (t + v.my.requests.length) % 21 }`)
    const { seats } = await play(warm, Array.from({ length: MAX_SEATS }, () => reader), groupSetup(MAX_SEATS, { rules, rounds: 10_000 }))
    for (const seat of seats) {
      expect(seat.faults).toEqual([])
      expect(seat.requests).toHaveLength(10_000)
    }
  }, 120_000)
})

describe('a group', () => {
  it('has 2 to 16 players, with a seed and identities for each', async () => {
    const one = plays('one', '1')
    await expect(warm.playGroup([one], groupSetup(1), toyGame(groupSetup(1)).resolve)).rejects.toThrow(/2 to 16 players, not 1/)
    const many = Array.from({ length: 17 }, () => one)
    await expect(warm.playGroup(many, groupSetup(17), toyGame(groupSetup(17)).resolve)).rejects.toThrow(/2 to 16 players, not 17/)
    await expect(warm.playGroup([one, one], groupSetup(3), toyGame(groupSetup(3)).resolve)).rejects.toThrow(/2 players but 3 seeds/)
    const badResolve = () => ({ requests: [1], receipts: [1, 1], fined: [], stock: 1 })
    await expect(warm.playGroup([one, one], groupSetup(2), badResolve)).rejects.toThrow(/must return 2 finite requests/)
    // The runner plays on after the engine's mistakes.
    expect((await play(warm, [one, one], groupSetup(2, { rounds: 2 }))).seats.map((seat: PlayedSeat) => seat.requests)).toEqual([[1, 1], [1, 1]])
  })
})

/**
 * The sandbox's side of the mechanisms (issue 8, part A): what a strategy
 * sees of the rules, its running scores under a referee and aligned rewards
 * (exactly the result's, bit for bit), cheap talk (announce and
 * view.announcements, hostile announcers included), and the games a module
 * declares (`export const games`).
 *
 * Strategies report what they see by throwing it: a fault message carries
 * it out of the sandbox. Numbers travel exactly, as an integer and a power
 * of two (`exact` below, the same code on both sides).
 */
import { describe, expect, it } from 'vitest'
import { playMatch, scoreMoves, type MatchResult } from '../src/engine/match'
import type { RulesInput } from '../src/engine/rules'
import { TIT_FOR_TAT, strategy, titForTatAgainst, warmAndColdRunners } from './helpers/sandbox'

const runners = warmAndColdRunners()

/** A finite double as an integer times a power of two, written exactly (the same source runs in the sandbox). */
const EXACT = 'function exact(x) { let e = 0; while (!Number.isInteger(x)) { x *= 2; e++ } return x + "p-" + e }'
const exact: (x: number) => string = new Function(`${EXACT}; return exact`)()

/** The payload a strategy threw: what follows "Error: " in its fault message. */
function thrownPayload(result: MatchResult, side: 0 | 1, round: number): string {
  const fault = result.faults[side].find((f) => f.round === round)
  expect(fault, `side ${side} reported nothing in round ${round}`).toBeDefined()
  const m = /Error: (.*)$/.exec(fault!.message)
  expect(m, fault!.message).not.toBeNull()
  return m![1]!
}

describe('view.rules', () => {
  const reporter = strategy(
    'reporter',
    `export default function move(v) {
  if (v.round === 0) throw new Error(JSON.stringify(v.rules))
  const r = v.rules
  throw new Error(JSON.stringify([v.game, Object.isFrozen(r), Object.isFrozen(r.payoffs), r.referee === null || Object.isFrozen(r.referee), v.announcements]))
}`,
  )

  it.each<[string, RulesInput]>([
    ['the defaults', {}],
    ['a fixed length, noise, a destroying referee', { turns: 5, noise: 0.1, referee: { fine: 2.5, detection: 0.3 }, payoffs: { R: 3.1, S: -0.3, T: 5.2, P: 0.3 } }],
    ['a continuation probability, a sharing referee, aligned rewards, cheap talk', { continuation: 0.9, referee: { fine: 0.7, detection: 1 / 3, fines: 'shared' }, align: 0.1 + 0.2, cheapTalk: true }],
  ])('shows the whole rules, frozen, exactly as the result records them: %s', async (_, rules) => {
    // A length of at least 2 rounds, so that both reports are made.
    const result = await playMatch(runners.warm, reporter, TIT_FOR_TAT, { rules, seed: 4 })
    expect(result.turns).toBeGreaterThanOrEqual(2)
    expect(thrownPayload(result, 0, 0)).toBe(JSON.stringify(result.rules))
    expect(Object.keys(JSON.parse(thrownPayload(result, 0, 0)))).toEqual(['payoffs', 'turns', 'continuation', 'noise', 'referee', 'align', 'cheapTalk'])
    const announcements = result.rules.cheapTalk ? { my: null, their: null, history: { my: [null], their: [null] } } : null
    expect(JSON.parse(thrownPayload(result, 0, 1))).toEqual(['dilemma', true, true, true, announcements])
  })
})

describe('view.myScore and view.theirScore under the mechanisms', () => {
  const N = 60
  // Deterministic players that defect often enough to be fined; each reports its view's scores in round N.
  const report = `if (v.round === ${N}) throw new Error(exact(v.myScore) + ' ' + exact(v.theirScore))`
  const patterned = strategy('patterned', `${EXACT}\nexport default (v) => { ${report}; return 'CDDCDDDCCDCD'[v.round % 12] }`)
  const retaliator = strategy(
    'retaliator',
    `${EXACT}\nexport default (v) => { ${report}; return v.round % 7 === 3 || (v.round > 0 && v.their[v.round - 1] === 'D' && v.round % 2 === 0) ? 'D' : 'C' }`,
  )
  const payoffs = { R: 3.1, S: -0.3, T: 5.2, P: 0.3 }

  /**
   * The view's scores at the start of round N of an (N + 1)-round match are
   * the scores of its first N rounds; the N-round match with the same seed
   * plays those same rounds (its length, noise and detections are drawn
   * round by round from the seed), and its result scores them.
   */
  async function viewAndResult(rules: RulesInput, seed: number): Promise<{ view: [string, string]; result: MatchResult }> {
    const result = await playMatch(runners.warm, patterned, retaliator, { rules: { ...rules, turns: N }, seed })
    const longer = await playMatch(runners.warm, patterned, retaliator, { rules: { ...rules, turns: N + 1 }, seed })
    for (const side of [0, 1] as const) {
      expect(longer.moves[side].slice(0, N)).toBe(result.moves[side])
      expect(longer.fined[side].filter((r) => r < N)).toEqual(result.fined[side])
      expect(result.faults[side]).toEqual([])
    }
    const view = [thrownPayload(longer, 0, N), thrownPayload(longer, 1, N)] as [string, string]
    return { view, result }
  }

  function expectExact(view: [string, string], result: MatchResult): void {
    expect(view[0]).toBe(`${exact(result.scores[0])} ${exact(result.scores[1])}`)
    expect(view[1]).toBe(`${exact(result.scores[1])} ${exact(result.scores[0])}`)
  }

  it.each<[string, RulesInput]>([
    ['a referee that destroys fines, 0 < p < 1', { payoffs, referee: { fine: 0.7, detection: 0.5, fines: 'destroyed' } }],
    ['a referee that shares fines, 0 < p < 1', { payoffs, referee: { fine: 0.7, detection: 0.45, fines: 'shared' } }],
    ['a referee that detects every defection', { payoffs, referee: { fine: 0.35, detection: 1, fines: 'shared' } }],
    ['aligned rewards', { payoffs, align: 0.35 }],
    ['everything at once, with noise and cheap talk', { payoffs, referee: { fine: 1.7, detection: 0.6, fines: 'shared' }, align: 0.3, noise: 0.05, cheapTalk: true }],
  ])('equal the result scores bit for bit: %s', async (_, rules) => {
    const { view, result } = await viewAndResult(rules, 12)
    expectExact(view, result)
    // The mechanisms changed the scores, and with a referee both players were fined.
    expect(result.scores).not.toEqual(scoreMoves(result.moves[0], result.moves[1], result.rules.payoffs))
    if (rules.referee) for (const side of [0, 1]) expect(result.fined[side]!.length).toBeGreaterThan(2)
  })

  it('would catch a score added in the other order: shared fines seen from player B’s side', async () => {
    // Both defect and are fined every round. Player B's payoff is P + f - f (it receives A's fine, then
    // pays its own), as the result adds it; taking its own fine first, P - f + f, is another number in
    // floating point. The view must follow the result's order.
    const defector = strategy('defector', `${EXACT}\nexport default (v) => { if (v.round === 2) throw new Error(exact(v.myScore) + ' ' + exact(v.theirScore)); return 'D' }`)
    const rules: RulesInput = { payoffs, referee: { fine: 0.7, detection: 1, fines: 'shared' } }
    const result = await playMatch(runners.warm, defector, defector, { rules: { ...rules, turns: 2 }, seed: 1 })
    const longer = await playMatch(runners.warm, defector, defector, { rules: { ...rules, turns: 3 }, seed: 1 })
    expect(result.fined).toEqual([[0, 1], [0, 1]])
    expectExact([thrownPayload(longer, 0, 2), thrownPayload(longer, 1, 2)], result)
    let otherOrder = 0
    for (let r = 0; r < 2; r++) otherOrder += payoffs.P - 0.7 + 0.7
    expect(exact(otherOrder)).not.toBe(exact(result.scores[1]))
  })

  it('is the same in a brand-new sandbox', async () => {
    const rules: RulesInput = { payoffs, referee: { fine: 0.7, detection: 0.45, fines: 'shared' }, align: 0.2, cheapTalk: true }
    const a = await playMatch(runners.warm, patterned, retaliator, { rules: { ...rules, turns: N + 1 }, seed: 5 })
    const b = await playMatch(runners.cold, patterned, retaliator, { rules: { ...rules, turns: N + 1 }, seed: 5 })
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
  })
})

describe('cheap talk', () => {
  const TALK = { turns: 12, cheapTalk: true }

  /** Tit for Tat that announces the move it is about to play. */
  const honest = strategy(
    'honest',
    `const plan = (v) => (v.round === 0 ? 'C' : v.their[v.round - 1])
export function announce(v) { return plan(v) }
export default (v) => plan(v)`,
  )
  const liar = strategy('liar', `export function announce() { return 'C' }\nexport default () => 'D'`)

  /**
   * Announces C, C, D, ... and plays whatever the other side announced this
   * round (D when it announced nothing), after checking everything the view
   * says about announcements against what it has seen itself (a mismatch
   * would be a fault).
   */
  const listener = strategy(
    'listener',
    `const mine = []
const seen = []
let said = null
function check(ok, what) { if (!ok) throw new Error('view: ' + what) }
function checkHistory(v) {
  const h = v.announcements.history
  check(h.my.length === v.round && h.their.length === v.round, 'history length')
  for (let i = 0; i < v.round; i++) check(h.my[i] === mine[i] && h.their[i] === seen[i], 'history of round ' + i)
}
export function announce(v) {
  check(v.announcements.my === null && v.announcements.their === null, 'announcements before anyone announced')
  checkHistory(v)
  said = v.round % 3 === 2 ? 'D' : 'C'
  return said
}
export default function move(v) {
  check(v.announcements.my === said, 'my announcement')
  checkHistory(v)
  check(v.announcements.their === null || v.announcements.their === 'C' || v.announcements.their === 'D', 'their announcement')
  mine.push(v.announcements.my)
  seen.push(v.announcements.their)
  said = null
  return v.announcements.their === 'C' ? 'C' : 'D'
}`,
  )
  const LISTENER_SAYS = 'CCDCCDCCDCCD'

  /** The listener's side is untouched: no fault, and it played exactly what the other side announced in each round. */
  function expectListenerHeard(result: MatchResult, side: 0 | 1): void {
    const other = (1 - side) as 0 | 1
    expect(result.faults[side]).toEqual([])
    expect(result.announcements![side]).toBe(LISTENER_SAYS)
    expect(result.moves[side]).toBe(result.announcements![other].replaceAll('-', 'D'))
  }

  it('records what each side announced, and the other side sees it in the same round', async () => {
    const result = await playMatch(runners.warm, honest, listener, { rules: TALK, seed: 1 })
    expectListenerHeard(result, 1)
    // The honest side announced its moves.
    expect(result.announcements![0]).toBe(result.moves[0])
    expect(result.moves[0]).toBe(titForTatAgainst(result.moves[1]))
    expect(result.faults[0]).toEqual([])
  })

  it('binds nobody: a liar announces C and plays D', async () => {
    const result = await playMatch(runners.warm, listener, liar, { rules: TALK, seed: 1 })
    expect(result.announcements).toEqual([LISTENER_SAYS, 'C'.repeat(12)])
    expect(result.moves).toEqual(['C'.repeat(12), 'D'.repeat(12)])
    expectListenerHeard(result, 0)
    expect(result).toEqual(await playMatch(runners.cold, listener, liar, { rules: TALK, seed: 1 }))
  })

  it('a module without announce announces nothing, and its view still has the history', async () => {
    const result = await playMatch(runners.warm, TIT_FOR_TAT, listener, { rules: TALK, seed: 1 })
    expect(result.announcements![0]).toBe('-'.repeat(12))
    expectListenerHeard(result, 1)
    expect(result.faults[0]).toEqual([])
  })

  it('without cheap talk, announce is never called and view.announcements is null', async () => {
    const silent = strategy(
      'silent',
      `export function announce() { throw new Error('called') }\nexport default (v) => { if (v.announcements !== null) throw new Error('announcements'); return 'C' }`,
    )
    const result = await playMatch(runners.warm, silent, listener, { rules: { turns: 12 }, seed: 1 })
    expect(result.announcements).toBeNull()
    expect(result.faults[0]).toEqual([])
    expect(result.moves[0]).toBe('C'.repeat(12))
  })

  it('counts a strategy that draws randomness in announce as random', async () => {
    const coin = strategy('coin', `export function announce(v) { return v.random() < 0.5 ? 'C' : 'D' }\nexport default () => 'C'`)
    const result = await playMatch(runners.warm, coin, listener, { rules: TALK, seed: 1 })
    expect(result.usedRandom).toEqual([true, false])
    expect(result.announcements![0]).toMatch(/C/)
    expect(result.announcements![0]).toMatch(/D/)
    expectListenerHeard(result, 1)
  })

  interface HostileAnnounce {
    name: string
    source: string
    fault: { kind: string; round: number; message: RegExp }
    /** The hostile side's announcements and moves over 12 rounds. */
    announcements: string
    moves: string
  }

  const LOOP = 'for (;;) {}'
  const hostile: HostileAnnounce[] = [
    {
      name: 'throws',
      source: `export function announce(v) { if (v.round === 2) throw new Error('no'); return 'C' }\nexport default () => 'C'`,
      fault: { kind: 'throw', round: 2, message: /^announce: line 1, column \d+: Error: no$/ },
      announcements: 'CC-CCCCCCCCC',
      moves: 'C'.repeat(12),
    },
    {
      name: 'returns a Proxy whose traps loop',
      source: `const trap = () => { ${LOOP} }\nexport function announce() { return new Proxy({}, { get: trap, getPrototypeOf: trap, ownKeys: trap, has: trap }) }\nexport default () => 'C'`,
      fault: { kind: 'invalid-move', round: 0, message: /^announce: returned an object \(expected "C" or "D"\)$/ },
      announcements: '-'.repeat(12),
      moves: 'C'.repeat(12),
    },
    {
      name: 'returns an object whose getters and toString loop',
      source: `export function announce() { return { get move() { ${LOOP} }, toString() { ${LOOP} } } }\nexport default () => 'C'`,
      fault: { kind: 'invalid-move', round: 0, message: /^announce: returned an object/ },
      announcements: '-'.repeat(12),
      moves: 'C'.repeat(12),
    },
    {
      name: 'returns a lower-case c',
      source: `export function announce() { return 'c' }\nexport default () => 'C'`,
      fault: { kind: 'invalid-move', round: 0, message: /^announce: returned the string "c"/ },
      announcements: '-'.repeat(12),
      moves: 'C'.repeat(12),
    },
    {
      name: 'is async',
      source: `export async function announce() { return 'C' }\nexport default () => 'C'`,
      fault: { kind: 'invalid-move', round: 0, message: /^announce: returned a Promise: announce must be synchronous/ },
      announcements: '-'.repeat(12),
      moves: 'C'.repeat(12),
    },
    {
      name: 'loops forever in one round (the move budget: that announcement only)',
      source: `export function announce(v) { if (v.round === 3) ${LOOP} return 'C' }\nexport default () => 'C'`,
      fault: { kind: 'move-budget', round: 3, message: /^announce used more than a move's budget \(about 60,000 iterations of a simple loop\); no announcement this round/ },
      announcements: 'CCC-CCCCCCCC',
      moves: 'C'.repeat(12),
    },
    {
      name: 'blows up the memory (retired: D and no announcement from then on)',
      source: `const hoard = []\nlet s = 'x'\nfor (let i = 0; i < 20; i++) s += s\nexport function announce(v) { if (v.round === 1) for (;;) hoard.push(s.slice(hoard.length)); return 'C' }\nexport default () => 'C'`,
      fault: { kind: 'memory', round: 1, message: /^announce: out of memory: .*D for the rest of the match/ },
      announcements: 'C' + '-'.repeat(11),
      moves: 'C' + 'D'.repeat(11),
    },
    {
      name: 'runs a built-in far past the budget (retired)',
      source: `let s = 'x'\nfor (let i = 0; i < 22; i++) s += s\nexport function announce(v) { if (v.round === 4) for (;;) s.substring(1).length; return 'C' }\nexport default () => 'C'`,
      fault: { kind: 'cpu-budget', round: 4, message: /^announce: the work ran far past the move's budget/ },
      announcements: 'CCCC' + '-'.repeat(8),
      moves: 'CCCC' + 'D'.repeat(8),
    },
    {
      name: 'spends the match budget in announce (retired)',
      source: `export function announce() { let x = 0; for (let i = 0; i < 50000; i++) x += i; return 'C' }\nexport default () => 'C'`,
      fault: { kind: 'match-budget', round: 5, message: /^announce: the match used more than its budget/ },
      announcements: 'CCCCC' + '-'.repeat(7),
      moves: 'CCCCC' + 'D'.repeat(7),
    },
    {
      name: 'freezes the view (its own moves fault, nobody else’s)',
      source: `export function announce(v) { if (v.round === 1) Object.freeze(v); return 'C' }\nexport default () => 'C'`,
      fault: { kind: 'throw', round: 1, message: /^the view was tampered with: TypeError/ },
      announcements: 'CC' + '-'.repeat(10),
      moves: 'CD' + 'D'.repeat(10),
    },
  ]

  it.each(hostile)('an announce that $name is a fault of that strategy alone', async (c) => {
    const bad = strategy('bad', c.source)
    for (const [side, result] of [
      [0, await playMatch(runners.warm, bad, listener, { rules: TALK, seed: 3 })],
      [1, await playMatch(runners.warm, listener, bad, { rules: TALK, seed: 3 })],
    ] as const) {
      expect(result.faults[side][0]).toMatchObject({ kind: c.fault.kind, round: c.fault.round })
      expect(result.faults[side][0]!.message).toMatch(c.fault.message)
      expect(result.announcements![side]).toBe(c.announcements)
      expect(result.moves[side]).toBe(c.moves)
      expectListenerHeard(result, (1 - side) as 0 | 1)
      expect(result).toEqual(await playMatch(runners.cold, side === 0 ? bad : listener, side === 0 ? listener : bad, { rules: TALK, seed: 3 }))
    }
    // And the warm sandbox plays an ordinary match exactly afterwards.
    const after = await playMatch(runners.warm, honest, listener, { rules: TALK, seed: 1 })
    expectListenerHeard(after, 1)
    expect(after.faults[0]).toEqual([])
  })

  it('an announce export that is not a function is a set-up fault', async () => {
    for (const [value, type] of [["'C'", 'a string'], ['{ C: 1 }', 'an object'], ['42', 'a number'], ['null', 'null'], ['Symbol()', 'a symbol']]) {
      const bad = strategy('bad', `export const announce = ${value}\nexport default () => 'C'`)
      const result = await playMatch(runners.warm, bad, listener, { rules: TALK, seed: 1 })
      expect(result.faults[0]).toEqual([{ kind: 'setup', round: -1, message: expect.stringContaining(`\`announce\` export is ${type}, not a function`) }])
      expect(result.moves[0]).toBe('D'.repeat(12))
      expect(result.announcements![0]).toBe('-'.repeat(12))
      expectListenerHeard(result, 1)
    }
  })
})

describe('export const games', () => {
  async function games(source: string) {
    return runners.warm.declaredGames(source)
  }
  const move = "\nexport default () => 'C'"

  it('says which games a module plays, the dilemma alone without the export', async () => {
    expect(await games(`export const games = ['dilemma', 'commons']${move}`)).toEqual({ games: ['dilemma', 'commons'] })
    expect(await games(`export const games = ['commons']${move}`)).toEqual({ games: ['commons'] })
    expect(await games(`export let games = ['commons', 'dilemma']${move}`)).toEqual({ games: ['commons', 'dilemma'] })
    expect(await games(move)).toEqual({ games: ['dilemma'] })
    // A proxy that answers plainly is read once, as data.
    expect(await games(`export const games = new Proxy(['x'], { get: (t, k) => (k === 'length' ? 1 : 'commons') })${move}`)).toEqual({ games: ['commons'] })
  })

  it.each<[string, string, RegExp]>([
    ['a string', `export const games = 'dilemma'`, /`games` export is a string, not an array of game names/],
    // A declared export is a declaration, whatever its value: only a module without one plays the dilemma by default.
    ['undefined', `export const games = undefined`, /`games` export is undefined, not an array of game names/],
    ['declared without a value', `export let games`, /`games` export is undefined, not an array of game names/],
    ['null', `export const games = null`, /`games` export is null, not an array/],
    ['an object', `export const games = { 0: 'dilemma', length: 1 }`, /`games` export is an object, not an array/],
    ['empty', `export const games = []`, /`games` export is an empty array/],
    ['a duplicate', `export const games = ['dilemma', 'dilemma']`, /lists 'dilemma' twice/],
    ['an unknown game', `export const games = ['dilemma', 'chess']`, /unknown game "chess" \(the games are 'dilemma' and 'commons'\)/],
    ['a wrong case', `export const games = ['Dilemma']`, /unknown game "Dilemma"/],
    ['a number', `export const games = ['dilemma', 2]`, /games\[1\] is a number, not a game name/],
    ['a huge array', `export const games = new Array(1e6)`, /has 1000000 entries: list each game once/],
    ['a proxy with a length that is not a number', `export const games = new Proxy([], { get: (t, k) => (k === 'length' ? '1' : 'dilemma') })`, /length is a string, not a number/],
    ['a fractional length', `export const games = new Proxy([], { get: (t, k) => (k === 'length' ? 1.5 : 'dilemma') })`, /has 1.5 entries/],
    ['a proxy whose traps throw', `export const games = new Proxy([], { get() { throw new RangeError('nope') } })`, /reading the `games` export failed: RangeError: nope/],
    ['a proxy whose traps loop', `export const games = new Proxy([], { get() { for (;;) {} } })`, /reading the `games` export: module set-up used more than its budget/],
    ['an entry getter that loops', `const g = ['dilemma']\nObject.defineProperty(g, 0, { get() { for (;;) {} } })\nexport const games = g`, /set-up used more than its budget/],
    ['a trap that runs out of memory', `const h = []\nlet s = 'x'\nfor (let i = 0; i < 20; i++) s += s\nexport const games = new Proxy([], { get() { for (;;) h.push(s.slice(h.length)) } })`, /reading the `games` export: module set-up ran out of memory/],
    ['a module that does not load', `throw new Error('broken')`, /^the module does not load: line 1, column \d+: Error: broken$/],
  ])('refuses %s with a clear message', async (_, source, message) => {
    const declared = await games(source + move)
    expect(declared).toEqual({ error: expect.stringMatching(message) })
  })

  it('leaves the sandbox as it was, and the dilemma runner still loads a module that declares only the commons', async () => {
    await games(`export const games = new Proxy([], { get() { for (;;) {} } })${move}`)
    const commonsOnly = strategy('commons-only', `export const games = ['commons']\nexport default (v) => (v.round === 0 ? 'C' : v.their[v.round - 1])`)
    const result = await playMatch(runners.warm, commonsOnly, TIT_FOR_TAT, { rules: { turns: 8 }, seed: 1 })
    expect(result.faults).toEqual([[], []])
    expect(result.moves).toEqual(['C'.repeat(8), 'C'.repeat(8)])
    expect(result).toEqual(await playMatch(runners.cold, commonsOnly, TIT_FOR_TAT, { rules: { turns: 8 }, seed: 1 }))
    expect(await runners.cold.declaredGames(`export const games = ['commons']${move}`)).toEqual({ games: ['commons'] })
  })

  it('refuses to read while a match is being played on the runner', async () => {
    const playing = playMatch(runners.warm, TIT_FOR_TAT, TIT_FOR_TAT, { rules: { turns: 50 }, seed: 1 })
    await expect(runners.warm.declaredGames(move)).rejects.toThrow(/one match at a time/)
    await playing
  })
})

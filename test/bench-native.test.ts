/**
 * The benchmark's native runner (bench/native-runner.ts) is only an honest
 * floor if it computes exactly what the sandbox computes. Whole tournaments
 * of every classic must give byte-identical JSON from both runners, with
 * every match kept (so every move of every match is compared, not just the
 * aggregates).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NativeRunner, moduleBody } from '../bench/native-runner'
import { CLASSICS, classicAsSource } from '../src/classics'
import { playMatch, prepareMatch } from '../src/engine/match'
import { makeRules } from '../src/engine/rules'
import { mulberry32 } from '../src/engine/prng'
import { playTournament, type TournamentOptions } from '../src/engine/tournament'
import type { OpponentInfo, StrategySource } from '../src/engine/types'
import type { SandboxRunner } from '../sandbox/runner'
import { createNodeRunner } from '../sandbox/node'
import { strategy } from './helpers/sandbox'

let sandbox: SandboxRunner

beforeAll(async () => {
  sandbox = await createNodeRunner()
})

afterAll(() => {
  sandbox?.dispose()
})

const classics: StrategySource[] = CLASSICS.map(classicAsSource)

async function bothTournaments(players: readonly StrategySource[], options: TournamentOptions): Promise<[string, string]> {
  const native = new NativeRunner()
  const fromNative = JSON.stringify(await playTournament(native, players, options))
  const fromSandbox = JSON.stringify(await playTournament(sandbox, players, options))
  return [fromNative, fromSandbox]
}

describe('native runner = sandbox runner, all classics', () => {
  it('has every classic', () => {
    expect(classics.length).toBeGreaterThanOrEqual(40)
  })

  it.each([
    ['50 turns, 2 repetitions, no noise', { rules: { turns: 50 }, repetitions: 2, seed: 'bench-native', keepMatches: true }],
    ['50 turns, 2 repetitions, noise 0.05', { rules: { turns: 50, noise: 0.05 }, repetitions: 2, seed: 'bench-native-noise', keepMatches: true }],
    [
      'uncertain length, other payoffs, shared identities',
      {
        rules: { continuation: 0.97, noise: 0.01, payoffs: { R: 4, S: -1, T: 6, P: 0 } },
        repetitions: 1,
        seed: 7,
        keepMatches: true,
        opponents: Object.fromEntries(classics.map((c) => [c.id, { id: c.id, name: c.name, reputation: { rank: 1 } }])),
      },
    ],
  ] as [string, TournamentOptions][])(
    '%s: byte-identical TournamentResult',
    async (_, options) => {
      const [fromNative, fromSandbox] = await bothTournaments(classics, options)
      // Compare the lengths first: a failing toBe on megabytes of JSON is unreadable.
      expect(fromNative.length).toBe(fromSandbox.length)
      expect(fromNative === fromSandbox).toBe(true)
      const parsed = JSON.parse(fromNative)
      expect(parsed.matches.length).toBe(parsed.scheduledMatches)
    },
    120_000,
  )

  it('the stochastic classics really draw (the comparison covers the random stream)', async () => {
    const native = new NativeRunner()
    const result = await playTournament(native, classics, { rules: { turns: 50 }, repetitions: 2, seed: 'bench-native' })
    expect(result.playedMatches).toBeGreaterThan(result.pairs.length)
    expect(result.reusedMatches).toBeGreaterThan(0)
  })
})

describe('native runner on its own', () => {
  const seed = 99
  const rules = { turns: 20 }

  it('gives each match fresh module state and its own random stream, leaving the host Math alone', async () => {
    const counter = strategy('counter', "let n = 0\nexport default function move(v) { n++; return v.round + 1 === n && Math.random === v.random ? 'C' : 'D' }")
    const drawer = strategy('drawer', "const first = Math.random()\nexport default (v) => (first === v.random() ? 'D' : 'C')")
    const hostRandom = Math.random
    const native = new NativeRunner()
    for (let k = 0; k < 2; k++) {
      const r = await playMatch(native, counter, drawer, { rules, seed })
      expect(r.moves[0]).toBe('C'.repeat(20))
      expect(r.usedRandom).toEqual([false, true])
    }
    expect(Math.random).toBe(hostRandom)
  })

  it('uses mulberry32 with the side seed, like the sandbox', async () => {
    const bits = strategy('bits', "export default (v) => (v.random() < 0.5 ? 'C' : 'D')")
    const native = await playMatch(new NativeRunner(), bits, bits, { rules, seed })
    const boxed = await playMatch(sandbox, bits, bits, { rules, seed })
    expect(native).toEqual(boxed)
    const setup = prepareMatch(makeRules(rules), seed)
    for (const side of [0, 1] as const) {
      const next = mulberry32(setup.seeds[side])
      let expected = ''
      for (let r = 0; r < 20; r++) expected += next() < 0.5 ? 'C' : 'D'
      expect(native.moves[side]).toBe(expected)
    }
  })

  it('builds the same view as the prelude: scores, rules, opponent, history arrays', async () => {
    // No classic reads the scores or the opponent, so this checks them with strategies that do.
    const nosy = strategy(
      'nosy',
      [
        'export default function move(v) {',
        "  const o = v.opponent === null ? 'none' : v.opponent.id + Object.isFrozen(v.opponent.reputation)",
        '  const text = [v.round, v.my.length, v.their.length, v.myScore, v.theirScore, JSON.stringify(v.rules), Object.isFrozen(v.rules), o].join()',
        '  let h = 0',
        '  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0',
        "  return (h & 1) === 0 ? 'C' : 'D'",
        '}',
      ].join('\n'),
    )
    const other = strategy('other', "export default (v) => (v.myScore > v.theirScore || v.random() < 0.3 ? 'D' : 'C')")
    const options = {
      rules: { turns: 60, noise: 0.1, payoffs: { R: 3.5, S: -2, T: 7, P: 0.25 } },
      seed: 5,
      opponents: [{ id: 'x', name: 'X', reputation: { deep: [1, 2] } }, null] as [OpponentInfo, null],
    }
    const native = await playMatch(new NativeRunner(), nosy, other, options)
    const boxed = await playMatch(sandbox, nosy, other, options)
    expect(native.moves[0]).toMatch(/C/)
    expect(native.moves[0]).toMatch(/D/)
    expect(JSON.stringify(native)).toBe(JSON.stringify(boxed))
  })

  it('builds the same view under the mechanisms and cheap talk: scores, announcements, their history', async () => {
    const talker = strategy(
      'talker',
      [
        'export function announce(v) {',
        "  if (v.round === 5) throw new Error('no')",
        "  if (v.round === 7) return 'maybe'",
        "  return v.myScore >= v.theirScore ? 'C' : 'D'",
        '}',
        'export default function move(v) {',
        '  const a = v.announcements',
        "  const text = [v.game, v.myScore, v.theirScore, JSON.stringify(v.rules), a.my, a.their, a.history.my.join(), a.history.their.join()].join('|')",
        '  let h = 0',
        '  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0',
        "  return (h & 1) === 0 ? 'C' : 'D'",
        '}',
      ].join('\n'),
    )
    const quiet = strategy('quiet', "export default (v) => (v.announcements.their === 'D' || v.random() < 0.2 ? 'D' : 'C')")
    const options = {
      rules: { turns: 60, noise: 0.05, payoffs: { R: 3.1, S: -0.3, T: 5.2, P: 0.3 }, referee: { fine: 0.7, detection: 0.45, fines: 'shared' as const }, align: 0.3, cheapTalk: true },
      seed: 8,
    }
    for (const [a, b] of [[talker, quiet], [quiet, talker]]) {
      const native = await playMatch(new NativeRunner(), a!, b!, options)
      const boxed = await playMatch(sandbox, a!, b!, options)
      expect(native.announcements).not.toBeNull()
      expect(native.fined[0].length + native.fined[1].length).toBeGreaterThan(0)
      // Only the sandbox knows positions in the source: the rest is the same.
      const unplaced = (r: typeof boxed) => JSON.stringify({ ...r, faults: r.faults.map((fs) => fs.map((f) => ({ ...f, message: f.message.replace(/line \d+, column \d+: /, '') }))) })
      expect(unplaced(native)).toBe(unplaced(boxed))
      expect(boxed.faults.flat().map((f) => f.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^announce: line \d+, column \d+: Error: no$/), expect.stringMatching(/^announce: returned the string "maybe"/)]))
    }
  })

  it('records throws and invalid moves as the prelude does (the move counts as D)', async () => {
    const faulty = strategy(
      'faulty',
      [
        'export default function move(v) {',
        "  if (v.round === 1) throw new Error('boom')",
        "  if (v.round === 2) return 'c'",
        '  if (v.round === 3) return null',
        '  if (v.round === 4) return 42',
        "  if (v.round === 5) throw 'plain'",
        "  if (v.round === 6) return 'a string that is far too long to be a move'",
        "  return 'C'",
        '}',
      ].join('\n'),
    )
    const tft = classicAsSource(CLASSICS.find((c) => c.id === 'tit-for-tat')!)
    const native = await playMatch(new NativeRunner(), faulty, tft, { rules, seed })
    const boxed = await playMatch(sandbox, faulty, tft, { rules, seed })
    expect(native.moves[0].slice(0, 8)).toBe('CDDDDDDC')
    expect(native.faultCounts[0]).toBe(6)
    // Only the sandbox knows positions in the source (QuickJS's, not V8's): the rest is the same.
    expect(boxed.faults[0][0]!.message).toBe('line 2, column 37: Error: boom')
    const unplaced = boxed.faults[0].map((f) => ({ ...f, message: f.message.replace(/^line \d+, column \d+: /, '') }))
    expect(JSON.stringify(native)).toBe(JSON.stringify({ ...boxed, faults: [unplaced, boxed.faults[1]] }))
  })

  it('keeps the first 10 faults and counts them all', async () => {
    const bad = strategy('bad', "export default () => 'x'")
    const native = await playMatch(new NativeRunner(), bad, bad, { rules, seed })
    const boxed = await playMatch(sandbox, bad, bad, { rules, seed })
    expect(native.faultCounts).toEqual([20, 20])
    expect(native.faults[0].length).toBe(10)
    expect(JSON.stringify(native)).toBe(JSON.stringify(boxed))
  })

  it('a module without a default-exported function plays D with a setup fault', async () => {
    const none = strategy('none', 'export default 42')
    const native = await playMatch(new NativeRunner(), none, none, { rules, seed })
    const boxed = await playMatch(sandbox, none, none, { rules, seed })
    expect(native.moves[0]).toBe('D'.repeat(20))
    expect(JSON.stringify(native)).toBe(JSON.stringify(boxed))
  })

  it('a module that throws while loading plays D with a setup fault', async () => {
    const broken = strategy('broken', "throw new TypeError('nope')\nexport default () => 'C'")
    const r = await playMatch(new NativeRunner(), broken, broken, { rules, seed })
    expect(r.moves).toEqual(['D'.repeat(20), 'D'.repeat(20)])
    expect(r.faults[0]).toEqual([{ kind: 'setup', round: -1, message: 'TypeError: nope' }])
  })

  it('turns the exports into a returned object, keeping named declarations hoisted', () => {
    expect(moduleBody("export default function move(v) { return h() }\nfunction h() { return 'C' }")).toContain('return { default: move }')
    expect(new Function(moduleBody("export default function move() { return h() }\nfunction h() { return 'C' }"))().default()).toBe('C')
    expect(new Function(moduleBody("const x = 'D'\nexport default () => x"))().default()).toBe('D')
    const named = new Function(moduleBody("export default () => say()\nexport function announce() { return say() }\nexport const games = ['dilemma']\nfunction say() { return 'C' }"))()
    expect([named.default(), named.announce(), named.games]).toEqual(['C', 'C', ['dilemma']])
    expect(() => moduleBody("import x from 'y'\nexport default x")).toThrow(SyntaxError)
    expect(() => moduleBody("export { x as y }\nexport default () => 'C'")).toThrow(SyntaxError)
    expect(() => moduleBody('export const a = 1')).toThrow(SyntaxError)
  })

  it('keeps named exports (announce) as plain declarations that the default export can use', () => {
    const body = moduleBody("export function announce() { return said }\nexport const said = 'C'\nexport default function move() { return announce() }")
    expect(body).not.toContain("export")
    expect(new Function(body)().default()).toBe('C')
    expect(() => moduleBody("export { x }\nexport default () => 'C'")).toThrow(SyntaxError)
  })
})

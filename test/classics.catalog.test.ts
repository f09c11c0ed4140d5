/**
 * The catalog of classic strategies: complete, documented, in sync with
 * strategies/, and every entry runs in the sandbox.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ALL_CLASSICS,
  AXELROD_CLASSICS,
  CLASSIC_IDS,
  CLASSICS,
  COMMONS_CLASSICS,
  EXAMPLES,
  classicAsSource,
  classicsFor,
  findClassic,
} from '../src/classics'
import { playMatch } from '../src/engine/match'
import type { MatchRunner } from '../src/engine/match-runner'
import { createNodeRunner } from '../sandbox/node'

/** The classics that use randomness; every other classic must never draw. */
const STOCHASTIC = new Set([
  'random',
  'joss',
  'soft-joss',
  'generous-tit-for-tat',
  'firm-but-fair',
  'calculator',
  'zd-extort-2',
  'zd-gtft-2',
])

/** Classics that keep state in module-level variables. */
const STATEFUL = [
  'gradual', 'original-gradual', 'soft-grudger', 'forgetful-grudger', 'omega-tit-for-tat', 'tester', 'punisher',
  // Running counters and flags, kept instead of rescanning the history every move.
  'adaptive', 'calculator', 'detective', 'forgiver', 'forgiving-tit-for-tat', 'go-by-majority', 'hard-go-by-majority',
  'grudger', 'sneaky-tit-for-tat', 'spiteful-tit-for-tat', 'zd-extort-2', 'zd-gtft-2',
]

let runner: MatchRunner & { dispose(): void }

beforeAll(async () => {
  runner = await createNodeRunner()
})

afterAll(() => {
  runner?.dispose()
})

const strategiesDir = fileURLToPath(new URL('../strategies', import.meta.url))

describe('catalog', () => {
  it('has at least 30 classics, sorted by unique kebab-case id', () => {
    expect(CLASSICS.length).toBeGreaterThanOrEqual(30)
    const ids = CLASSICS.map((c) => c.id)
    expect(ids).toEqual([...ids].sort())
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    expect(CLASSIC_IDS).toEqual(ids)
  })

  it('holds the 45 Axelrod classics and, apart from them, only the known examples', () => {
    expect(AXELROD_CLASSICS).toHaveLength(45)
    for (const c of AXELROD_CLASSICS) expect(c.axelrod, c.id).toMatch(/^[A-Z][A-Za-z0-9]+$/)
    expect(EXAMPLES.map((c) => c.id)).toEqual(['best-response', 'dilemma-tester', 'reputation-tit-for-tat', 'sweet-talker', 'trust-but-verify'])
    expect(CLASSICS).toHaveLength(AXELROD_CLASSICS.length + EXAMPLES.length)
  })

  it('is in sync with strategies/ (run npm run build:catalog after editing them)', () => {
    const files = readdirSync(strategiesDir).filter((f) => f.endsWith('.js'))
    expect(ALL_CLASSICS.map((c) => c.id).sort()).toEqual(files.map((f) => f.slice(0, -3)).sort())
    for (const c of ALL_CLASSICS) expect(c.source, c.id).toBe(readFileSync(join(strategiesDir, `${c.id}.js`), 'utf8'))
  })

  it('files each built-in under the games its module declares: the dilemma without a games export', () => {
    const ids = ALL_CLASSICS.map((c) => c.id)
    expect(ids).toEqual([...ids].sort())
    expect(new Set(ids).size).toBe(ids.length)
    for (const c of ALL_CLASSICS) {
      const declared = /^export const games = \[(.*)\]$/m.exec(c.source)
      expect(c.games, c.id).toEqual(declared ? declared[1]!.split(',').map((g) => g.trim().slice(1, -1)) : ['dilemma'])
    }
    expect(CLASSICS.every((c) => c.games.includes('dilemma'))).toBe(true)
    expect(COMMONS_CLASSICS.length).toBeGreaterThanOrEqual(8)
    expect(COMMONS_CLASSICS.every((c) => c.games.includes('commons'))).toBe(true)
    expect(classicsFor('dilemma')).toBe(CLASSICS)
    expect(classicsFor('commons')).toBe(COMMONS_CLASSICS)
    expect(new Set([...CLASSICS, ...COMMONS_CLASSICS])).toEqual(new Set(ALL_CLASSICS))
    // A module may play both games (Best Response does): it is filed under each.
    expect(ALL_CLASSICS.filter((c) => c.games.length === 2).map((c) => c.id)).toEqual(['best-response'])
  })

  it.each(CLASSICS.map((c) => [c.id, c] as const))('%s has a name, a description and an Axelrod-Python line', (_, c) => {
    expect(c.name.trim()).not.toBe('')
    expect(c.source.startsWith(`/**\n * ${c.name}\n`)).toBe(true)
    expect(c.description.length).toBeGreaterThan(40)
    expect(c.description).not.toContain('Axelrod-Python:')
    const line = /^ \* Axelrod-Python: (\S+)$/m.exec(c.source)
    expect(line, 'an "Axelrod-Python: ClassName" line').not.toBeNull()
    expect(c.axelrod).toBe(line![1] === 'none' ? null : line![1])
    expect(c.source).toMatch(/export default function move\(/)
  })

  it.each(CLASSICS.map((c) => [c.id, c] as const))('%s compiles and plays 5 rounds against Cooperator', async (_, c) => {
    const result = await playMatch(runner, classicAsSource(c), classicAsSource(findClassic('cooperator')!), {
      rules: { turns: 5 },
      seed: 11,
    })
    expect(result.faultCounts).toEqual([0, 0])
    expect(result.faults[0]).toEqual([])
    expect(result.moves[0]).toMatch(/^[CD]{5}$/)
  })

  it.each(CLASSICS.filter((c) => !STOCHASTIC.has(c.id)).map((c) => [c.id, c] as const))(
    '%s never draws randomness',
    async (_, c) => {
      const result = await playMatch(runner, classicAsSource(c), classicAsSource(findClassic('random')!), {
        rules: { turns: 100, noise: 0.05 },
        seed: 5,
      })
      expect(result.usedRandom[0]).toBe(false)
      expect(result.faultCounts[0]).toBe(0)
    },
  )

  it.each(STATEFUL)('%s starts every match with fresh module state', async (id) => {
    const c = classicAsSource(findClassic(id)!)
    const opponent = classicAsSource(findClassic('random')!)
    const first = await playMatch(runner, c, opponent, { rules: { turns: 150 }, seed: 8 })
    await playMatch(runner, c, classicAsSource(findClassic('defector')!), { rules: { turns: 150 }, seed: 9 })
    const again = await playMatch(runner, c, opponent, { rules: { turns: 150 }, seed: 8 })
    expect(again.moves).toEqual(first.moves)
  })
})

describe('findClassic and classicAsSource', () => {
  it('finds a built-in of any game, or only of the game asked for', () => {
    expect(findClassic('greedy')?.games).toEqual(['commons'])
    expect(findClassic('greedy', 'commons')?.id).toBe('greedy')
    expect(findClassic('greedy', 'dilemma')).toBeUndefined()
    expect(findClassic('grudger', 'commons')).toBeUndefined()
    expect(findClassic('grudger', 'dilemma')?.id).toBe('grudger')
  })

  it('finds a classic by id, ignoring case and surrounding spaces', () => {
    expect(findClassic('tit-for-tat')?.name).toBe('Tit For Tat')
    expect(findClassic(' Tit-For-Tat ')?.id).toBe('tit-for-tat')
    expect(findClassic('ZD-EXTORT-2')?.axelrod).toBe('ZDExtort2')
    expect(findClassic('Tit For Tat')).toBeUndefined()
    expect(findClassic('nope')).toBeUndefined()
  })

  it('gives the engine a StrategySource', () => {
    const c = findClassic('grudger')!
    expect(classicAsSource(c)).toEqual({ id: 'grudger', name: 'Grudger', source: c.source })
  })

  it('includes the classics the bench and the docs rely on', () => {
    for (const id of [
      'cooperator', 'defector', 'tit-for-tat', 'tit-for-two-tats', 'two-tits-for-tat', 'suspicious-tit-for-tat',
      'generous-tit-for-tat', 'hard-tit-for-tat', 'grudger', 'soft-grudger', 'win-stay-lose-shift', 'prober',
      'hard-prober', 'gradual', 'alternator', 'random', 'joss', 'tester', 'go-by-majority', 'bully', 'cycler-ccd',
      'adaptive', 'calculator', 'firm-but-fair', 'zd-extort-2',
    ]) {
      expect(findClassic(id), id).toBeDefined()
    }
  })
})

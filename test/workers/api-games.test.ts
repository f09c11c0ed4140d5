/**
 * Which game a strategy plays: the built-ins are seeded with the games they
 * declare, /api/classics filters by game, and a tournament takes only
 * strategies that play its game.
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { ALL_CLASSICS, CLASSICS, COMMONS_CLASSICS } from '../../src/classics'
import { strategies } from '../../src/store'
import { call, db, get, newUser, post, seedClassics, tournamentWith } from './helpers'

beforeAll(seedClassics)

describe('games', () => {
  it('seeds every built-in with the games its module declares', async () => {
    for (const c of ALL_CLASSICS) {
      const [row] = await db().select({ games: strategies.games }).from(strategies).where(eq(strategies.id, c.id))
      expect([c.id, row?.games]).toEqual([c.id, [...c.games]])
    }
    expect(COMMONS_CLASSICS.length).toBeGreaterThanOrEqual(8)
  })

  it('/api/classics lists every built-in, or those of one game', async () => {
    const all = (await get('/api/classics')).body as { id: string; games: string[] }[]
    expect(all.map((c) => c.id)).toEqual(ALL_CLASSICS.map((c) => c.id))
    const dilemma = (await get('/api/classics?game=dilemma')).body as { id: string; games: string[] }[]
    expect(dilemma.map((c) => c.id)).toEqual(CLASSICS.map((c) => c.id))
    expect(dilemma.every((c) => c.games.includes('dilemma'))).toBe(true)
    const commons = (await get('/api/classics?game=commons')).body as { id: string; games: string[] }[]
    expect(commons.map((c) => c.id)).toEqual(COMMONS_CLASSICS.map((c) => c.id))
    expect(commons.every((c) => c.games.includes('commons'))).toBe(true)
    const bad = await get('/api/classics?game=chess')
    expect(bad.status).toBe(400)
    expect(bad.body.error.field).toBe('game')
  })

  it('a dilemma tournament refuses a strategy that plays only the commons, with the reason', async () => {
    const host = await newUser('games')
    const onlyCommons = COMMONS_CLASSICS.find((c) => !c.games.includes('dilemma'))!
    const id = await tournamentWith(host, ['tit-for-tat'])
    const res = await post(`/api/tournaments/${id}/entries`, host.token, { strategyId: onlyCommons.id })
    expect(res.status).toBe(400)
    expect(res.body.error.field).toBe('strategyId')
    expect(res.body.error.message).toMatch(/plays the dilemma and this strategy declares only commons/)
  })
})

describe('a submitted strategy declares its games', () => {
  it('is stored with them: the dilemma without an export, the commons alone, or both', async () => {
    const owner = await newUser('games')
    const cases: [string, string[]][] = [
      ["export default () => 'C'", ['dilemma']],
      ["export const games = ['commons']\nexport default (view) => view.sustainableShare", ['commons']],
      ["export const games = ['dilemma', 'commons']\nexport default (view) => (view.game === 'commons' ? view.sustainableShare : 'C')", ['dilemma', 'commons']],
    ]
    for (const [source, games] of cases) {
      const res = await post('/api/strategies', owner.token, { name: `g${games.join('-')}`, source })
      expect(res.status).toBe(201)
      expect(res.body.games).toEqual(games)
      const [row] = await db().select({ games: strategies.games }).from(strategies).where(eq(strategies.id, res.body.id))
      expect(row!.games).toEqual(games)
    }
    // A commons-only strategy is not played against the dilemma's validation classics.
    const commons = await post('/api/strategies', owner.token, { name: 'only-commons', source: cases[1]![0] })
    expect(commons.body.behaviour).toBeNull()
  })

  it('refuses a games export that names no known game, with the reason', async () => {
    const owner = await newUser('games')
    for (const source of ["export const games = ['chess']\nexport default () => 'C'", "export const games = []\nexport default () => 'C'", "export const games = 'dilemma'\nexport default () => 'C'"]) {
      const res = await post('/api/strategies', owner.token, { name: 'bad-games', source })
      expect(res.status).toBe(422)
      expect(res.body.error.field).toBe('source')
      expect(res.body.error.message).toMatch(/games/)
    }
  })

  it('changes its games with a new version', async () => {
    const owner = await newUser('games')
    const created = await post('/api/strategies', owner.token, { name: 'switch', source: "export default () => 'C'" })
    const updated = await call(`/api/strategies/${created.body.id}`, { method: 'PUT', token: owner.token, json: { source: "export const games = ['commons']\nexport default (v) => v.sustainableShare" } })
    expect(updated.status).toBe(200)
    expect((await updated.json() as { games: string[] }).games).toEqual(['commons'])
  })
})

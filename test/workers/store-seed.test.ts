/**
 * The seed that `npm start` runs (scripts/start.mjs writes seedSql() to a file
 * for `wrangler d1 execute --file`): the same statements, here through the
 * D1 binding, twice, then after the catalog changed.
 */
import { env } from 'cloudflare:workers'
import { and, asc, eq, isNull } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { CLASSICS, ALL_CLASSICS } from '../../src/classics'
import { sha256Hex } from '../../src/store/crypto'
import { createDb, D1_LIMITS } from '../../src/store/db'
import { accounts, HOUSE_ACCOUNT_ID, strategies, strategyVersions, tournamentEntries, tournaments } from '../../src/store/schema'
import { latestSlot } from '../../src/jobs/cron'
import { DEMO_COMMONS, DEMO_TOURNAMENT, demoStatements, seedSql, seedStatements } from '../../src/store/seed'

async function applySeed(statements: string[]): Promise<void> {
  await env.DB.batch(statements.map((s) => env.DB.prepare(s)))
}

const db = () => createDb(env.DB)

describe('the classics seed', () => {
  it('is plain SQL within D1 limits, one statement per line of the file', async () => {
    const statements = await seedStatements()
    expect(statements).toHaveLength(1 + 2 * ALL_CLASSICS.length + 1)
    for (const s of statements) expect(new TextEncoder().encode(s).length).toBeLessThan(D1_LIMITS.maxStatementBytes)
    expect(await seedSql(CLASSICS, 1)).toBe([...(await seedStatements(CLASSICS, 1)), ...demoStatements(1)].map((s) => `${s};\n`).join(''))
  })

  it('creates the house account and the built-ins (45 Axelrod classics + 5 examples) under their built-in ids, idempotently', async () => {
    await applySeed(await seedStatements(CLASSICS, 1_000))
    await applySeed(await seedStatements(CLASSICS, 2_000))

    const house = await db().select().from(accounts)
    expect(house).toEqual([{ id: HOUSE_ACCOUNT_ID, handle: 'house', kind: 'house', createdAt: new Date(1_000), deletedAt: null }])

    const rows = await db().select().from(strategies).orderBy(asc(strategies.id))
    expect(CLASSICS).toHaveLength(45 + 5) // the Axelrod classics and the examples (reputation-tit-for-tat, ...)
    expect(rows.map((r) => r.id)).toEqual(CLASSICS.map((c) => c.id))
    expect(rows.map((r) => r.id)).toContain('tit-for-tat')
    for (const [i, r] of rows.entries()) {
      expect(r).toEqual({ id: CLASSICS[i]!.id, ownerId: HOUSE_ACCOUNT_ID, name: CLASSICS[i]!.name, description: CLASSICS[i]!.description, isPublic: true, games: [...CLASSICS[i]!.games], retiredAt: null, createdAt: new Date(1_000) })
    }

    const versions = await db().select().from(strategyVersions).orderBy(asc(strategyVersions.strategyId))
    expect(versions).toHaveLength(45 + 5)
    for (const [i, v] of versions.entries()) {
      const c = CLASSICS[i]!
      expect(v.strategyId).toBe(c.id)
      expect(v.version).toBe(1)
      expect(v.source).toBe(c.source) // byte for byte: quotes and all survive the literal
      expect(v.sourceHash).toBe(await sha256Hex(c.source))
      expect(v.createdAt).toEqual(new Date(1_000))
    }
  })

  it('adds a version when a classic changed, and retires a classic no longer in the catalog', async () => {
    await applySeed(await seedStatements(CLASSICS, 1_000))
    const [first, second, ...rest] = CLASSICS
    const edited = { ...first!, name: 'Renamed', source: `${first!.source}\n// edited; 'quoted'\n` }
    await applySeed(await seedStatements([edited, ...rest], 3_000))
    await applySeed(await seedStatements([edited, ...rest], 4_000)) // again: nothing more

    const versions = await db().select().from(strategyVersions).where(eq(strategyVersions.strategyId, first!.id)).orderBy(asc(strategyVersions.version))
    expect(versions.map((v) => [v.version, v.source, v.createdAt.getTime()])).toEqual([
      [1, first!.source, 1_000],
      [2, edited.source, 3_000],
    ])
    const [renamed] = await db().select().from(strategies).where(eq(strategies.id, first!.id))
    expect(renamed?.name).toBe('Renamed')
    const [gone] = await db().select().from(strategies).where(eq(strategies.id, second!.id))
    expect(gone?.retiredAt).toEqual(new Date(3_000))

    // Back in the catalog: un-retired, its source unchanged so no new version.
    await applySeed(await seedStatements(CLASSICS, 5_000))
    const [back] = await db().select().from(strategies).where(eq(strategies.id, second!.id))
    expect(back?.retiredAt).toBeNull()
    const count = await env.DB.prepare('SELECT count(*) AS n FROM strategy_versions').first<{ n: number }>()
    expect(count?.n).toBe(45 + 5 + 2) // the edited classic's v2, then v3 when its original source came back
  })

  it('seeds the demo tournament: every house strategy entered, a schedule already due, idempotently', async () => {
    const now = Date.UTC(2026, 10, 30, 7, 3)
    await applySeed([...(await seedStatements(ALL_CLASSICS, now)), ...demoStatements(now)])
    await applySeed(demoStatements(now + 60_000))
    const [demo] = await db().select().from(tournaments).where(eq(tournaments.id, DEMO_TOURNAMENT.id))
    expect(demo).toMatchObject({ hostId: HOUSE_ACCOUNT_ID, game: 'dilemma', schedule: DEMO_TOURNAMENT.schedule, entryPolicy: 'open', shareIdentities: false })
    expect(demo!.rules).toEqual({ payoffs: { R: 3, S: 0, T: 5, P: 1 }, turns: 200, continuation: null, noise: 0, referee: null, align: 0, cheapTalk: false, repetitions: 5 })
    expect((demo!.classification as { kind: string }).kind).toBe('prisoners-dilemma')
    // A day old, so the latest slot (07:00 here) is after its creation: the first tick runs it.
    expect(latestSlot(demo!.schedule!, new Date(now))!.getTime()).toBeGreaterThan(demo!.createdAt.getTime())
    const entries = await db().select().from(tournamentEntries).where(eq(tournamentEntries.tournamentId, DEMO_TOURNAMENT.id))
    // Every house strategy that plays the dilemma (the commons' built-ins have a game of their own).
    const house = await db().select({ id: strategies.id, games: strategies.games }).from(strategies).where(and(eq(strategies.ownerId, HOUSE_ACCOUNT_ID), isNull(strategies.retiredAt)))
    expect(entries.map((e) => e.strategyId).sort()).toEqual(house.filter((h) => h.games.includes('dilemma')).map((h) => h.id).sort())
    expect(house.length).toBeGreaterThan(entries.length)
    expect(entries.length).toBeGreaterThanOrEqual(45)

    // The commons' demo: its built-ins in groups of four, due at once too.
    const [commons] = await db().select().from(tournaments).where(eq(tournaments.id, DEMO_COMMONS.id))
    expect(commons).toMatchObject({ hostId: HOUSE_ACCOUNT_ID, game: 'commons', schedule: DEMO_COMMONS.schedule })
    expect(commons!.rules).toMatchObject({ capacity: 100, group: DEMO_COMMONS.group, repetitions: DEMO_COMMONS.repetitions, quota: null })
    const commonsEntries = await db().select().from(tournamentEntries).where(eq(tournamentEntries.tournamentId, DEMO_COMMONS.id))
    expect(commonsEntries.map((e) => e.strategyId).sort()).toEqual(house.filter((h) => h.games.includes('commons')).map((h) => h.id).sort())
    expect(latestSlot(commons!.schedule!, new Date(now))!.getTime()).toBeGreaterThan(commons!.createdAt.getTime())
  })
})

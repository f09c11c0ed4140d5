/**
 * D1's production limits, checked on every statement the store issues
 * (`createDb` wraps the binding in `guardD1`), and the multi-row insert helper
 * that keeps inserts within 100 bound parameters. Real inserts on local D1.
 */
import { env } from 'cloudflare:workers'
import { count, eq, getTableColumns } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { createDb, D1LimitError, guardD1 } from '../../src/store/db'
import { chunkedInserts, insertMany, rowsPerInsert } from '../../src/store/insert'
import { accounts, jobResults, matches, runs, schema, strategies, tournaments } from '../../src/store/schema'

// Storage is shared by the tests of a file: each test gets a run of its own.
let runId = ''
let runs_ = 0
async function seedRun(): Promise<void> {
  const db = createDb(env.DB)
  const n = ++runs_
  runId = `r${n}`
  await db.batch([
    db.insert(accounts).values({ id: `host${n}`, handle: `host${n}` }),
    db.insert(tournaments).values({ id: `t${n}`, hostId: `host${n}`, name: 'T', rules: {}, classification: {} }),
    db.insert(runs).values({ id: runId, tournamentId: `t${n}`, jobsTotal: 500, commitment: 'c', seed: 1, salt: 's', entrants: [], rules: {}, jobs: [] }),
  ])
}

const jobRows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ runId, jobIndex: from + i, batch: 0, result: { i: from + i } }))

describe('guardD1', () => {
  it('rejects a statement with more than 100 bound parameters before D1 sees it', async () => {
    const guarded = guardD1(env.DB)
    const sql = `SELECT count(*) AS n FROM (VALUES ${Array.from({ length: 101 }, () => '(?)').join(',')})`
    expect(() => guarded.prepare(sql).bind(...Array.from({ length: 101 }, () => 1))).toThrow(D1LimitError)
    expect(guarded.usage.queries).toBe(0)
    const ok = await guarded.prepare(sql.replace('(?),', '')).bind(...Array.from({ length: 100 }, () => 1)).first<{ n: number }>()
    expect(ok?.n).toBe(100)
    expect(guarded.usage).toEqual({ queries: 1, maxParams: 100, maxStatementBytes: sql.length })
  })

  it('rejects statements over 100 KB and values that cannot fit in a 2 MB row', async () => {
    const guarded = guardD1(env.DB)
    expect(() => guarded.prepare(`SELECT '${'é'.repeat(50_000)}'`)).toThrow(/100000/) // 100,009 bytes of UTF-8
    expect(() => guarded.prepare('SELECT ?').bind('x'.repeat(2_000_001))).toThrow(D1LimitError)
    // Local D1 stores such a value; production would refuse the row.
    expect(await env.DB.prepare('SELECT length(?) AS n').bind('x'.repeat(2_000_001)).first('n')).toBe(2_000_001)
  })

  it('counts queries per invocation, batches included, and stops past 1,000', async () => {
    const guarded = guardD1(env.DB, { maxQueries: 5 })
    await guarded.batch([guarded.prepare('SELECT 1'), guarded.prepare('SELECT ?').bind(2)])
    await guarded.prepare('SELECT 3').all()
    await guarded.prepare('SELECT 4').raw()
    await guarded.prepare('SELECT 5').first()
    expect(guarded.usage.queries).toBe(5)
    expect(() => guarded.prepare('SELECT 6').run()).toThrow(/more than 5 D1 queries/)
  })
})

describe('multi-row inserts', () => {
  beforeEach(seedRun)

  it('fit floor(100 / columns) rows a statement, for every table', () => {
    for (const table of Object.values(schema)) {
      const columns = Object.keys(getTableColumns(table)).length
      expect(rowsPerInsert(table)).toBe(Math.floor(100 / columns))
      expect(rowsPerInsert(table) * columns).toBeLessThanOrEqual(100)
    }
    expect(rowsPerInsert(jobResults)).toBe(20) // 5 columns
    expect(rowsPerInsert(matches)).toBe(5) // 18 columns
  })

  it('insert 500 rows in statements of at most 100 parameters, atomically', async () => {
    const db = createDb(env.DB)
    const statements = chunkedInserts(db, jobResults, jobRows(500))
    expect(statements).toHaveLength(25)
    for (const s of statements) expect(s.toSQL().params.length).toBeLessThanOrEqual(100)

    await insertMany(db, jobResults, jobRows(500))
    expect(db.usage.maxParams).toBe(100)
    expect(db.usage.queries).toBe(25)
    const [{ n }] = (await db.select({ n: count() }).from(jobResults).where(eq(jobResults.runId, runId))) as [{ n: number }]
    expect(n).toBe(500)
  })

  it('skip rows already stored with onConflict: ignore, and roll back a failing batch whole', async () => {
    const db = createDb(env.DB)
    await insertMany(db, jobResults, jobRows(30))
    await insertMany(db, jobResults, jobRows(60), { onConflict: 'ignore' }) // 30 already there
    const total = async () => ((await db.select({ n: count() }).from(jobResults).where(eq(jobResults.runId, runId))) as [{ n: number }])[0].n
    expect(await total()).toBe(60)
    // Without ignore, a conflict in the last chunk undoes the earlier chunks too.
    await expect(insertMany(db, jobResults, [...jobRows(100, 1000), ...jobRows(1)])).rejects.toThrow()
    expect(await total()).toBe(60)
  })

  it('are needed: one unchunked 500-row insert breaks the limit', async () => {
    const db = createDb(env.DB)
    // drizzle wraps the driver's error: the guard's is the cause.
    const error = (await db.insert(jobResults).values(jobRows(500)).catch((e: unknown) => e)) as Error
    expect(error.cause).toBeInstanceOf(D1LimitError)
    expect(String((error.cause as Error).message)).toMatch(/^2500 bound parameters in one statement, over D1's limit of 100/)
    expect(db.usage.queries).toBe(0)
    // Local D1 refuses it too (measured: workerd sets SQLite's variable limit to 100), with a vaguer message.
    const local = (await createDb(env.DB, { maxParams: 100_000 }).insert(jobResults).values(jobRows(500)).catch((e: unknown) => e)) as Error
    expect(String((local.cause as Error).message)).toMatch(/too many SQL variables/)
  })

  it('work with empty input', async () => {
    const db = createDb(env.DB)
    expect(chunkedInserts(db, strategies, [])).toEqual([])
    await insertMany(db, strategies, [])
    expect(db.usage.queries).toBe(0)
  })
})

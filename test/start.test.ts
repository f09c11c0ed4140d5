/**
 * `npm start`'s set-up on a fresh local database, as the script runs it
 * (`scripts/start.mjs --setup-only --no-build`, as `npm test` has just built
 * the catalog and the sandbox: migrations with `wrangler d1 migrations
 * apply`, the seed with `wrangler d1 execute --file`), twice: the second run
 * changes nothing. (test/workers/store-seed.test.ts checks the seed's
 * statements in detail.)
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { ALL_CLASSICS } from '../src/classics'

const root = fileURLToPath(new URL('..', import.meta.url))
const wranglerBin = join(dirname(createRequire(import.meta.url).resolve('wrangler/package.json')), 'bin', 'wrangler.js')
const run = promisify(execFile)
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' }
const persistTo = mkdtempSync(join(tmpdir(), 'arena-start-'))

afterAll(() => rmSync(persistTo, { recursive: true, force: true }))

/** Run SQL statements on the local database; the rows of each. */
async function query(...statements: string[]): Promise<unknown[][]> {
  const { stdout } = await run(process.execPath, [wranglerBin, 'd1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--json', '--command', statements.join('; ')], { cwd: root, env, maxBuffer: 16 << 20 })
  return (JSON.parse(stdout) as { results: unknown[] }[]).map((r) => r.results)
}

function setUp() {
  return run(process.execPath, [join(root, 'scripts', 'start.mjs'), '--setup-only', '--no-build', '--persist-to', persistTo], { cwd: root, env })
}

describe('npm start (set-up only)', () => {
  it('applies the migrations and seeds the house account and the classics, idempotently', async () => {
    const first = await setUp()
    expect(first.stdout).toContain('applied')
    const second = await setUp()
    expect(second.stdout).toContain('no migrations to apply')

    const [accounts, rows] = (await query(
      'SELECT id, handle, kind FROM accounts',
      'SELECT s.id, s.owner_id, s.is_public, v.version, v.source, v.source_hash FROM strategies s JOIN strategy_versions v ON v.strategy_id = s.id ORDER BY s.id',
    )) as [unknown[], { id: string }[]]
    expect(accounts).toEqual([{ id: 'house', handle: 'house', kind: 'house' }])
    expect(rows.map((r) => r.id)).toEqual(ALL_CLASSICS.map((c) => c.id))
    for (const [i, r] of rows.entries()) {
      const c = ALL_CLASSICS[i]!
      expect(r).toEqual({ id: c.id, owner_id: 'house', is_public: 1, version: 1, source: c.source, source_hash: createHash('sha256').update(c.source).digest('hex') })
    }
  }, 180_000)
})

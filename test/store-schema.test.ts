/**
 * migrations/ is up to date with src/store/schema.ts: drizzle-kit, run on a
 * copy, finds nothing to generate. (After changing the schema, run
 * `npm run db:generate` and commit the new migration.)
 */
import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const drizzleKit = join(root, 'node_modules', 'drizzle-kit', 'bin.cjs')

describe('migrations/', () => {
  it('match the schema (drizzle-kit generate has nothing to add)', async () => {
    // drizzle-kit 0.31 wants a relative --out: work in a scratch copy under .wrangler/ (gitignored).
    mkdirSync(join(root, '.wrangler'), { recursive: true })
    const scratch = mkdtempSync(join(root, '.wrangler', 'migrations-check-'))
    try {
      cpSync(join(root, 'migrations'), scratch, { recursive: true })
      const before = readdirSync(scratch).sort()
      const { stdout } = await promisify(execFile)(process.execPath, [drizzleKit, 'generate', '--dialect', 'sqlite', '--schema', 'src/store/schema.ts', '--out', relative(root, scratch)], { cwd: root })
      expect(stdout).toContain('No schema changes')
      expect(readdirSync(scratch).sort()).toEqual(before)
      expect(before.filter((f) => f.endsWith('.sql')).every((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))).toBe(true)
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
  }, 60_000)
})

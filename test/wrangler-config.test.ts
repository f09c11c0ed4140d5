/**
 * wrangler.toml declares the platform's bindings as src/env.ts expects them,
 * and `wrangler deploy --dry-run` bundles the Worker, with no account and no
 * network.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { unstable_readConfig } from 'wrangler'
import { RUNS_DEAD_LETTER_QUEUE, RUNS_QUEUE } from '../src/env'
import { BURST_LIMITS } from '../src/quotas'

const root = fileURLToPath(new URL('..', import.meta.url))
const wranglerBin = join(dirname(createRequire(import.meta.url).resolve('wrangler/package.json')), 'bin', 'wrangler.js')

describe('wrangler.toml', () => {
  const config = unstable_readConfig({ config: join(root, 'wrangler.toml') })

  it('declares the D1 binding DB with its migrations directory', () => {
    expect(config.d1_databases).toEqual([expect.objectContaining({ binding: 'DB', migrations_dir: 'migrations' })])
  })

  it('declares the queue producer, its consumer and a dead-letter queue, with every setting written out', () => {
    expect(config.queues.producers).toEqual([{ binding: 'RUNS', queue: RUNS_QUEUE }])
    const [runs, dead, ...more] = config.queues.consumers ?? []
    expect(more).toEqual([])
    for (const consumer of [runs, dead]) {
      expect(consumer).toEqual(expect.objectContaining({ max_batch_size: expect.any(Number), max_batch_timeout: expect.any(Number), max_retries: expect.any(Number) }))
    }
    expect(runs).toEqual(expect.objectContaining({ queue: RUNS_QUEUE, dead_letter_queue: RUNS_DEAD_LETTER_QUEUE }))
    expect(dead).toEqual(expect.objectContaining({ queue: RUNS_DEAD_LETTER_QUEUE }))
    expect(runs!.max_batch_size).toBeLessThanOrEqual(100)
  })

  it('declares the burst limiters with the numbers src/quotas.ts gives in its 429s', () => {
    const declared = (config.ratelimits ?? []).map((r: { name: string; simple: unknown }) => ({ name: r.name, simple: r.simple }))
    expect(declared).toEqual(Object.values(BURST_LIMITS).map((b) => ({ name: b.binding, simple: { limit: b.limit, period: b.period } })))
    expect(new Set((config.ratelimits ?? []).map((r: { namespace_id: string }) => r.namespace_id)).size).toBe(declared.length)
  })

  it('keeps the CompiledWasm rule for the sandbox and the Text rule for the docs page', () => {
    expect(config.rules).toEqual([
      { type: 'CompiledWasm', globs: ['**/*.wasm'], fallthrough: true },
      { type: 'Text', globs: ['**/swagger-ui-bundle.js', '**/swagger-ui.css'], fallthrough: true },
    ])
  })
})

describe('wrangler deploy --dry-run', () => {
  it('bundles the Worker offline, with no Cloudflare account', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'arena-dry-run-'))
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' }
      delete env.CLOUDFLARE_API_TOKEN
      delete env.CLOUDFLARE_ACCOUNT_ID
      const { stdout } = await promisify(execFile)(process.execPath, [wranglerBin, 'deploy', '--dry-run', '--outdir', outdir], { cwd: root, env })
      expect(stdout).toContain('--dry-run: exiting now.')
      expect(stdout).toMatch(/env\.DB \(dilemma-arena\)\s+D1 Database/)
      expect(stdout).toMatch(/env\.RUNS \(dilemma-arena-runs\)\s+Queue/)
      expect(stdout).toMatch(/env\.WRITE_LIMITER \(60 requests\/10s\)\s+Rate Limit/)
      expect(stdout).toMatch(/env\.ANONYMOUS_WRITE_LIMITER \(20 requests\/60s\)\s+Rate Limit/)
      expect(existsSync(join(outdir, 'index.js'))).toBe(true)
      // Swagger UI (/api/docs) is embedded as text modules, and the whole upload stays far under 10 MB.
      const files = readdirSync(outdir).filter((f) => !f.endsWith('.map'))
      expect(files.some((f) => f.endsWith('swagger-ui-bundle.js'))).toBe(true)
      const total = files.reduce((sum, f) => sum + statSync(join(outdir, f)).size, 0)
      expect(total).toBeLessThan(5 * 1024 * 1024)
    } finally {
      rmSync(outdir, { recursive: true, force: true })
    }
  }, 120_000)
})

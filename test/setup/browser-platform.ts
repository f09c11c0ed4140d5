/**
 * The browser tests' platform: `npm start` as a newcomer runs it (fresh local
 * D1, the queue, the ticker that fires cron), on a free port with a
 * temporary state, started once for all browser test files. Without
 * Chromium the platform is not started and the tests say loudly that they
 * were skipped, and how to install it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { chromiumPath } from '../browser/chromium'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The running platform's address, or '' when Chromium is missing and the browser tests are skipped. */
    baseUrl: string
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url))

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!chromiumPath()) {
    const line = '!'.repeat(78)
    console.warn(
      [
        line,
        '!! BROWSER TESTS SKIPPED: no Chromium found (looked for $CHROMIUM_PATH, /usr/bin/chromium).',
        '!! Install it with:  sudo apt-get install -y chromium   (Debian/Ubuntu), then run npm test again.',
        '!! CI (.ci/run) installs it, so CI always runs them.',
        line,
      ].join('\n'),
    )
    project.provide('baseUrl', '')
    return async () => {}
  }
  const port = await freePort()
  const persistTo = mkdtempSync(join(tmpdir(), 'arena-browser-'))
  const child: ChildProcess = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), '--no-build', '--port', String(port), '--persist-to', persistTo], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const baseUrl = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}) before answering:\n${output}`)
    if (Date.now() > deadline) throw new Error(`npm start did not answer within 120 s:\n${output}`)
    try {
      const res = await fetch(`${baseUrl}/api/health`)
      if (res.ok) break
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  project.provide('baseUrl', baseUrl)
  return async () => {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      child.on('exit', () => {
        clearTimeout(timer)
        resolve()
      })
      child.kill('SIGINT')
    })
    rmSync(persistTo, { recursive: true, force: true })
  }
}

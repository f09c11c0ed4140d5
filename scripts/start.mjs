#!/usr/bin/env node
/**
 * `npm start`: the platform locally, with no Cloudflare account and no network.
 *
 *   1. builds what `npm install` builds (the classics catalog, the metered QuickJS module, the web site);
 *   2. applies the D1 migrations to the local database (`wrangler d1 migrations apply DB --local`);
 *   3. seeds the house account and the classics (src/store/seed.ts, written to
 *      .wrangler/seed.sql and run with `wrangler d1 execute DB --local --file`;
 *      idempotent, so every start re-runs it);
 *   4. serves the Worker with `wrangler dev` on http://localhost:8787;
 *   5. ticks: wrangler dev never fires cron triggers, so this script calls the
 *      local scheduled endpoint (/cdn-cgi/local/scheduled) once the server
 *      answers, then every minute. Each tick starts due scheduled runs (the
 *      seeded demo tournament's first one at once) and resumes runs that
 *      stalled; the first one resumes at once every run the previous `npm
 *      start` left unfinished (local queue messages do not survive it).
 *
 * Ctrl-C (or SIGTERM to this process) stops wrangler and everything under it.
 * The local state lives in .wrangler/state (delete it to start afresh).
 *
 * wrangler dev runs with `--log-level warn` unless told otherwise: at its
 * default (info) it logs every request through its Node process, which
 * costs about a third of the local server's CPU a request (GET /api/health:
 * 3.7-4.0 ms at info, 2.4-2.6 ms at warn; docs/scale.md §6). Warnings, errors
 * and the Worker's console.error still show; `--log-level info` brings back
 * the request lines, wrangler's QUEUE lines and the Worker's console.log.
 *
 * Usage: node scripts/start.mjs [--port N] [--persist-to DIR] [--setup-only] [--no-build] [--no-tick] [--log-level L]
 *   --setup-only  steps 1-3, then exit (no server)
 *   --no-build    skip step 1 (what `npm install` / `npm test` built is current)
 *   --no-tick     skip step 5 (nothing is scheduled; runs start only through the API)
 *   --log-level   wrangler dev's (debug, info, log, warn, error, none); default warn
 * Other arguments go to `wrangler dev` unchanged.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve as resolvePath } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const wranglerBin = join(dirname(require.resolve('wrangler/package.json')), 'bin', 'wrangler.js')

/** The D1 binding's name in wrangler.toml. */
export const DB_BINDING = 'DB'

/** Environment for wrangler dev: no telemetry (nothing here may need the network). */
const devEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false' }
/** ... and for the set-up commands: no prompts either. */
const wranglerEnv = { ...devEnv, CI: process.env.CI ?? '1' }

/** Run a command to completion; reject with its output on failure. */
function run(command, args, { quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: wranglerEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => {
      output += d
      if (!quiet) process.stdout.write(d)
    })
    child.stderr.on('data', (d) => {
      output += d
      if (!quiet) process.stderr.write(d)
    })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (code === 0) resolve(output)
      else reject(Object.assign(new Error(`${[command, ...args].join(' ')} failed (${signal ?? `exit ${code}`})${quiet ? `:\n${output}` : ''}`), { output }))
    })
  })
}

/** `wrangler ...` on this Node (the npm scripts put Node 22 first on PATH). */
export function wrangler(args, options) {
  return run(process.execPath, [wranglerBin, ...args], options)
}

const persistArgs = (persistTo) => (persistTo ? ['--persist-to', persistTo] : [])

/** The build steps `npm install` runs (fast when nothing changed). */
export async function build({ quiet = false } = {}) {
  await run(process.execPath, [join(root, 'scripts', 'build-catalog.mjs')], { quiet })
  await run(process.execPath, [join(root, 'scripts', 'meter-wasm.mjs'), '--quiet'], { quiet })
  await run(process.execPath, [join(root, 'scripts', 'build-web.mjs'), '--quiet'], { quiet })
}

/** Apply the D1 migrations to the local database. */
export function migrate({ persistTo, quiet = false } = {}) {
  return wrangler(['d1', 'migrations', 'apply', DB_BINDING, '--local', ...persistArgs(persistTo)], { quiet })
}

/** Write the seed SQL (src/store/seed.ts) to `file`; returns the file's path. */
export async function writeSeedSql(file = join(root, '.wrangler', 'seed.sql')) {
  const { tsImport } = await import('tsx/esm/api')
  const { seedSql } = await tsImport(pathToFileURL(join(root, 'src', 'store', 'seed.ts')).href, import.meta.url)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, await seedSql())
  return file
}

/** Seed the house account and the classics into the local database. */
export async function seed({ persistTo, file, quiet = false } = {}) {
  const path = await writeSeedSql(file ?? (persistTo ? join(persistTo, 'seed.sql') : undefined))
  return wrangler(['d1', 'execute', DB_BINDING, '--local', '--file', path, ...persistArgs(persistTo)], { quiet })
}

/** wrangler dev's log level unless `--log-level` is given: no line (and no trip through Node) per request. */
export const DEFAULT_LOG_LEVEL = 'warn'

/** How often the local ticker calls the scheduled handler (the cron trigger in wrangler.toml fires every minute). */
export const TICK_MS = 60_000

/**
 * Call the Worker's scheduled handler at `origin` once it answers, then every
 * `TICK_MS`. Returns a function that stops it.
 */
export function startTicker(origin, { log = console.log } = {}) {
  let stopped = false
  let timer
  const url = (cron) => `${origin}/cdn-cgi/local/scheduled?cron=${encodeURIComponent(cron)}`
  const once = async (cron = '* * * * *') => {
    try {
      const res = await fetch(url(cron))
      if (!res.ok) log(`tick: the scheduled handler answered ${res.status}`)
    } catch (err) {
      log(`tick: ${err.message}`)
    }
  }
  const ready = async () => {
    for (;;) {
      if (stopped) return false
      try {
        if ((await fetch(`${origin}/api/health`)).ok) return true
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 500))
    }
  }
  ready().then(async (ok) => {
    if (!ok) return
    log(`start: ticking the scheduled handler now and every ${TICK_MS / 1000} s`)
    // The first tick says `restart`: the previous server's queue messages died with it (src/jobs/tick.ts).
    await once('restart')
    const loop = () => {
      if (stopped) return
      timer = setTimeout(async () => {
        await once()
        loop()
      }, TICK_MS)
    }
    loop()
  })
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}

function takeOption(args, name) {
  const i = args.indexOf(name)
  if (i < 0) return undefined
  const value = args[i + 1]
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`)
  args.splice(i, 2)
  return value
}

async function main() {
  const args = process.argv.slice(2)
  const flag = (name) => {
    const i = args.indexOf(name)
    if (i >= 0) args.splice(i, 1)
    return i >= 0
  }
  const setupOnly = flag('--setup-only')
  const noBuild = flag('--no-build')
  const noTick = flag('--no-tick')
  const persistOption = takeOption(args, '--persist-to')
  const persistTo = persistOption && resolvePath(persistOption)
  const port = takeOption(args, '--port') ?? '8787'

  if (!noBuild) {
    console.log('start: building the classics catalog, the sandbox module and the web site')
    await build()
  }
  console.log('start: applying D1 migrations (local)')
  await migrate({ persistTo, quiet: true }).then((out) => console.log(out.includes('No migrations to apply') ? '  no migrations to apply' : '  applied'))
  console.log('start: seeding the house account, the classics and the demo tournament (local)')
  await seed({ persistTo, quiet: true })
  if (setupOnly) return

  const logLevel = args.some((a) => a === '--log-level' || a.startsWith('--log-level=')) ? [] : [`--log-level=${DEFAULT_LOG_LEVEL}`]
  console.log(`start: wrangler dev on http://localhost:${port}${logLevel.length ? ` (log level ${DEFAULT_LOG_LEVEL}: no line per request; --log-level info shows them)` : ''}`)
  const child = spawn(process.execPath, [wranglerBin, 'dev', '--port', port, ...persistArgs(persistTo), ...logLevel, ...args], {
    cwd: root,
    env: devEnv,
    stdio: 'inherit',
  })
  // Ctrl-C reaches wrangler directly (same process group); a signal sent to
  // this process alone is passed on. Either way we exit when wrangler has.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    })
  }
  const stopTicker = noTick ? () => {} : startTicker(`http://localhost:${port}`)
  child.on('exit', () => stopTicker())
  child.on('error', (err) => {
    console.error(`start: could not run wrangler dev: ${err.message}`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[signal] ?? 0) : 1)))
}

if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  main().catch((err) => {
    console.error(`start: ${err.message}`)
    process.exit(1)
  })
}

/**
 * How long the `arena` command takes as a whole process, started directly
 * (`node bin/arena.mjs`, not through npx), for `npm run bench`: `arena
 * --version`, and a one-round match between two built-ins, which loads the
 * engine and the sandbox and plays. Bare Node's own start (an empty module)
 * is measured alongside, as the floor no command goes below.
 *
 * The CLI is built first (scripts/build-cli.mjs), so what is timed is the
 * build of the current sources, as `npm test` and `npm install` leave it,
 * never the slower fallback to the sources. Each run is one process; the
 * kinds alternate run by run after a warm-up (Node's compile cache filled,
 * the files in the page cache), and the medians are reported.
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median } from '../src/engine/stats'

export const BIN = fileURLToPath(new URL('../bin/arena.mjs', import.meta.url))
const BUILD = fileURLToPath(new URL('../scripts/build-cli.mjs', import.meta.url))

export interface Startup {
  /** `arena --version`, median wall time of a whole process, in ms. */
  versionMs: number
  /** `arena match tit-for-tat alternator --turns 1`, likewise. */
  match1Ms: number
  /** `node empty.mjs`: Node itself, for scale. */
  nodeMs: number
  runs: number
}

let built = false

/** Build dist/cli from the current sources (once per process), so that bin/arena.mjs runs the build. */
export function buildCli(): void {
  if (built) return
  const result = spawnSync(process.execPath, [BUILD, '--quiet'], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`scripts/build-cli.mjs failed: ${result.stderr}`)
  built = true
}

/** Wall time of one process (node + args), in ms; throws unless it exits with 0. */
export function processMs(args: readonly string[]): number {
  const started = performance.now()
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
  const ms = performance.now() - started
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed (${result.status}): ${result.stderr}`)
  return ms
}

/**
 * Medians of `runs` runs of each command, the commands taking turns run by
 * run (after `warmUp` untimed rounds), so that drift in the machine's load
 * lands on all of them alike.
 */
export function interleavedMedians(commands: readonly (readonly string[])[], runs: number, warmUp = 2): number[] {
  for (let i = 0; i < warmUp; i++) for (const args of commands) processMs(args)
  const times = commands.map(() => [] as number[])
  for (let i = 0; i < runs; i++) commands.forEach((args, k) => times[k]!.push(processMs(args)))
  return times.map((t) => median(t))
}

export function measureStartup(runs = 20): Startup {
  buildCli()
  const empty = join(mkdtempSync(join(tmpdir(), 'arena-startup-')), 'empty.mjs')
  writeFileSync(empty, 'export {}\n')
  const [versionMs, match1Ms, nodeMs] = interleavedMedians(
    [[BIN, '--version'], [BIN, 'match', 'tit-for-tat', 'alternator', '--turns', '1'], [empty]],
    runs,
  )
  return { versionMs: versionMs!, match1Ms: match1Ms!, nodeMs: nodeMs!, runs }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runs = Number(process.argv[2] ?? 20)
  const s = measureStartup(runs)
  console.log(`start-up, medians of ${runs} whole processes: arena --version ${s.versionMs.toFixed(1)} ms, one-round match ${s.match1Ms.toFixed(1)} ms (Node alone: ${s.nodeMs.toFixed(1)} ms)`)
}

/**
 * A tournament as one whole `arena` command, started directly (`node
 * bin/arena.mjs tournament ...`, not through npx): start-up, loading the
 * players, playing and printing, for `npm run bench`, with `--jobs N` for
 * each N asked for (null: no --jobs, the command's own choice). The runs of
 * the different N take turns (bench/startup.ts interleavedMedians), and the
 * CLI is built first, as for the start-up.
 *
 * measureTournamentCommand also has the same tournament take turns with
 * the command as a whole process that plays the strategies natively in V8
 * (bench/native-command.ts, bundled here first): the floor under the command.
 *
 * The players are the caller's (the bench's frozen list of 30 built-ins);
 * the rules are 200 turns and 5 repetitions, the headline tournament.
 */
import { build } from 'esbuild'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BIN, buildCli, interleavedMedians } from './startup'
import { TOURNAMENT as WHOLE_COMMAND } from './tournament-players'

export interface TournamentCommand {
  jobs: number | null
  /** Median wall time of the whole process, in ms. */
  medianMs: number
  runs: number
}

function commandFor(jobs: number | null, players: readonly string[]): string[] {
  const { turns, repetitions, seed } = WHOLE_COMMAND
  const threads = jobs === null ? [] : ['--jobs', String(jobs)]
  return [BIN, 'tournament', ...players, '--turns', String(turns), '--repetitions', String(repetitions), '--seed', String(seed), ...threads]
}

/** bench/native-command.ts bundled into one file (in a new temporary directory), as the CLI's build bundles it. */
async function buildNativeCommand(): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'arena-native-command-')), 'native-command.mjs')
  await build({
    entryPoints: [fileURLToPath(new URL('./native-command.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    outfile,
    tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
    logLevel: 'warning',
  })
  return outfile
}

/** Each `--jobs` value's median over `runs` runs, the values taking turns. */
export function measureTournamentCommands(jobs: readonly (number | null)[], runs: number, players: readonly string[]): TournamentCommand[] {
  buildCli()
  const medians = interleavedMedians(jobs.map((j) => commandFor(j, players)), runs, 1)
  return jobs.map((j, k) => ({ jobs: j, medianMs: medians[k]!, runs }))
}

export interface TournamentCommandAndFloor {
  command: TournamentCommand
  /** The same tournament as a whole process playing natively in V8 (bench/native-command.ts): median wall time, in ms. */
  nativeMs: number
}

/** The command with `--jobs` as given (null: none), taking turns with its native floor. */
export async function measureTournamentCommand(jobs: number | null, runs: number, players: readonly string[]): Promise<TournamentCommandAndFloor> {
  buildCli()
  const native = await buildNativeCommand()
  const { turns, repetitions, seed } = WHOLE_COMMAND
  let medians: number[]
  try {
    medians = interleavedMedians([commandFor(jobs, players), [native, String(turns), String(repetitions), String(seed), ...players]], runs, 1)
  } finally {
    rmSync(dirname(native), { recursive: true, force: true })
  }
  const [commandMs, nativeMs] = medians
  return { command: { jobs, medianMs: commandMs!, runs }, nativeMs: nativeMs! }
}

// `tsx bench/whole-command.ts RUNS JOBS,JOBS PLAYER...` (JOBS "default": no --jobs), to measure without the whole bench.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [runs = '5', jobs = '1,2', ...players] = process.argv.slice(2)
  if (players.length < 2) throw new Error('usage: tsx bench/whole-command.ts RUNS JOBS,JOBS PLAYER PLAYER...')
  for (const r of measureTournamentCommands(jobs.split(',').map((j) => (j === 'default' ? null : Number(j))), Number(runs), players)) {
    console.log(`${r.jobs === null ? 'no --jobs' : `--jobs ${r.jobs}`}: ${r.medianMs.toFixed(0)} ms (median of ${r.runs} whole commands)`)
  }
}

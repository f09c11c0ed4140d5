/**
 * `npm run bench`: how fast the QuickJS sandbox plays, next to the same
 * strategy sources run natively in V8 (bench/native-runner.ts, the floor),
 * all in one process.
 *
 *   (a) one 200-round match, Tit For Tat vs Alternator: median per-match time
 *   (b) a round-robin of 30 classics, 200 turns, 5 repetitions: total time,
 *       time per played match, scheduled / played / reused matches, cold
 *       replays, and the speed-up against Axelrod-Python's time for the same
 *       tournament
 *   (c) the match of (a) with brand-new sandboxes for every match
 *       (reuseContexts: false): what warm contexts save
 *   (d) every pairing of (b) timed on its own (runner.play only), to show
 *       which strategies and pairings are slow in the sandbox
 *   (e) worst case: strategies built to cost the host as much as a match
 *       allows (bench/worst-case.ts), 200 rounds in self-play and against
 *       Tit For Tat with the normal warm runner: host CPU time per match
 *       (process.cpuUsage, user + system, all threads) next to the ordinary
 *       match of (a), against the bound of 100 ms per match for both players
 *   (f) the commons: 16-seat, 200-round groups (bench/commons-group.ts: simple
 *       strategies, and the usual mix) and the match of (a), in rotating
 *       batches of the same number of player-rounds: host CPU per
 *       player-round of each (set-up included), the ratios, and the
 *       WebAssembly memory the 16 seats hold; and, to tell what taking
 *       turns costs from what the commons adds, eight such matches at the
 *       sandbox level, one after the other and round by round across them
 *   (g) whole processes, started directly (node bin/arena.mjs, not npx):
 *       `arena --version`, a one-round `arena match`, and the tournament of
 *       (b) as one `arena tournament` command as a user types it (no --jobs:
 *       the threads its moves are worth, at most one per core), against
 *       Axelrod-Python's play-only time (bench/reference.ts); with their
 *       floors taking turns with them: Node alone (an empty module), and
 *       the same tournament as a whole process that plays the strategies
 *       natively in V8 (bench/native-command.ts)
 *   (h) the meters: the tournament of (b) with the metered QuickJS build and
 *       with an unmetered one (the same build with no charges), taking turns job by job
 *   (i) the platform's queue consumer: the jobs of (b) played by one warm
 *       runner as a queue batch plays them (playJobs), in matches per second
 *       of host CPU
 *
 * The JSON output starts with the goals' figures (times in ms):
 *   match200.medianMs, worstCaseMatch200Ms, tournament30.{inProcessMs,
 *   wholeCommandMs, nativeWholeCommandMs}, startup.{versionMs, match1Ms,
 *   nodeMs}, nativeMatch200.medianMs,
 *   meterOverheadPct, jobs, consumer.matchesPerCpuSecond, and goals (each
 *   goal, its figure, and whether it is met).
 *
 * Sandboxed and native runs alternate (ABBA) after a warm-up, to keep drift
 * (JIT tiering, frequency scaling, other load) from favouring either side.
 * Both tournaments must give byte-identical results (checked on every run;
 * test/bench-native.test.ts checks it for all classics).
 *
 * Options:
 *   --json          print only machine-readable JSON on stdout (progress goes to stderr)
 *   --by-strategy   print the per-strategy table for every player (default: the slowest 8)
 *   --from-disk     read the classics from strategies/*.js instead of the generated catalog
 *   --runs N        tournament runs per runner (default 5)
 *   --no-worst-case skip (e)
 *   --no-commons    skip (f)
 *   --no-processes  skip (g) (no child processes)
 *
 * "Moves" are strategy moves actually executed: 2 per round of each played
 * match (reused matches execute nothing).
 */
import { spawnSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { CLASSICS, classicAsSource } from '../src/classics'
import { playMatch, prepareMatch, type MatchResult } from '../src/engine/match'
import { makeRules } from '../src/engine/rules'
import type { MatchRunner, MatchSetup, PlayedSide } from '../src/engine/match-runner'
import { normalizeSeed } from '../src/engine/prng'
import { median } from '../src/engine/stats'
import { tournamentMatchSeed } from '../src/engine/schedule'
import { playTournament, type TournamentOptions } from '../src/engine/tournament'
import type { TournamentResult } from '../src/engine/tournament-result'
import type { Fault, StrategySource } from '../src/engine/types'
import { createNodeGroupRunner, createNodeRunner } from '../sandbox/node'
import type { SandboxRunner } from '../sandbox/runner'
import { measureConsumer } from './consumer'
import { measureMeterOverhead } from './meter-overhead'
import { measureStartup } from './startup'
import { measureTournamentCommand } from './whole-command'
import { COMMONS_BENCH_GROUPS, COMMONS_BENCH_SEAT_COUNT, commonsBenchSetup, EightMatches, standInResolve } from './commons-group'
import { NativeRunner } from './native-runner'
import { scheduledTournament, threadCount } from '../src/cli/jobs/play'
import { AXELROD_PLAY_ONLY, GOALS, MATCH, TOURNAMENT, TOURNAMENT_PLAYERS } from './reference'
import { WORST_CASE } from './worst-case'

// ---------------------------------------------------------------------------
// What is measured

/** What the sandbox must guarantee: host CPU per 200-round match, both players together, whatever they do. */
const WORST_CASE_BOUND_MS = 100

// ---------------------------------------------------------------------------
// Command line

const argv = process.argv.slice(2)
const JSON_OUT = argv.includes('--json')
const BY_STRATEGY = argv.includes('--by-strategy')
const FROM_DISK = argv.includes('--from-disk')
const WORST = !argv.includes('--no-worst-case')
const COMMONS = !argv.includes('--no-commons')
const PROCESSES = !argv.includes('--no-processes')
const RUNS = (() => {
  const i = argv.indexOf('--runs')
  const n = i >= 0 ? Number(argv[i + 1]) : 5
  if (!Number.isInteger(n) || n < 1) throw new Error('--runs takes a whole number ≥ 1')
  return n
})()

const tty = process.stderr.isTTY === true
const progress = (text: string) => void (tty && process.stderr.write(`\r\x1b[K${text}`))
const done = () => void (tty && process.stderr.write('\r\x1b[K'))

// ---------------------------------------------------------------------------
// Helpers

/** Run both sides, sandboxed first on even rounds and native first on odd ones (ABBA), so drift hits both alike. */
async function alternately(k: number, run: (which: 'sandbox' | 'native') => Promise<void>): Promise<void> {
  for (const which of k % 2 === 0 ? (['sandbox', 'native'] as const) : (['native', 'sandbox'] as const)) await run(which)
}

/** Adds up the time spent in runner.play(), to split a tournament's time between the runner and the engine. */
class TimedRunner implements MatchRunner {
  inPlayMs = 0
  constructor(readonly inner: MatchRunner) {}
  async play(a: StrategySource, b: StrategySource, setup: MatchSetup): Promise<[PlayedSide, PlayedSide]> {
    const t0 = performance.now()
    const sides = await this.inner.play(a, b, setup)
    this.inPlayMs += performance.now() - t0
    return sides
  }
}

async function loadClassics(): Promise<{ sources: Map<string, StrategySource>; catalogNote: string | null }> {
  if (FROM_DISK) {
    const url = new URL('../scripts/build-catalog.mjs', import.meta.url).href
    const mod = (await import(url)) as { readCatalog(): { id: string; name: string; source: string }[] }
    const list = mod.readCatalog()
    return { sources: new Map(list.map((c) => [c.id, { id: c.id, name: c.name, source: c.source }])), catalogNote: 'classics read from strategies/*.js (--from-disk)' }
  }
  const check = spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/build-catalog.mjs', import.meta.url)), '--check'], { encoding: 'utf8' })
  const stale = check.status !== 0
  return {
    sources: new Map(CLASSICS.map((c) => [c.id, classicAsSource(c)])),
    catalogNote: stale ? 'WARNING: src/classics/catalog.generated.ts is stale (strategies/ changed): run `npm run build:catalog`, or pass --from-disk' : null,
  }
}

/** Host CPU time (user + system, every thread of the process: the JIT and the garbage collector too) and wall time of one run, in ms. */
async function measured(run: () => Promise<unknown>): Promise<{ cpuMs: number; wallMs: number }> {
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await run()
  const wallMs = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs }
}

/** One side's faults, briefly: each kind with the round it first occurred, and the count (a match records only the first few). */
function faultSummary(faults: readonly Fault[], count: number): string {
  if (count === 0) return 'none'
  const first = new Map<string, number>()
  for (const f of faults) if (!first.has(f.kind)) first.set(f.kind, f.round)
  const kinds = [...first].map(([kind, round]) => `${kind} from round ${round}`).join(', ')
  if (count > faults.length) return `${kinds}, ... (${count} faults, the first ${faults.length} recorded)`
  return count > 1 ? `${kinds} (${count} faults)` : kinds
}

const spread = (values: readonly number[]) => ({ median: median(values), max: Math.max(...values) })

// (e) Worst case: how many samples. Sampling stops early once a match's samples add up to
// WORST_SAMPLE_BUDGET_MS: a match that costs seconds is far past the bound after one sample, and
// its repetitions would make the bench take minutes. (A sandbox that meets the bound gets all samples.)
const WORST_SAMPLES = 3
const WORST_SAMPLE_BUDGET_MS = 500
const STARTUP_RUNS = 21
const WHOLE_COMMAND_RUNS = 5
const ORDINARY_BATCHES = 15
const ORDINARY_BATCH = 20

interface WorstCaseRow {
  strategy: string
  opponent: string
  samples: number
  cpuMs: { median: number; max: number }
  wallMs: { median: number; max: number }
  /** The largest share of its set-up and match budgets the worst-case player used (side A): how well it is calibrated. */
  usage: { setup: number; match: number }
  /** The worst-case player's faults in the last sample (side A). */
  faults: string
}

/**
 * Section (e): each worst-case strategy in self-play and against Tit For Tat, 200 rounds, with the
 * normal warm runner (a new one, so that (a)-(d) leave nothing behind), and the ordinary match of (a)
 * timed the same way: CPU over batches of matches.
 */
async function measureWorstCase(tft: StrategySource, alternator: StrategySource, nextSeed: () => number) {
  const runner = await createNodeRunner()
  const options = () => ({ rules: { turns: 200 }, seed: nextSeed() })
  for (let i = 0; i < 40; i++) await playMatch(runner, tft, alternator, options())
  const ordinary = { cpuMs: [] as number[], wallMs: [] as number[] }
  for (let k = 0; k < ORDINARY_BATCHES; k++) {
    progress(`(e) worst case: ordinary match, batch ${k + 1}/${ORDINARY_BATCHES}`)
    const m = await measured(async () => {
      for (let i = 0; i < ORDINARY_BATCH; i++) await playMatch(runner, tft, alternator, options())
    })
    ordinary.cpuMs.push(m.cpuMs / ORDINARY_BATCH)
    ordinary.wallMs.push(m.wallMs / ORDINARY_BATCH)
  }
  const rows: WorstCaseRow[] = []
  for (const s of WORST_CASE) {
    for (const opponent of [s, tft]) {
      const cpuMs: number[] = []
      const wallMs: number[] = []
      const usage = { setup: 0, match: 0 }
      let last: MatchResult | null = null
      while (cpuMs.length < WORST_SAMPLES && cpuMs.reduce((x, y) => x + y, 0) < WORST_SAMPLE_BUDGET_MS) {
        progress(`(e) worst case: ${s.id} vs ${opponent === s ? 'itself' : opponent.id}, sample ${cpuMs.length + 1}`)
        const m = await measured(async () => {
          last = await playMatch(runner, s, opponent, options())
        })
        cpuMs.push(m.cpuMs)
        wallMs.push(m.wallMs)
        const used = runner.lastUsage![0]
        usage.setup = Math.max(usage.setup, used.setup)
        usage.match = Math.max(usage.match, used.match)
      }
      const result = last as unknown as MatchResult
      rows.push({
        strategy: s.id,
        opponent: opponent === s ? 'itself' : opponent.id,
        samples: cpuMs.length,
        cpuMs: spread(cpuMs),
        wallMs: spread(wallMs),
        usage,
        faults: faultSummary(result.faults[0], result.faultCounts[0]),
      })
    }
  }
  runner.dispose()
  rows.sort((x, y) => y.cpuMs.median - x.cpuMs.median)
  const worst = rows[0]!
  const ordinaryCpuMs = median(ordinary.cpuMs)
  return {
    boundMs: WORST_CASE_BOUND_MS,
    turns: 200,
    note: 'host CPU per match = process.cpuUsage() delta (user + system, all threads), both players together',
    ordinary: { players: [tft.id, alternator.id], batches: ORDINARY_BATCHES, batch: ORDINARY_BATCH, cpuMs: spread(ordinary.cpuMs), wallMs: spread(ordinary.wallMs) },
    strategies: rows,
    worst: { strategy: worst.strategy, opponent: worst.opponent, cpuMs: worst.cpuMs.median, ratioToOrdinary: worst.cpuMs.median / ordinaryCpuMs },
    highestSampleCpuMs: Math.max(...rows.map((r) => r.cpuMs.max)),
    withinBound: rows.every((r) => r.cpuMs.max <= WORST_CASE_BOUND_MS),
  }
}

// (f) The commons: batches rotate between each group and as many matches as make the same player-rounds.
const COMMONS_BATCHES = 21
const MATCHES_PER_GROUP = (COMMONS_BENCH_SEAT_COUNT * 200) / (2 * 200)

/**
 * Section (f): 16-seat, 200-round commons groups next to the match of (a), with runners of their
 * own, in rotating batches of the same number of player-rounds: host CPU per player-round.
 */
async function measureCommons(tft: StrategySource, alternator: StrategySource, nextSeed: () => number) {
  const seats = COMMONS_BENCH_SEAT_COUNT
  const before = process.memoryUsage()
  const groups = await createNodeGroupRunner()
  const dilemma = await createNodeRunner()
  let faults = 0
  const playGroup = (sources: readonly StrategySource[]) => async () => {
    const setup = commonsBenchSetup(nextSeed())
    for (const seat of await groups.playGroup(sources, setup, standInResolve(setup))) faults += seat.faultCount
  }
  const playMatches = async () => {
    for (let i = 0; i < MATCHES_PER_GROUP; i++) await playMatch(dilemma, tft, alternator, { rules: { turns: 200 }, seed: nextSeed() })
  }
  await playGroup(COMMONS_BENCH_GROUPS[0]!.seats)()
  const made = process.memoryUsage()
  const wasmBytes = groups.memoryBytes
  const eight = await EightMatches.make(MATCHES_PER_GROUP)
  const playEight = (interleaved: boolean) => async () => eight.play(tft, alternator, 200, nextSeed(), interleaved)
  const runs = [
    ...COMMONS_BENCH_GROUPS.map((g) => ({ name: g.name, run: playGroup(g.seats), cpuUs: [] as number[] })),
    { name: 'one after the other', run: playEight(false), cpuUs: [] as number[] },
    { name: 'round by round', run: playEight(true), cpuUs: [] as number[] },
    { name: 'dilemma', run: playMatches, cpuUs: [] as number[] },
  ]
  for (let i = 0; i < 5; i++) for (const r of runs) await r.run()
  faults = 0
  const playerRounds = seats * 200
  for (let k = 0; k < COMMONS_BATCHES; k++) {
    progress(`(f) commons: batch ${k + 1}/${COMMONS_BATCHES}`)
    for (let i = 0; i < runs.length; i++) {
      const r = runs[(i + k) % runs.length]!
      const m = await measured(r.run)
      r.cpuUs.push((m.cpuMs * 1000) / playerRounds)
    }
  }
  groups.dispose()
  dilemma.dispose()
  eight.dispose()
  const dilemmaUs = median(runs.at(-1)!.cpuUs)
  const eightUs = (i: number) => spread(runs[COMMONS_BENCH_GROUPS.length + i]!.cpuUs)
  return {
    seats,
    rounds: 200,
    batches: COMMONS_BATCHES,
    matchesPerBatch: MATCHES_PER_GROUP,
    note: 'host CPU per player-round = process.cpuUsage() delta / player-rounds (a group: 16 x 200; a batch of matches: the same), set-up included',
    groups: COMMONS_BENCH_GROUPS.map((g, i) => ({
      name: g.name,
      strategies: g.seats.map((s) => s.id),
      usPerPlayerRound: spread(runs[i]!.cpuUs),
      ratioToDilemma: median(runs[i]!.cpuUs) / dilemmaUs,
    })),
    dilemmaUsPerPlayerRound: spread(runs.at(-1)!.cpuUs),
    eightMatches: { oneAfterTheOther: eightUs(0), roundByRound: eightUs(1) },
    faults,
    memory: {
      wasmBytes,
      perSeatBytes: wasmBytes / seats,
      externalDeltaBytes: made.external - before.external,
      rssDeltaBytes: made.rss - before.rss,
    },
  }
}

const fmtMs = (ms: number) => (ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(3)} ms`)
const fmtRate = (perSecond: number) => (perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M/s` : `${(perSecond / 1e3).toFixed(0)} k/s`)
const fmtShare = (share: number) => `${(share * 100).toFixed(0)}%`
const fmtX = (x: number) => `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}x`

function table(rows: string[][], alignRight: boolean[] = []): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)))
  return rows
    .map((r) => '  ' + r.map((cell, c) => (alignRight[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('   ').trimEnd())
    .join('\n')
}

// ---------------------------------------------------------------------------
// The benchmark

async function main(): Promise<void> {
  const started = performance.now()
  const cpuStarted = process.cpuUsage()
  const loadStarted = loadavg()[0]!
  const { sources, catalogNote } = await loadClassics()
  const get = (id: string): StrategySource => {
    const s = sources.get(id)
    if (!s) throw new Error(`the benchmark needs the classic "${id}", which is missing`)
    return s
  }
  const a = get(MATCH.a)
  const b = get(MATCH.b)
  const players = TOURNAMENT_PLAYERS.map(get)
  const stochastic = players.filter((p) => /\b(view|v)\.random\(|Math\.random\(/.test(p.source)).map((p) => p.id)

  const sandbox: SandboxRunner = await createNodeRunner()
  const cold: SandboxRunner = await createNodeRunner({ reuseContexts: false })
  const native = new NativeRunner()
  const matchOptions = (seed: number) => ({ rules: { turns: MATCH.turns }, seed })
  const tournamentOptions: TournamentOptions = {
    rules: { turns: TOURNAMENT.turns },
    repetitions: TOURNAMENT.repetitions,
    seed: TOURNAMENT.seed,
  }

  // Warm-up: the first few hundred sandboxed matches of a process are several times slower
  // (lazy compilation and tier-up of the QuickJS WebAssembly, V8's JIT for the host side).
  progress('warming up...')
  const warmUntil = performance.now() + 1500
  let seed = 0
  while (performance.now() < warmUntil) {
    for (let i = 0; i < 20; i++) await playMatch(sandbox, a, b, matchOptions(seed++))
    for (let i = 0; i < 100; i++) await playMatch(native, a, b, matchOptions(seed++))
  }
  await playTournament(sandbox, players, tournamentOptions)
  // The engine's own code (shared by both) and the native strategies need several runs before V8 has
  // optimised them. (No forced gc() between timed runs: tried, it made every native tournament
  // after it 3-5x slower, as if V8 had to warm up again.)
  const nativeWarmUntil = performance.now() + 1000
  for (let i = 0; i < 3 || performance.now() < nativeWarmUntil; i++) await playTournament(native, players, tournamentOptions)
  for (let i = 0; i < 3; i++) await playMatch(cold, a, b, matchOptions(seed++))

  // (a) One match, batches alternating ABBA; each sample is a batch's time / its size.
  const SAMPLES = 101
  const batch = { sandbox: 20, native: 200 }
  const samples = { sandbox: [] as number[], native: [] as number[] }
  const timeBatch = async (which: 'sandbox' | 'native') => {
    const runner = which === 'sandbox' ? sandbox : native
    const n = batch[which]
    const t0 = performance.now()
    for (let i = 0; i < n; i++) await playMatch(runner, a, b, matchOptions(seed++))
    samples[which].push((performance.now() - t0) / n)
  }
  for (let k = 0; k < SAMPLES; k++) {
    progress(`(a) one match: sample ${k + 1}/${SAMPLES}`)
    await alternately(k, timeBatch)
  }
  const movesPerMatch = 2 * MATCH.turns
  const matchSandboxMs = median(samples.sandbox)
  const matchNativeMs = median(samples.native)

  // (b) The tournament, alternating ABBA, also adding up the time spent in runner.play.
  const runs = { sandbox: [] as number[], native: [] as number[] }
  const inPlay = { sandbox: [] as number[], native: [] as number[] }
  const timedSandbox = new TimedRunner(sandbox)
  const timedNative = new TimedRunner(native)
  let reference: TournamentResult | null = null
  let referenceJson = ''
  let identical = true
  const crashesBefore = sandbox.crashes
  const runTournament = async (which: 'sandbox' | 'native') => {
    const timed = which === 'sandbox' ? timedSandbox : timedNative
    const before = timed.inPlayMs
    const t0 = performance.now()
    const result = await playTournament(timed, players, tournamentOptions)
    runs[which].push(performance.now() - t0)
    inPlay[which].push(timed.inPlayMs - before)
    const json = JSON.stringify(result)
    if (reference === null) {
      reference = result
      referenceJson = json
    } else if (json !== referenceJson) identical = false
  }
  for (let k = 0; k < RUNS; k++) {
    progress(`(b) tournament: run ${k + 1}/${RUNS}`)
    await alternately(k, runTournament)
  }
  const t = reference as unknown as TournamentResult
  const sideFigures = (which: 'sandbox' | 'native', totalMs: number) => ({
    totalMs,
    runsMs: runs[which],
    inRunnerMs: median(inPlay[which]),
    msPerPlayedMatch: totalMs / t.playedMatches,
    movesPerSecond: (playedMoves / totalMs) * 1000,
  })
  const crashes = sandbox.crashes - crashesBefore
  const playedMoves = 2 * t.pairs.reduce((s, p) => s + p.turns.filter((_, r) => !p.reused[r]).reduce((x, y) => x + y, 0), 0)
  const tSandboxMs = median(runs.sandbox)
  const tNativeMs = median(runs.native)

  // (c) The match of (a) in brand-new sandboxes, alternating with the warm runner.
  const COLD_SAMPLES = 31
  const coldMs: number[] = []
  const warmMs: number[] = []
  for (let k = 0; k < COLD_SAMPLES; k++) {
    progress(`(c) fresh sandboxes: sample ${k + 1}/${COLD_SAMPLES}`)
    const t0 = performance.now()
    await playMatch(cold, a, b, matchOptions(seed++))
    const t1 = performance.now()
    await playMatch(sandbox, a, b, matchOptions(seed++))
    const t2 = performance.now()
    coldMs.push(t1 - t0)
    warmMs.push(t2 - t1)
  }
  const freshMs = median(coldMs)
  const warmSingleMs = median(warmMs)

  // (d) Per pairing of (b): repetition 0's match, played by each runner (runner.play only, no
  // engine) once per pass over all pairings; median over PAIR_PASSES passes. Passes rather than
  // plays in a row, so that a pause (a GC, the machine busy elsewhere) spoils one sample of a
  // pairing, not its median; timing inside the tournament runs instead would mostly measure
  // position effects (the first pairings after a switch of runner are slower).
  const PAIR_PASSES = 5
  const rules200 = makeRules({ turns: TOURNAMENT.turns })
  const runSeed = normalizeSeed(TOURNAMENT.seed)
  const pairings: { x: StrategySource; y: StrategySource; setup: MatchSetup; sandbox: number[]; native: number[] }[] = []
  for (let i = 0; i < players.length; i++) {
    for (let j = i; j < players.length; j++) {
      const x = players[i]!
      const y = players[j]!
      pairings.push({ x, y, setup: prepareMatch(rules200, tournamentMatchSeed(runSeed, x.id, y.id, 0)), sandbox: [], native: [] })
    }
  }
  const timeOne = async (runner: MatchRunner, q: (typeof pairings)[number], into: number[]) => {
    const t0 = performance.now()
    await runner.play(q.x, q.y, q.setup)
    into.push(performance.now() - t0)
  }
  for (let pass = 0; pass < PAIR_PASSES; pass++) {
    progress(`(d) per pairing: pass ${pass + 1}/${PAIR_PASSES}`)
    for (const q of pairings) {
      if (pass % 2 === 0) {
        await timeOne(sandbox, q, q.sandbox)
        await timeOne(native, q, q.native)
      } else {
        await timeOne(native, q, q.native)
        await timeOne(sandbox, q, q.sandbox)
      }
    }
  }
  const pairTimes = pairings.map((q) => {
    const sandboxMs = median(q.sandbox)
    const nativeMs = median(q.native)
    return { players: [q.x.id, q.y.id] as [string, string], sandboxMs, nativeMs, ratio: sandboxMs / nativeMs }
  })
  sandbox.dispose()
  cold.dispose()

  // (e) Worst case, with a runner of its own.
  const worstCase = WORST ? await measureWorstCase(a, b, () => seed++) : null
  // (f) The commons, with runners of its own.
  const commons = COMMONS ? await measureCommons(a, b, () => seed++) : null
  // (g) Whole processes.
  // The threads the command chooses without --jobs, as it chooses them.
  const jobs = threadCount(null, scheduledTournament(players, tournamentOptions))
  progress('(g) start-up')
  const startup = PROCESSES ? measureStartup(STARTUP_RUNS) : null
  progress(`(g) the tournament as one command (${jobs === 1 ? 'one thread' : `${jobs} threads`})`)
  const whole = PROCESSES ? await measureTournamentCommand(null, WHOLE_COMMAND_RUNS, TOURNAMENT_PLAYERS) : null
  const wholeCommandMs = whole?.command.medianMs ?? null
  // (h) The meters' cost.
  progress('(h) metered and unmetered')
  const meter = await measureMeterOverhead(RUNS, players)
  // (i) The queue consumer's work, with a runner of its own.
  progress('(i) the queue consumer')
  const consumerRunner = await createNodeRunner()
  const consumer = await measureConsumer(consumerRunner, players, tournamentOptions, RUNS)
  consumerRunner.dispose()
  done()
  const byStrategy = players.map((p) => {
    const mine = pairTimes.filter((q) => q.players[0] === p.id || q.players[1] === p.id)
    const s = mine.reduce((acc, q) => acc + q.sandboxMs, 0) / mine.length
    const nat = mine.reduce((acc, q) => acc + q.nativeMs, 0) / mine.length
    return { id: p.id, sandboxMsPerMatch: s, nativeMsPerMatch: nat, ratio: s / nat, pairings: mine.length }
  })
  byStrategy.sort((x, y) => y.sandboxMsPerMatch - x.sandboxMsPerMatch)
  const slowestPairs = pairTimes
    .slice()
    .sort((x, y) => y.sandboxMs - x.sandboxMs)
    .slice(0, 8)
  const pairSpread = {
    sandboxMs: { min: Math.min(...pairTimes.map((q) => q.sandboxMs)), median: median(pairTimes.map((q) => q.sandboxMs)), max: Math.max(...pairTimes.map((q) => q.sandboxMs)) },
    nativeMs: { min: Math.min(...pairTimes.map((q) => q.nativeMs)), median: median(pairTimes.map((q) => q.nativeMs)), max: Math.max(...pairTimes.map((q) => q.nativeMs)) },
    ratio: { min: Math.min(...pairTimes.map((q) => q.ratio)), median: median(pairTimes.map((q) => q.ratio)), max: Math.max(...pairTimes.map((q) => q.ratio)) },
  }

  const totalSeconds = (performance.now() - started) / 1000
  const cpuUsed = process.cpuUsage(cpuStarted)
  /** CPU time this process got per second of wall time: well below 1 means other load took the core and every time above is inflated. */
  const cpuShare = (cpuUsed.user + cpuUsed.system) / 1e6 / totalSeconds
  const load = [loadStarted, loadavg()[0]!]
  const cpu = cpus()[0]?.model?.trim() ?? 'unknown CPU'
  const environment = {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu,
    cores: cpus().length,
    sandbox: { limits: sandbox.limits },
    catalog: catalogNote,
    loadAverage1m: { start: load[0], end: load[1] },
    cpuShare,
  }
  const report = {
    environment,
    match: {
      players: [MATCH.a, MATCH.b],
      turns: MATCH.turns,
      samples: SAMPLES,
      batch,
      sandbox: { msPerMatch: matchSandboxMs, movesPerSecond: (movesPerMatch / matchSandboxMs) * 1000 },
      native: { msPerMatch: matchNativeMs, movesPerSecond: (movesPerMatch / matchNativeMs) * 1000 },
      ratio: matchSandboxMs / matchNativeMs,
    },
    tournament: {
      players: players.map((p) => p.id),
      axelrodPlayers: players.map((p) => CLASSICS.find((c) => c.id === p.id)?.axelrod ?? null),
      stochastic,
      turns: TOURNAMENT.turns,
      repetitions: TOURNAMENT.repetitions,
      seed: TOURNAMENT.seed,
      runs: RUNS,
      scheduledMatches: t.scheduledMatches,
      playedMatches: t.playedMatches,
      reusedMatches: t.reusedMatches,
      playedMoves,
      crashes,
      resultsIdentical: identical,
      sandbox: sideFigures('sandbox', tSandboxMs),
      native: sideFigures('native', tNativeMs),
      ratio: tSandboxMs / tNativeMs,
      axelrod: { playOnlyMs: AXELROD_PLAY_ONLY.ms, measured: AXELROD_PLAY_ONLY.measured, source: AXELROD_PLAY_ONLY.source, sandboxSpeedup: AXELROD_PLAY_ONLY.ms / tSandboxMs },
    },
    freshSandboxMatch: {
      samples: COLD_SAMPLES,
      msPerMatch: freshMs,
      movesPerSecond: (movesPerMatch / freshMs) * 1000,
      warmMsPerMatch: warmSingleMs,
      savedMsPerMatch: freshMs - warmSingleMs,
      ratioToWarm: freshMs / warmSingleMs,
    },
    pairings: { passes: PAIR_PASSES, spread: pairSpread, all: pairTimes },
    byStrategy,
    slowestPairs,
    worstCase,
    commons,
    totalSeconds,
  }

  // Each goal's floor, where the bench measures one: the same work with no sandbox (the strategies
  // natively in V8), or Node's own start. A limit below its floor cannot be met on this machine.
  const goals = [
    { goal: 'match200Ms', figure: matchSandboxMs, limit: GOALS.match200Ms, floor: matchNativeMs },
    { goal: 'meterOverheadPct', figure: meter.overheadPct, limit: GOALS.meterOverheadPct, floor: 0 },
    { goal: 'versionMs', figure: startup?.versionMs ?? null, limit: GOALS.versionMs, floor: startup?.nodeMs ?? null },
    { goal: 'match1Ms', figure: startup?.match1Ms ?? null, limit: GOALS.match1Ms, floor: startup?.nodeMs ?? null },
    {
      goal: 'wholeCommandShare',
      figure: wholeCommandMs === null ? null : wholeCommandMs / AXELROD_PLAY_ONLY.ms,
      limit: GOALS.wholeCommandShare,
      floor: whole === null ? null : whole.nativeMs / AXELROD_PLAY_ONLY.ms,
    },
  ].map((g) => ({ ...g, met: g.figure === null ? null : g.figure <= g.limit, belowFloor: g.floor === null ? null : g.limit < g.floor }))
  const headline = {
    match200: { medianMs: matchSandboxMs },
    worstCaseMatch200Ms: worstCase?.worst.cpuMs ?? null,
    tournament30: { inProcessMs: tSandboxMs, wholeCommandMs, nativeWholeCommandMs: whole?.nativeMs ?? null },
    startup,
    nativeMatch200: { medianMs: matchNativeMs },
    meterOverheadPct: meter.overheadPct,
    jobs,
    meter,
    consumer,
    axelrodPlayOnlyMs: AXELROD_PLAY_ONLY.ms,
    goals,
  }

  if (JSON_OUT) {
    process.stdout.write(JSON.stringify({ ...headline, ...report }, null, 2) + '\n')
    return
  }

  const out: string[] = []
  out.push(`Dilemma Arena benchmark: node ${environment.node}, ${environment.platform}, ${cpu} (${environment.cores} cores)`)
  out.push(`sandbox: QuickJS in WebAssembly, warm instances restored before every match; native: the same sources in V8 (trusted classics only)`)
  if (catalogNote) out.push(catalogNote)
  out.push('')
  out.push(`(a) one match: ${a.name} vs ${b.name}, ${MATCH.turns} rounds (median of ${SAMPLES} batches of ${batch.sandbox} sandboxed / ${batch.native} native matches)`)
  out.push(
    table(
      [
        ['', 'per match', 'moves/s'],
        ['sandboxed', fmtMs(matchSandboxMs), fmtRate(report.match.sandbox.movesPerSecond)],
        ['native', fmtMs(matchNativeMs), fmtRate(report.match.native.movesPerSecond)],
        ['sandboxed / native', fmtX(report.match.ratio), ''],
      ],
      [false, true, true],
    ),
  )
  out.push('')
  out.push(
    `(b) tournament: ${players.length} classics (${stochastic.length} stochastic), ${TOURNAMENT.turns} turns, ${TOURNAMENT.repetitions} repetitions, seed ${TOURNAMENT.seed} (median of ${RUNS} runs each, alternating)`,
  )
  out.push(
    `  matches: ${t.scheduledMatches} scheduled, ${t.playedMatches} played, ${t.reusedMatches} reused; ${playedMoves} moves played; sandbox crashes: ${crashes}`,
  )
  out.push(
    table(
      [
        ['', 'total', 'per played match', 'moves/s', 'in runner.play', 'runs'],
        [
          'sandboxed',
          fmtMs(tSandboxMs),
          fmtMs(report.tournament.sandbox.msPerPlayedMatch),
          fmtRate(report.tournament.sandbox.movesPerSecond),
          fmtMs(report.tournament.sandbox.inRunnerMs),
          runs.sandbox.map((x) => x.toFixed(0)).join(' '),
        ],
        [
          'native',
          fmtMs(tNativeMs),
          fmtMs(report.tournament.native.msPerPlayedMatch),
          fmtRate(report.tournament.native.movesPerSecond),
          fmtMs(report.tournament.native.inRunnerMs),
          runs.native.map((x) => x.toFixed(0)).join(' '),
        ],
        ['sandboxed / native', fmtX(report.tournament.ratio), '', '', fmtX(report.tournament.sandbox.inRunnerMs / report.tournament.native.inRunnerMs), ''],
      ],
      [false, true, true, true, true, false],
    ),
  )
  out.push(
    `  "in runner.play" is the time spent playing moves; the rest (${fmtMs(tSandboxMs - report.tournament.sandbox.inRunnerMs)} sandboxed, ${fmtMs(tNativeMs - report.tournament.native.inRunnerMs)} native) is the engine's own work, the same code for both`,
  )
  out.push(`  results byte-identical (sandboxed and native, every run): ${identical ? 'yes' : 'NO: the floor comparison is not valid'}`)
  out.push(`  Axelrod-Python: ${AXELROD_PLAY_ONLY.source}; measured ${AXELROD_PLAY_ONLY.measured}`)
  out.push(`  in-process speed-up vs Axelrod-Python: ${fmtX(report.tournament.axelrod.sandboxSpeedup)} (${fmtMs(AXELROD_PLAY_ONLY.ms)} / ${fmtMs(tSandboxMs)})`)
  out.push('')
  out.push(`(c) the match of (a) with brand-new sandboxes for every match (reuseContexts: false), median of ${COLD_SAMPLES}`)
  out.push(
    table(
      [
        ['', 'per match', 'moves/s'],
        ['fresh sandboxes', fmtMs(freshMs), fmtRate(report.freshSandboxMatch.movesPerSecond)],
        ['warm sandboxes', fmtMs(warmSingleMs), fmtRate((movesPerMatch / warmSingleMs) * 1000)],
        ['fresh / warm', fmtX(report.freshSandboxMatch.ratioToWarm), ''],
      ],
      [false, true, true],
    ),
  )
  out.push(`  warm contexts save ${fmtMs(report.freshSandboxMatch.savedMsPerMatch)} per match (single matches timed one by one here, so "warm" is a little above (a))`)
  out.push('')
  const shown = BY_STRATEGY ? byStrategy : byStrategy.slice(0, 8)
  out.push(
    `(d) every pairing of (b), repetition 0's match, runner.play only, median of ${PAIR_PASSES} passes over all pairings (by strategy: mean over its ${players.length} pairings)`,
  )
  out.push(
    table(
      [
        ['over the pairings', 'min', 'median', 'max'],
        ['sandboxed', fmtMs(pairSpread.sandboxMs.min), fmtMs(pairSpread.sandboxMs.median), fmtMs(pairSpread.sandboxMs.max)],
        ['native', fmtMs(pairSpread.nativeMs.min), fmtMs(pairSpread.nativeMs.median), fmtMs(pairSpread.nativeMs.max)],
        ['sandboxed / native', fmtX(pairSpread.ratio.min), fmtX(pairSpread.ratio.median), fmtX(pairSpread.ratio.max)],
      ],
      [false, true, true, true],
    ),
  )
  out.push(`  by strategy, ${BY_STRATEGY ? 'all' : 'the slowest 8 sandboxed (--by-strategy for all)'}:`)
  out.push(
    table(
      [
        ['strategy', 'sandboxed', 'native', 'ratio', 'pairings'],
        ...shown.map((s) => [s.id, fmtMs(s.sandboxMsPerMatch), fmtMs(s.nativeMsPerMatch), fmtX(s.ratio), String(s.pairings)]),
      ],
      [false, true, true, true, true],
    ),
  )
  out.push('  slowest pairings, sandboxed:')
  out.push(
    table(
      [
        ['pairing', 'sandboxed', 'native', 'ratio'],
        ...slowestPairs.map((p) => [`${p.players[0]} vs ${p.players[1]}`, fmtMs(p.sandboxMs), fmtMs(p.nativeMs), fmtX(p.ratio)]),
      ],
      [false, true, true, true],
    ),
  )
  if (worstCase) {
    const w = worstCase
    out.push('')
    out.push(
      `(e) worst case: strategies that spend their budgets in the most expensive ways (bench/worst-case.ts), ${w.turns} rounds, warm runner; host CPU per match (user + system, all threads), both players, up to ${WORST_SAMPLES} samples`,
    )
    out.push(
      table(
        [
          ['strategy', 'vs', 'CPU median', 'CPU max', 'wall median', 'samples', 'set-up used', 'match used', 'faults that ended it'],
          ...w.strategies.map((r) => [
            r.strategy,
            r.opponent,
            fmtMs(r.cpuMs.median),
            fmtMs(r.cpuMs.max),
            fmtMs(r.wallMs.median),
            String(r.samples),
            fmtShare(r.usage.setup),
            fmtShare(r.usage.match),
            r.faults,
          ]),
          [
            `${w.ordinary.players[0]} (ordinary)`,
            w.ordinary.players[1]!,
            fmtMs(w.ordinary.cpuMs.median),
            fmtMs(w.ordinary.cpuMs.max),
            fmtMs(w.ordinary.wallMs.median),
            `${w.ordinary.batches}x${w.ordinary.batch}`,
            '',
            '',
            'none',
          ],
        ],
        [false, false, true, true, true, true, true, true, false],
      ),
    )
    const over = w.worst.cpuMs / w.boundMs
    out.push(
      `  worst case: ${fmtMs(w.worst.cpuMs)} per ${w.turns}-round match (both players; ${w.worst.strategy} vs ${w.worst.opponent}) vs ordinary ${fmtMs(w.ordinary.cpuMs.median)} (${w.ordinary.players.join(' vs ')}): ${fmtX(w.worst.ratioToOrdinary)}`,
    )
    out.push(
      `  bound ${w.boundMs} ms per match: ${w.withinBound ? 'within (every sample)' : `EXCEEDED: worst median ${fmtX(over)} the bound, highest sample ${fmtMs(w.highestSampleCpuMs)}`}`,
    )
  }
  if (commons) {
    const c = commons
    const us = (x: number) => `${x.toFixed(2)} us`
    const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`
    out.push('')
    out.push(
      `(f) the commons: ${c.seats}-seat, ${c.rounds}-round groups (bench/commons-group.ts, with a stand-in for the game's resolve) and the match of (a), ${c.batches} rotating batches of ${c.seats * c.rounds} player-rounds (a group, or ${c.matchesPerBatch} matches); host CPU per player-round, set-up included`,
    )
    out.push(
      table(
        [
          ['', 'median', 'max', 'per group / match', 'vs the match'],
          ...c.groups.map((g) => [`${g.name} group`, us(g.usPerPlayerRound.median), us(g.usPerPlayerRound.max), fmtMs((g.usPerPlayerRound.median * c.seats * c.rounds) / 1000), fmtX(g.ratioToDilemma)]),
          [`dilemma match (${MATCH.a} vs ${MATCH.b})`, us(c.dilemmaUsPerPlayerRound.median), us(c.dilemmaUsPerPlayerRound.max), fmtMs((c.dilemmaUsPerPlayerRound.median * 2 * c.rounds) / 1000), ''],
        ],
        [false, true, true, true, true],
      ),
    )
    out.push('  simple: each strategy reads a field or two, as the match\'s do; mixed: six of the 16 read every other seat\'s last request each round')
    const e = c.eightMatches
    out.push(
      `  16 sandboxes: ${c.matchesPerBatch} matches of (a) in 16 instances at the sandbox level (no engine) cost ${us(e.oneAfterTheOther.median)} per player-round one match after the other, ${us(e.roundByRound.median)} round by round across them (16 players taking turns, as a group's seats do), where the match of (a), in 2 warm instances, costs ${us(c.dilemmaUsPerPlayerRound.median)} with the engine`,
    )
    out.push(
      `  memory: the ${c.seats} seats hold ${mib(c.memory.wasmBytes)} of WebAssembly memory (${mib(c.memory.perSeatBytes)} each); making them added ${mib(c.memory.externalDeltaBytes)} of external memory and ${mib(c.memory.rssDeltaBytes)} of resident memory to the process`,
    )
    if (c.faults > 0) out.push(`  WARNING: the bench's seats faulted ${c.faults} times: the groups do not measure ordinary play`)
  }
  out.push('')
  if (startup !== null && whole !== null) {
    out.push(`(g) whole processes, started directly (node bin/arena.mjs), median of ${STARTUP_RUNS} (start-up) and ${WHOLE_COMMAND_RUNS} (tournament)`)
    out.push(
      table(
        [
          ['command', 'time', 'goal'],
          ['Node alone (an empty module): the floor of every command', fmtMs(startup.nodeMs), ''],
          ['arena --version', fmtMs(startup.versionMs), `≤ ${GOALS.versionMs} ms`],
          ['arena match, one round', fmtMs(startup.match1Ms), `≤ ${GOALS.match1Ms} ms`],
          [`arena tournament (b), ${jobs === 1 ? 'one thread' : `${jobs} threads`}`, fmtMs(whole.command.medianMs), `≤ ${fmtMs(GOALS.wholeCommandShare * AXELROD_PLAY_ONLY.ms)} (a tenth of Axelrod-Python's ${fmtMs(AXELROD_PLAY_ONLY.ms)} play only)`],
          ['the same tournament played natively in V8, no sandbox (bench/native-command.ts): its floor', fmtMs(whole.nativeMs), ''],
        ],
        [false, true, false],
      ),
    )
    out.push('')
  }
  out.push(`(h) the meters: the tournament of (b), metered and unmetered QuickJS builds taking turns job by job, each job's median over ${RUNS} runs, summed`)
  out.push(`  metered ${fmtMs(meter.meteredMs)}, unmetered ${fmtMs(meter.unmeteredMs)}: the meters cost ${meter.overheadPct.toFixed(1)}% (goal ≤ ${GOALS.meterOverheadPct}%)`)
  out.push('')
  out.push(`(i) the queue consumer: the ${consumer.playedMatches} matches (b) plays, by one warm runner through playJobs as a queue batch does`)
  out.push(`  ${consumer.matchesPerCpuSecond.toFixed(0)} matches per CPU-second (${fmtMs(consumer.cpuMs)} of host CPU, median of ${RUNS})`)
  out.push('')
  out.push('goals (issue 10); floor: the same work with the strategies run natively in V8 and no sandbox, or Node\'s own start:')
  out.push(
    table(
      [
        ['goal', 'figure', 'limit', 'floor', 'met'],
        ...goals.map((g) => [
          g.goal,
          g.figure === null ? 'not measured' : g.figure.toPrecision(3),
          String(g.limit),
          g.floor === null ? '' : g.floor.toPrecision(3),
          (g.met === null ? '' : g.met ? 'yes' : 'NO') + (g.belowFloor ? ' (the limit is below its floor here)' : ''),
        ]),
      ],
      [false, true, true, true, false],
    ),
  )
  out.push('')
  out.push(
    `bench took ${totalSeconds.toFixed(1)} s; CPU time / wall time ${cpuShare.toFixed(2)}; load average (1 min) ${load[0]!.toFixed(2)} -> ${load[1]!.toFixed(2)} on ${environment.cores} cores` +
      (cpuShare < 0.9 || Math.max(load[0]!, load[1]!) > environment.cores ? '  (the machine was busy: times are inflated and noisy)' : ''),
  )
  process.stdout.write(out.join('\n') + '\n')
}

main().catch((error: unknown) => {
  done()
  console.error(error)
  process.exitCode = 1
})

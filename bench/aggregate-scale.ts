/**
 * How finalizing a run grows with its entrants: the schedule, the job
 * results as stored (JSON), and the engine's aggregate (TournamentAggregator,
 * what finalizeRun runs over every job result of a run in one invocation),
 * for N synthetic players. The numbers docs/scale.md uses for 1,000 entrants.
 *
 * Job results are made up (200 random moves a side, no faults) but have the
 * shape and size of real ones; they are generated, serialized, parsed and
 * folded one at a time in schedule order, as finalize reads them. Retained
 * heap is measured after a forced GC, so run it with --expose-gc:
 *
 *   node --expose-gc --max-old-space-size=4096 --import tsx bench/aggregate-scale.ts --players 200
 *
 * Options: --players N (default 200), --repetitions R (default 5), --turns T (default 200).
 */
import { TournamentAggregator } from '../src/engine/aggregate'
import type { MatchResult } from '../src/engine/match'
import type { JobResult } from '../src/engine/play-job'
import { mulberry32 } from '../src/engine/prng'
import { makeRules } from '../src/engine/rules'
import { scheduleTournament } from '../src/engine/schedule'

const argv = process.argv.slice(2)
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(name)
  return i >= 0 ? Number(argv[i + 1]) : fallback
}
const N = option('--players', 200)
const REPETITIONS = option('--repetitions', 5)
const TURNS = option('--turns', 200)

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) console.error('note: run with node --expose-gc for retained-heap figures')
const heapMiB = () => {
  gc?.()
  return process.memoryUsage().heapUsed / 1024 / 1024
}
const cpuMs = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since)
  return (c.user + c.system) / 1000
}
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d

const rules = makeRules({ turns: TURNS })
const players = Array.from({ length: N }, (_, i) => ({ id: `p${String(i).padStart(25, '0')}`, name: `Player ${i}` }))

const heap0 = heapMiB()
let cpu = process.cpuUsage()
const schedule = scheduleTournament(players, { rules, repetitions: REPETITIONS, seed: 1 })
const scheduleMs = cpuMs(cpu)
const heapSchedule = heapMiB() - heap0
const scheduleJsonBytes = JSON.stringify(schedule).length

const random = mulberry32(7)
const payoff = { CC: 3, CD: 0, DC: 5, DD: 1 } as const
function synthetic(index: number): JobResult {
  const job = schedule.jobs[index]!
  const matches: MatchResult[] = job.seeds.map((seed) => {
    let a = ''
    let b = ''
    let sa = 0
    let sb = 0
    for (let t = 0; t < TURNS; t++) {
      const x = random() < 0.6 ? 'C' : 'D'
      const y = random() < 0.6 ? 'C' : 'D'
      a += x
      b += y
      sa += payoff[`${x}${y}` as keyof typeof payoff]
      sb += payoff[`${y}${x}` as keyof typeof payoff]
    }
    return { players: [job.players[0], job.players[1]], seed, rules, turns: TURNS, moves: [a, b], flips: [[], []], scores: [sa, sb], fined: [[], []], announcements: null, faults: [[], []], faultCounts: [0, 0], usedRandom: [false, false] }
  })
  return { index, players: [job.players[0], job.players[1]], matches, reused: job.seeds.map(() => false) }
}

const aggregator = new TournamentAggregator(schedule)
const heapEmpty = heapMiB() - heap0 - heapSchedule
let storedBytes = 0
let parseMs = 0
let foldMs = 0
const t0 = performance.now()
for (let k = 0; k < schedule.jobs.length; k++) {
  const text = JSON.stringify(synthetic(k))
  storedBytes += text.length
  cpu = process.cpuUsage()
  const result = JSON.parse(text) as JobResult
  parseMs += cpuMs(cpu)
  cpu = process.cpuUsage()
  aggregator.add(result)
  foldMs += cpuMs(cpu)
}
const wallS = (performance.now() - t0) / 1000
const heapFolded = heapMiB() - heap0 - heapSchedule
cpu = process.cpuUsage()
const result = aggregator.result()
const resultMs = cpuMs(cpu)
const resultJsonBytes = JSON.stringify(result).length
const pairsJsonBytes = JSON.stringify(result.pairs).length

const jobs = schedule.jobs.length
const out = {
  players: N,
  jobs,
  matches: jobs * REPETITIONS,
  schedule: { cpuMs: round(scheduleMs), heapMiB: round(heapSchedule), jsonBytes: scheduleJsonBytes, jsonBytesPerJob: round(scheduleJsonBytes / jobs) },
  storedJobResults: { bytes: storedBytes, bytesPerJob: round(storedBytes / jobs) },
  parse: { cpuMs: round(parseMs), usPerJob: round((1000 * parseMs) / jobs) },
  fold: { cpuMs: round(foldMs), usPerJob: round((1000 * foldMs) / jobs) },
  result: { cpuMs: round(resultMs), jsonBytes: resultJsonBytes, pairsJsonBytes },
  aggregatorHeapMiB: { empty: round(heapEmpty), afterAllJobs: round(heapFolded) },
  wallSeconds: round(wallS),
}
console.log(JSON.stringify(out, null, 2))

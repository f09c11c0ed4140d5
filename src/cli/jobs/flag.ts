/**
 * `--jobs N`: how many threads play at once (the command's own included).
 * Each job is a whole pairing of the schedule (a group, for the commons), so
 * the results are byte-identical whatever N is.
 */
import { availableParallelism } from 'node:os'
import { stringFlag, type FlagSpec, type ParsedArgs } from '../args'
import { parseWhole } from '../rule-flags'

/**
 * More is refused rather than quietly lowered: every thread holds its own
 * WebAssembly memories (some 50 MB for the dilemma's two players), and a
 * number this large is a typing mistake rather than a machine.
 */
export const MAX_JOBS = 64

export const JOBS_FLAG: FlagSpec = { jobs: 'string' }

/** One per core (os.availableParallelism), at most MAX_JOBS. */
export function coreCount(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_JOBS))
}

/** --jobs N, or null when it was not given (the default: see threadCount in play.ts). */
export function jobsFrom(args: ParsedArgs): number | null {
  const text = stringFlag(args, 'jobs')
  return text === undefined ? null : parseWhole('jobs', text, 1, MAX_JOBS)
}

/**
 * A worker thread of `arena ... --jobs N` (src/cli/jobs/pool.ts starts it):
 * the worker entry, from the same code as the command (bin/cli-entry.mjs).
 * Its module answers the thread's messages by itself; a failure to load it
 * is the thread's 'error' event, which the command reports.
 */
import { importEntry } from './cli-entry.mjs'

await importEntry('job-worker')

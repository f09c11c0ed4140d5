#!/usr/bin/env node
/**
 * The `arena` command: the command line's code (bin/cli-entry.mjs says
 * where it comes from), run with the arguments, its exit code the process's.
 */
import { importEntry } from './cli-entry.mjs'

// `arena ... | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  process.stderr.write(`arena: cannot write the output: ${error.message}\n`)
  process.exit(1)
})

try {
  const { run } = await importEntry('arena')
  process.exitCode = await run(process.argv.slice(2))
} catch (error) {
  // Only a broken install gets here: main.ts catches everything else.
  process.stderr.write(`arena: could not start: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}

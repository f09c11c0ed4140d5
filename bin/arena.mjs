#!/usr/bin/env node
/**
 * The `arena` command. The CLI is TypeScript (src/cli/main.ts), run through
 * tsx's loader so the package needs no build step. Everything is resolved
 * from this file's location, not the working directory, so `arena` works
 * from anywhere (and the caller's own tsconfig.json is never picked up).
 */
import module from 'node:module'
import { fileURLToPath } from 'node:url'

// Cache compiled code of tsx, esbuild's JS API and the CLI between runs (Node >= 22.1; roughly halves startup).
module.enableCompileCache?.()

// `arena ... | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  process.stderr.write(`arena: cannot write the output: ${error.message}\n`)
  process.exit(1)
})

try {
  const { register } = await import('tsx/esm/api')
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) })
  const { run } = await import('../src/cli/main.ts')
  process.exitCode = await run(process.argv.slice(2))
} catch (error) {
  // Only a broken install gets here: main.ts catches everything else.
  process.stderr.write(`arena: could not start: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}

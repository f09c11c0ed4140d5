/**
 * Global set-up of the workers test project: runs `arena tournament ... --json`
 * (the real command line, in this Node process) and hands its output to the
 * test that plays the same tournament as a run on the queue, in workerd.
 */
import type { TestProject } from 'vitest/node'
import { run } from '../../src/cli/main'
import { CLI_RUN } from '../shared/cli-run'

declare module 'vitest' {
  export interface ProvidedContext {
    cliTournament: string
  }
}

export default async function setup(project: TestProject): Promise<void> {
  let out = ''
  let err = ''
  const argv = ['tournament', ...CLI_RUN.ids, '--seed', String(CLI_RUN.seed), '--turns', String(CLI_RUN.turns), '--noise', String(CLI_RUN.noise), '--repetitions', String(CLI_RUN.repetitions), '--json']
  const code = await run(argv, { out: (t) => void (out += t), err: (t) => void (err += t), progressStream: null })
  if (code !== 0) throw new Error(`arena ${argv.join(' ')} failed (${code}): ${err}`)
  project.provide('cliTournament', out)
}

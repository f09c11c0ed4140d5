/**
 * Where the command line gets the runner that plays commons groups: the
 * one place to change when the sandbox's group runner (QuickJS, N players)
 * lands. Until then it refuses with a sentence, so every commons command
 * checks its options and players first and then stops here.
 */
import type { GroupRunner } from '../engine/commons/types'
import { CliError } from './errors'
import type { SourceLimits } from './players'

/** A group runner as the command line uses it: what it accepts of a source, and a way to let go of its instances. */
export interface CliGroupRunner extends GroupRunner {
  readonly limits: SourceLimits
  dispose(): void
}

export async function createGroupRunner(): Promise<CliGroupRunner> {
  throw new CliError('the commons cannot be played yet: the sandbox has no group runner so far ("arena rules --game commons" works)')
}

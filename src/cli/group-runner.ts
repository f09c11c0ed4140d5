/**
 * Where the command line gets the runner that plays commons groups: the
 * sandbox's group runner (one QuickJS instance per seat, COMMONS_LIMITS), as
 * sandbox.ts sets the command line's sandbox up.
 */
import { GroupSandboxRunner } from '../../sandbox/group-runner'
import { quickJSWasmForNode } from '../../sandbox/node'
import type { GroupRunner } from '../engine/commons/types'
import type { SourceLimits } from './players'
import { CLI_SANDBOX } from './sandbox'

/** A group runner as the command line uses it: what it accepts of a source, and a way to let go of its instances. */
export interface CliGroupRunner extends GroupRunner {
  readonly limits: SourceLimits
  dispose(): void
}

export async function createGroupRunner(): Promise<CliGroupRunner> {
  return new GroupSandboxRunner(quickJSWasmForNode, CLI_SANDBOX)
}

/**
 * Does a strategy load in a commons group? As load-check.ts does for the
 * dilemma: one round of a group of two, against a restrained player, through
 * the caller's runner, so the verdict is exactly the sandbox's.
 */
import { isSetupFault } from '../load-check'
import type { Fault, StrategySource } from '../types'
import { playGroup } from './play-group'
import { makeCommonsRules } from './rules'
import { commonsJob } from './schedule'
import type { GroupRunner } from './types'

/** The other seat: always restrained, written here so the engine depends on nothing generated. */
const RESTRAINED: StrategySource = {
  id: '#load-check',
  name: 'Restrained',
  source: 'export default function move(view) {\n  return view.sustainableShare\n}\n',
}

/** The fault that keeps the strategy from loading, or null when it loads. */
export async function commonsLoadFault(runner: GroupRunner, strategy: StrategySource): Promise<Fault | null> {
  const job = commonsJob(0, [0, 1], [strategy.id, RESTRAINED.id], makeCommonsRules({ turns: 1 }), 1)
  const result = await playGroup(runner, job, [strategy, RESTRAINED])
  return result.faults[0]!.find(isSetupFault) ?? null
}

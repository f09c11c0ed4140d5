/**
 * Does a strategy load at all? Module set-up faults are only reported inside
 * a match result (round -1), so a one-round match against Cooperator is the
 * cheapest way to find out before playing anything for real. Running it
 * through the caller's runner means the verdict is exactly the sandbox's.
 * The command line checks files with it before a match or a tournament; the
 * platform checks a submitted strategy with it before accepting it.
 */
import { playMatch } from './match'
import type { MatchRunner } from './match-runner'
import type { Fault, StrategySource } from './types'

/**
 * The opponent: Cooperator's whole source, written here rather than taken
 * from the classics catalog so the engine depends on nothing generated. Its
 * own set-up cannot fail, and only the checked side's faults are read.
 */
const COOPERATOR: StrategySource = {
  id: '#load-check',
  name: 'Cooperator',
  source: "export default function move() {\n  return 'C'\n}\n",
}

/** Set-up faults (round -1): 'setup' (syntax error, no default export, top-level throw, source too large), 'setup-budget', 'cpu-budget', 'memory', 'crash'. */
export function isSetupFault(fault: Fault): boolean {
  return fault.round === -1
}

/**
 * The fault that keeps the strategy from loading, or null when it loads.
 * Top-level code never sees the rules (only `move` gets the view), so one
 * round under default rules tells. A top level that fails only for some
 * seeds of Math.random is not caught here; it shows up as a set-up fault in
 * the results of the matches it failed in, like any other fault.
 */
export async function loadFault(runner: MatchRunner, strategy: StrategySource): Promise<Fault | null> {
  const result = await playMatch(runner, strategy, COOPERATOR, { rules: { turns: 1 }, seed: 1 })
  return result.faults[0].find(isSetupFault) ?? null
}

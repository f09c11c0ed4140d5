/**
 * Does a strategy load at all? Module set-up faults are only reported inside
 * a match result (round -1), so a one-round match against Cooperator is the
 * cheapest way to find out before playing anything for real. Running it
 * through the same runner means the verdict is exactly the sandbox's.
 */
import { findClassic, classicAsSource } from '../classics/index'
import { playMatch } from '../engine/match'
import type { MatchRunner } from '../engine/match-runner'
import type { Fault } from '../engine/types'
import { CliError } from './errors'
import type { Player } from './players'

/** Set-up faults (round -1): 'setup' (syntax error, no default export, top-level throw), 'setup-budget', 'cpu-budget', 'memory', 'crash'. */
export function isSetupFault(fault: Fault): boolean {
  return fault.round === -1
}

/**
 * The fault that keeps the player from loading, or null when it loads.
 * Top-level code never sees the rules (only `move` gets the view), so one
 * round under default rules tells. A top level that fails only for some
 * seeds of Math.random is not caught here; it shows up as a set-up fault in
 * the results of the matches it failed in, like any other fault.
 */
export async function loadFault(runner: MatchRunner, player: Player): Promise<Fault | null> {
  const cooperator = findClassic('cooperator')
  if (!cooperator) throw new Error('the built-in cooperator is missing from the catalog')
  const opponent = { ...classicAsSource(cooperator), id: '#load-check' }
  const result = await playMatch(runner, player.source, opponent, { rules: { turns: 1 }, seed: 1 })
  return result.faults[0].find(isSetupFault) ?? null
}

/**
 * Refuse, before anything is played, file players that do not load (built-ins
 * always do). All are tried so that the one error line can say how many more
 * failed: fixing a directory of strategies one run at a time would be tedious.
 */
export async function assertPlayersLoad(runner: MatchRunner, players: readonly Player[]): Promise<void> {
  const failures: string[] = []
  for (const player of players) {
    if (player.kind !== 'file') continue
    const fault = await loadFault(runner, player)
    if (fault) failures.push(`${player.label}: ${fault.message}`)
  }
  if (failures.length === 0) return
  const more = failures.length - 1
  const others =
    more === 0 ? '' : ` (and ${more} more ${more === 1 ? 'file does' : 'files do'} not load; "arena check FILE" shows why)`
  throw new CliError(`${failures[0]}${others}`)
}

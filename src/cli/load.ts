/**
 * Does a strategy load at all? Module set-up faults are only reported inside
 * a match result (round -1), so a one-round match against Cooperator is the
 * cheapest way to find out before playing anything for real. Running it
 * through the same runner means the verdict is exactly the sandbox's.
 */
import { findClassic, classicAsSource } from '../classics/index'
import { playMatch } from '../engine/match'
import type { MatchRunner } from '../engine/runner'
import type { Fault, Rules } from '../engine/types'
import { CliError } from './errors'
import type { Player } from './players'

/** Set-up faults (round -1): 'setup' (syntax error, no default export, top-level throw), 'setup-budget', 'memory', 'crash'. */
export function isSetupFault(fault: Fault): boolean {
  return fault.round === -1
}

/** The fault that keeps the player from loading, or null when it loads. */
export async function loadFault(runner: MatchRunner, player: Player, rules?: Rules): Promise<Fault | null> {
  const cooperator = findClassic('cooperator')
  if (!cooperator) throw new Error('the built-in cooperator is missing from the catalog')
  // The real payoffs are kept (top-level code can read them); one round without noise is enough to load.
  const result = await playMatch(runner, player.source, { ...classicAsSource(cooperator), id: '#load-check' }, {
    rules: { payoffs: rules?.payoffs, turns: 1, continuation: null, noise: 0 },
    seed: 1,
  })
  return result.faults[0].find(isSetupFault) ?? null
}

/** Refuse, before anything is played, any file player that does not load (built-ins always do). */
export async function assertPlayersLoad(runner: MatchRunner, players: readonly Player[], rules: Rules): Promise<void> {
  for (const player of players) {
    if (player.kind !== 'file') continue
    const fault = await loadFault(runner, player, rules)
    if (fault) throw new CliError(`${player.label}: ${fault.message}`)
  }
}

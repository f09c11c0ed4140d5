/**
 * The command line's side of "does it load?": the engine's loadFault gives
 * the verdict (src/engine/load-check.ts); here it becomes one error line
 * that names the file.
 */
import { loadFault } from '../engine/load-check'
import type { MatchRunner } from '../engine/match-runner'
import type { Fault, StrategySource } from '../engine/types'
import { CliError } from './errors'
import type { Player } from './players'

/**
 * Refuse, before anything is played, file players that do not load (built-ins
 * always do). All are tried so that the one error line can say how many more
 * failed: fixing a directory of strategies one run at a time would be tedious.
 */
export async function assertPlayersLoad(runner: MatchRunner, players: readonly Player[]): Promise<void> {
  return assertLoads(players, (source) => loadFault(runner, source))
}

/** The same, with the game's own load check (the commons plays a one-round group: commonsLoadFault). */
export async function assertLoads(players: readonly Player[], faultOf: (source: StrategySource) => Promise<Fault | null>): Promise<void> {
  const failures: string[] = []
  for (const player of players) {
    if (player.kind !== 'file') continue
    const fault = await faultOf(player.source)
    if (fault) failures.push(`${player.label}: ${fault.message}`)
  }
  if (failures.length === 0) return
  const more = failures.length - 1
  const others =
    more === 0 ? '' : ` (and ${more} more ${more === 1 ? 'file does' : 'files do'} not load; "arena check FILE" shows why)`
  throw new CliError(`${failures[0]}${others}`)
}

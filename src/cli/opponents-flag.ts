/**
 * The --opponents option of match, tournament and check. Reading and
 * checking the file (opponents.ts, with its zod schemas) is loaded only when
 * the option is given: most runs never need it, and it is the command
 * line's largest dependency.
 */
import { opponentView, ownEntry } from '../engine/opponent-view'
import type { OpponentInfo } from '../engine/types'
import { stringFlag, type ParsedArgs } from './args'
import { UsageError } from './errors'
import type { IdentityPlayer, SharedIdentities } from './opponents'

export const OPPONENTS_FLAG = { opponents: 'string' } as const

/** The shared identities of a command's players from its --opponents file, or null (anonymous) without one. */
export async function opponentsFromFlag(args: ParsedArgs, players: readonly IdentityPlayer[]): Promise<SharedIdentities | null> {
  const path = stringFlag(args, 'opponents')
  if (path === undefined) return null
  if (path.trim() === '') throw new UsageError('--opponents needs a file name')
  return (await import('./opponents')).readOpponentsFile(path, players)
}

/** What A and B of a single match see (as a schedule would show them): anonymous without shared identities. */
export function matchViews(identities: SharedIdentities | null, a: string, b: string): [OpponentInfo | null, OpponentInfo | null] {
  if (identities === null) return [null, null]
  const view = (viewer: string, opponent: string) =>
    opponentView(ownEntry(identities.opponents, opponent) ?? null, ownEntry(ownEntry(identities.histories, viewer), opponent))
  return [view(a, b), view(b, a)]
}

/** The readable report's line saying where the identities came from. */
export function identitiesLine(path: string): string {
  return `identities: shared, from --opponents ${path}`
}

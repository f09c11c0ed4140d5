/**
 * Checking a submitted source before it is accepted: does it load in the
 * sandbox (`loadFault`), and how does it play against a few classics (short
 * matches with fixed seeds, so the same source always gets the same record)?
 *
 * It plays on the isolate's one sandbox runner (src/sandbox-runner.ts).
 */
import { sourceBytes, prepareSource } from '../../sandbox/source'
import { classicAsSource, findClassic } from '../classics'
import { behaviourOf, loadFault, playMatch, type Behaviour, type Fault } from '../engine'
import type { Game } from '../engine/types'
import { sandboxLimits, withSandbox } from '../sandbox-runner'

/** The classics a new source plays before it is accepted. */
export const VALIDATION_OPPONENTS = ['tit-for-tat', 'defector', 'random'] as const
/** Rounds of each validation match. */
export const VALIDATION_TURNS = 20
/** Seed of the validation matches. */
export const VALIDATION_SEED = 20_260_101

export interface ValidationMatch {
  opponent: string
  turns: number
  moves: [string, string]
  scores: [number, number]
  faults: Fault[]
}

/** What `strategy_versions.validation` holds for a version accepted through the API. */
export interface Validation {
  ok: true
  /** The games the source declares (`export const games`; ["dilemma"] without it). */
  games: Game[]
  seed: number
  /** The dilemma's validation matches (none for a strategy that plays only the commons). */
  matches: ValidationMatch[]
  /** Faults of the strategy across the matches (the first few). */
  faults: Fault[]
  /** Its behaviour in those matches, or null without any. */
  behaviour: Behaviour | null
}

export type ValidationOutcome = { ok: true; validation: Validation } | { ok: false; fault: Fault }

/** Largest source accepted, in bytes (UTF-8, as the sandbox counts it). */
export function sourceLimit(): number {
  return sandboxLimits().sourceBytes
}

/** Size of a source as the sandbox's limit counts it. */
export function sizeOfSource(source: string): number {
  return sourceBytes(prepareSource(source))
}

/** Load the source, then play it against the validation opponents. */
export function validateSource(id: string, name: string, source: string): Promise<ValidationOutcome> {
  return withSandbox(async (r) => {
    const me = { id, name, source }
    const fault = await loadFault(r, me)
    if (fault) return { ok: false, fault }
    const declared = await r.declaredGames(source)
    if ('error' in declared) return { ok: false, fault: { kind: 'setup', round: -1, message: declared.error } }
    const games = declared.games as Game[]
    // A strategy of the commons alone is checked as loading; the dilemma's matches would only record faults.
    if (!games.includes('dilemma')) return { ok: true, validation: { ok: true, games, seed: VALIDATION_SEED, matches: [], faults: [], behaviour: null } }
    const matches: ValidationMatch[] = []
    for (const opponentId of VALIDATION_OPPONENTS) {
      const opponent = classicAsSource(findClassic(opponentId)!)
      const m = await playMatch(r, me, opponent, { rules: { turns: VALIDATION_TURNS }, seed: VALIDATION_SEED })
      matches.push({ opponent: opponentId, turns: m.turns, moves: m.moves, scores: m.scores, faults: m.faults[0] })
    }
    const setup = matches.flatMap((m) => m.faults).find((f) => f.round === -1)
    if (setup) return { ok: false, fault: setup }
    return {
      ok: true,
      validation: {
        ok: true,
        games,
        seed: VALIDATION_SEED,
        matches,
        faults: matches.flatMap((m) => m.faults).slice(0, 10),
        behaviour: behaviourOf(matches.map((m) => ({ my: m.moves[0], their: m.moves[1] }))),
      },
    }
  })
}

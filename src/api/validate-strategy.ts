/**
 * Checking a submitted source before it is accepted: does it load in the
 * sandbox (`loadFault`), and how does it play against a few classics (short
 * matches with fixed seeds, so the same source always gets the same record)?
 *
 * One sandbox runner per isolate, made on first use. A SandboxRunner plays
 * one match at a time, so every use goes through a promise chain.
 */
import { sourceBytes, prepareSource } from '../../sandbox/source'
import { createWorkerdRunner } from '../../sandbox/workerd'
import type { SandboxRunner } from '../../sandbox/runner'
import { classicAsSource, findClassic } from '../classics'
import { behaviourOf, loadFault, playMatch, type Behaviour, type Fault } from '../engine'

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
  seed: number
  matches: ValidationMatch[]
  /** Faults of the strategy across the matches (the first few). */
  faults: Fault[]
  behaviour: Behaviour
}

export type ValidationOutcome = { ok: true; validation: Validation } | { ok: false; fault: Fault }

let runner: SandboxRunner | null = null
let queue: Promise<unknown> = Promise.resolve()

/** The isolate's runner (made lazily). */
export function sandboxRunner(): SandboxRunner {
  runner ??= createWorkerdRunner()
  return runner
}

/** Largest source accepted, in bytes (UTF-8, as the sandbox counts it). */
export function sourceLimit(): number {
  return sandboxRunner().limits.sourceBytes
}

/** Size of a source as the sandbox's limit counts it. */
export function sizeOfSource(source: string): number {
  return sourceBytes(prepareSource(source))
}

/** Run `task` once every earlier task is done (the runner plays one match at a time). */
function serialised<T>(task: () => Promise<T>): Promise<T> {
  const result = queue.then(task, task)
  queue = result.catch(() => undefined)
  return result
}

/** Load the source, then play it against the validation opponents. */
export function validateSource(id: string, name: string, source: string): Promise<ValidationOutcome> {
  return serialised(async () => {
    const r = sandboxRunner()
    const me = { id, name, source }
    const fault = await loadFault(r, me)
    if (fault) return { ok: false, fault }
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
        seed: VALIDATION_SEED,
        matches,
        faults: matches.flatMap((m) => m.faults).slice(0, 10),
        behaviour: behaviourOf(matches.map((m) => ({ my: m.moves[0], their: m.moves[1] }))),
      },
    }
  })
}

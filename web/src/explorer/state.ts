/**
 * The explorer's settings: what the sliders hold, their ranges, and the
 * URL that carries them, so that any setting (and any of the essay's
 * presets) is a link. `?preset=referee` (optionally `&ruleSet=no-referee`)
 * starts from a preset's rule set; explicit parameters (`R`, `fine`, `w`...)
 * win over it; anything missing or out of range falls back to the default.
 */
import { findPreset, EXPERIMENT_PRESETS, type ExperimentPreset } from '../../../src/engine/presets'
import type { RuleSetSpec } from '../../../src/engine/experiment-spec'
import type { RulesInput } from '../../../src/engine/rules'
import type { Payoffs, Referee } from '../../../src/engine/types'

export type Fines = 'destroyed' | 'shared'
export type LengthMode = 'rounds' | 'continuation'

export interface ExplorerState {
  payoffs: Payoffs
  fine: number
  detection: number
  fines: Fines
  align: number
  /** A known number of rounds, or a probability of another round. */
  length: LengthMode
  rounds: number
  continuation: number
  /** The commons' quota; null for none. */
  quota: number | null
}

export interface Range {
  min: number
  max: number
  step: number
}

/** The sliders' ranges: wide enough for the essay's presets, narrow enough to aim with the arrow keys. */
export const RANGES = {
  payoff: { min: -5, max: 10, step: 0.5 },
  fine: { min: 0, max: 10, step: 0.5 },
  detection: { min: 0, max: 1, step: 0.05 },
  align: { min: 0, max: 1, step: 0.05 },
  rounds: { min: 1, max: 200, step: 1 },
  // Below 1: w = 1 would never end a match; 0.99 already means 100 rounds on average.
  continuation: { min: 0, max: 0.99, step: 0.01 },
  // The commons' largest request is 100: a quota of 100 cuts nothing, so the slider's top means none.
  quota: { min: 0, max: 100, step: 1 },
} as const satisfies Record<string, Range>

/** Axelrod's payoffs, no mechanism, about 50 rounds a match (w = 0.98): a dilemma with a future. */
export const DEFAULT_STATE: ExplorerState = {
  payoffs: { R: 3, S: 0, T: 5, P: 1 },
  fine: 0,
  detection: 1,
  fines: 'destroyed',
  align: 0,
  length: 'continuation',
  rounds: 50,
  continuation: 0.98,
  quota: null,
}

/** Rounds a quota slider value to a quota: its top (100) cuts nothing, so it is no quota. */
export function quotaOf(value: number): number | null {
  return value >= RANGES.quota.max ? null : value
}

/** The explorer's settings for one rule set of a preset, from the defaults; null when it sets something the explorer has no slider for. */
export function fromRuleSet(ruleSet: RuleSetSpec): ExplorerState | null {
  const rules = (ruleSet.rules ?? {}) as Record<string, unknown>
  const state: ExplorerState = { ...DEFAULT_STATE, payoffs: { ...DEFAULT_STATE.payoffs } }
  if (ruleSet.game === 'commons') {
    // Only the quota has a slider in the commons part; a commons referee's fines are on another scale.
    if (rules.referee || rules.align) return null
    state.quota = typeof rules.quota === 'number' ? rules.quota : null
    return state
  }
  if (rules.cheapTalk || rules.noise) return null
  const payoffs = rules.payoffs as Partial<Payoffs> | undefined
  if (payoffs) state.payoffs = { ...state.payoffs, ...payoffs }
  const referee = rules.referee as { fine: number; detection: number; fines?: Fines } | undefined
  if (referee) {
    state.fine = referee.fine
    state.detection = referee.detection
    state.fines = referee.fines ?? 'destroyed'
  }
  if (typeof rules.align === 'number') state.align = rules.align
  if (typeof rules.continuation === 'number') {
    state.length = 'continuation'
    state.continuation = rules.continuation
  } else {
    state.length = 'rounds'
    state.rounds = typeof rules.turns === 'number' ? rules.turns : 200
  }
  return state
}

/** The rule sets of a preset the explorer can show, each with its settings. */
export function presetRuleSets(preset: ExperimentPreset): { name: string; state: ExplorerState }[] {
  return preset.spec.ruleSets.flatMap((r) => {
    const state = fromRuleSet(r)
    return state ? [{ name: r.name, state }] : []
  })
}

/** The settings a preset link starts from: the named rule set, or the preset's last (the changed game). */
function presetState(name: string, ruleSet: string | undefined): ExplorerState | null {
  const preset = findPreset(name)
  if (!preset) return null
  const sets = presetRuleSets(preset)
  const chosen = sets.find((s) => s.name === ruleSet) ?? sets[sets.length - 1]
  return chosen?.state ?? null
}

function numberParam(query: Record<string, string>, key: string, range: Range, fallback: number): number {
  const text = query[key]
  if (text === undefined || text.trim() === '') return fallback
  const n = Number(text)
  if (!(Number.isFinite(n) && n >= range.min && n <= range.max)) return fallback
  // Counts (rounds, the quota) are whole numbers: a link saying 1.5 rounds gets 2, as the slider would.
  return Number.isInteger(range.step) ? Math.round(n) : n
}

/** The settings a URL's query gives. */
export function parseQuery(query: Record<string, string>): ExplorerState {
  const base = (query.preset && presetState(query.preset, query.ruleSet)) || DEFAULT_STATE
  const payoffs = { ...base.payoffs }
  for (const key of ['R', 'S', 'T', 'P'] as const) payoffs[key] = numberParam(query, key, RANGES.payoff, payoffs[key])
  const length: LengthMode = query.w !== undefined ? 'continuation' : query.rounds !== undefined ? 'rounds' : base.length
  const fines = query.fines === 'shared' || query.fines === 'destroyed' ? query.fines : base.fines
  const quota = query.quota === 'none' ? null : query.quota !== undefined ? quotaOf(numberParam(query, 'quota', RANGES.quota, RANGES.quota.max)) : base.quota
  return {
    payoffs,
    fine: numberParam(query, 'fine', RANGES.fine, base.fine),
    detection: numberParam(query, 'detection', RANGES.detection, base.detection),
    fines,
    align: numberParam(query, 'align', RANGES.align, base.align),
    length,
    rounds: numberParam(query, 'rounds', RANGES.rounds, base.rounds),
    continuation: numberParam(query, 'w', RANGES.continuation, base.continuation),
    quota,
  }
}

/** The URL of a setting: every value explicit, so the link stays the same whatever the defaults become. */
export function toUrl(state: ExplorerState): string {
  const q = new URLSearchParams()
  for (const key of ['R', 'S', 'T', 'P'] as const) q.set(key, String(state.payoffs[key]))
  q.set('fine', String(state.fine))
  q.set('detection', String(state.detection))
  q.set('fines', state.fines)
  q.set('align', String(state.align))
  if (state.length === 'rounds') q.set('rounds', String(state.rounds))
  else q.set('w', String(state.continuation))
  q.set('quota', state.quota === null ? 'none' : String(state.quota))
  return `/explorer?${q.toString()}`
}

/** The link of a preset's rule set. */
export function presetUrl(preset: string, ruleSet: string): string {
  return `/explorer?${new URLSearchParams({ preset, ruleSet }).toString()}`
}

/** Whether two settings are the same (to mark the preset a visitor is looking at). */
export function sameState(a: ExplorerState, b: ExplorerState): boolean {
  return toUrl(a) === toUrl(b)
}

/** The referee the settings describe, or null when its fine or detection is 0 (it would fine nothing). */
export function refereeOf(state: ExplorerState): { fine: number; detection: number; fines: Fines } | null {
  return state.fine > 0 && state.detection > 0 ? { fine: state.fine, detection: state.detection, fines: state.fines } : null
}

/** The dilemma's rules the settings describe, as makeRules takes them. */
export function dilemmaRules(state: ExplorerState): RulesInput & { payoffs: Payoffs; align: number; referee: Referee | null } {
  return {
    payoffs: state.payoffs,
    referee: refereeOf(state),
    align: state.align,
    ...(state.length === 'rounds' ? { turns: state.rounds } : { continuation: state.continuation }),
  }
}

export { EXPERIMENT_PRESETS }

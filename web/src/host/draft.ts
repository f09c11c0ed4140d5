/**
 * The host form's state as typed (numbers stay text until sent, so a field
 * can be empty: the API's default), kept in localStorage so that signing in
 * half-way loses nothing, and turned into the body of POST /api/tournaments
 * and into the rules the live verdict judges.
 */
import { makeCommonsRules } from '../../../src/engine/commons/rules'
import { DEFAULT_PAYOFFS, makeRules, parseDecimal, RulesError } from '../../../src/engine/rules'
import type { Game } from '../../../src/engine/types'
import type { api } from '../api'
import type { Payoffs, VerdictRules } from '../game/judge'

export interface Draft {
  name: string
  game: Game
  payoffs: Payoffs
  length: 'turns' | 'continuation'
  turns: string
  continuation: string
  noise: string
  repetitions: string
  referee: boolean
  fine: string
  detection: string
  fines: 'destroyed' | 'shared'
  align: string
  cheapTalk: boolean
  capacity: string
  maxStock: string
  initialStock: string
  regrowth: string
  collapseBelow: string
  maxRequest: string
  quota: string
  group: string
  /** A cron expression; empty for runs on demand. */
  schedule: string
  entry: 'open' | 'invite'
  shareIdentities: boolean
  maxEntriesPerAccount: string
}

export const DEFAULT_DRAFT: Draft = {
  name: '',
  game: 'dilemma',
  payoffs: { ...DEFAULT_PAYOFFS },
  length: 'turns',
  turns: '200',
  continuation: '0.95',
  noise: '0',
  repetitions: '5',
  referee: false,
  fine: '3',
  detection: '1',
  fines: 'destroyed',
  align: '0',
  cheapTalk: false,
  capacity: '',
  maxStock: '',
  initialStock: '',
  regrowth: '',
  collapseBelow: '',
  maxRequest: '',
  quota: '',
  group: '4',
  schedule: '',
  entry: 'open',
  shareIdentities: false,
  maxEntriesPerAccount: '1',
}

const KEY = 'arena.host.draft'

export function loadDraft(): Draft {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Draft> | null
    if (!saved || typeof saved !== 'object') return DEFAULT_DRAFT
    // JSON keeps a payoff that was not a number (NaN) as null.
    const p = { ...DEFAULT_PAYOFFS, ...saved.payoffs }
    const payoffs = { R: p.R ?? NaN, S: p.S ?? NaN, T: p.T ?? NaN, P: p.P ?? NaN }
    return { ...DEFAULT_DRAFT, ...saved, payoffs }
  } catch {
    return DEFAULT_DRAFT
  }
}

export function saveDraft(draft: Draft): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(draft))
  } catch {
    // storage full or blocked: the form still works, it is only not kept
  }
}

export function clearDraft(): void {
  try {
    localStorage.removeItem(KEY)
  } catch {
    // nothing kept
  }
}

/**
 * A typed number: undefined when empty (the API's default applies), NaN when
 * it is no number (sent as null, so the API names the field).
 */
export function num(text: string): number | undefined {
  const t = text.trim()
  if (t === '') return undefined
  return parseDecimal(t) ?? NaN
}

/** The rules part of the request (and, checked by the engine, of the verdict). */
function rulesOf(d: Draft) {
  const length = d.length === 'turns' ? { turns: num(d.turns) } : { continuation: num(d.continuation) }
  // The referee's fine and detection are required: an empty one goes as null (NaN) for the API to name.
  const referee = d.referee ? { fine: num(d.fine) ?? NaN, detection: num(d.detection) ?? NaN, fines: d.fines } : undefined
  const shared = { ...length, referee, align: num(d.align), cheapTalk: d.cheapTalk, repetitions: num(d.repetitions) }
  if (d.game === 'dilemma') return { ...shared, payoffs: d.payoffs, noise: num(d.noise) }
  // An empty quota is no quota.
  const quota = num(d.quota)
  return {
    ...shared,
    capacity: num(d.capacity),
    maxStock: num(d.maxStock),
    initialStock: num(d.initialStock),
    regrowth: num(d.regrowth),
    collapseBelow: num(d.collapseBelow),
    maxRequest: num(d.maxRequest),
    quota: quota === undefined ? null : quota,
    group: num(d.group),
  }
}

/** The body of POST /api/tournaments, as the API's types say. */
export type CreateBody = Parameters<typeof api.api.tournaments.$post>[0]['json']

export function requestBody(d: Draft): CreateBody {
  return {
    name: d.name,
    game: d.game,
    rules: rulesOf(d),
    schedule: d.schedule.trim() === '' ? null : d.schedule.trim(),
    entry: d.entry,
    shareIdentities: d.shareIdentities,
    maxEntriesPerAccount: num(d.maxEntriesPerAccount),
  }
}

/** What the verdict judges, or the engine's reason the rules cannot be judged (nor created) as typed. */
export function verdictInput(d: Draft): { rules: VerdictRules; problem: string | null } | { rules: null; problem: string } {
  const { repetitions: _r, group, ...rules } = rulesOf(d) as ReturnType<typeof rulesOf> & { group?: number }
  try {
    if (d.game === 'commons') {
      const n = group ?? 4
      if (!Number.isInteger(n) || n < 2 || n > 16) return { rules: null, problem: `group must be a whole number from 2 to 16, got ${String(n)}` }
      return { rules: { game: 'commons', ...makeCommonsRules(rules), group: n }, problem: null }
    }
    const checked = makeRules(rules)
    return { rules: { game: 'dilemma', ...checked }, problem: null }
  } catch (error) {
    if (!(error instanceof RulesError)) throw error
    // The dilemma's verdict still follows the matrix as typed (a payoff being typed is an invalid game, said as such).
    if (d.game === 'dilemma') return { rules: { game: 'dilemma', payoffs: d.payoffs, ...lenient(d) }, problem: error.message }
    return { rules: null, problem: error.message }
  }
}

/** The dilemma's length and mechanisms, keeping only the values that are numbers in range. */
function lenient(d: Draft) {
  const ok = (x: number | undefined, lo: number, hi: number) => (x !== undefined && x >= lo && x <= hi ? x : undefined)
  const turns = d.length === 'turns' ? ok(num(d.turns), 1, 10_000) : undefined
  const continuation = d.length === 'continuation' ? ok(num(d.continuation), 0, 0.999999) : undefined
  const fine = ok(num(d.fine), 0, 1e6)
  const detection = ok(num(d.detection), 0, 1)
  const referee = d.referee && fine !== undefined && detection !== undefined ? { fine, detection, fines: d.fines } : null
  return { turns: turns ?? null, continuation: continuation ?? null, referee, align: ok(num(d.align), 0, 1) ?? 0 }
}

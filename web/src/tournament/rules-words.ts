/**
 * A tournament's rules as sentences a visitor can read: length, noise,
 * repetitions, mechanisms and, for the commons, the stock. Pure functions
 * (test/web-tournament-words.test.ts checks them), no JSX.
 */
import type { GameKind } from '../../../src/engine/classify'
import type { Referee } from '../../../src/engine/types'
import type { CommonsTournamentRules, DilemmaRules } from './types'

/** Up to 4 significant digits, without trailing zeros. */
export function num(x: number): string {
  return String(Number(x.toPrecision(4)))
}

export function pct(x: number): string {
  return `${num(x * 100)}%`
}

export const KIND_NAMES: Record<GameKind, string> = {
  'prisoners-dilemma': "a prisoner's dilemma",
  'stag-hunt': 'a stag hunt',
  chicken: 'chicken (snowdrift, hawk-dove)',
  harmony: 'harmony',
  deadlock: 'deadlock',
  coordination: 'a coordination game',
  'anti-coordination': 'an anti-coordination game',
  degenerate: 'a degenerate game (every outcome pays the same)',
  invalid: 'not a valid game',
  other: 'a game between the named kinds',
}

/** How long a match (or a commons group) lasts. */
export function lengthWords(rules: { turns: number | null; continuation: number | null }, unit = 'match'): string {
  if (rules.continuation !== null && rules.continuation !== undefined) {
    const w = rules.continuation
    return `Each ${unit} has no known end: after every round another follows with probability ${num(w)}, so a ${unit} lasts ${num(1 / (1 - w))} rounds on average.`
  }
  const n = rules.turns ?? 0
  return `Each ${unit} lasts ${n} round${n === 1 ? '' : 's'}, a length every strategy knows.`
}

export function noiseWords(noise: number, turns: number | null): string {
  if (!noise) return 'No noise: every move is played as intended.'
  const per = turns ? ` (about ${num(noise * turns)} of ${turns} rounds a side)` : ''
  return `Noise: each intended move is flipped with probability ${pct(noise)}${per}.`
}

export function repetitionWords(repetitions: number, game: 'dilemma' | 'commons'): string {
  const who = game === 'commons' ? 'Each group' : 'Each pair of strategies (and each strategy with a copy of itself)'
  return repetitions === 1 ? `${who} plays once per run.` : `${who} plays ${repetitions} times per run, each with its own seed.`
}

function refereeWords(referee: Referee, game: 'dilemma' | 'commons'): string {
  const what = game === 'commons' ? 'a request above the sustainable share' : 'a defection'
  const where = referee.fines === 'shared' ? (game === 'commons' ? 'split among the other players' : 'paid to the other player') : 'destroyed'
  const detect = referee.detection >= 1 ? 'always detects it' : `detects it with probability ${pct(referee.detection)}`
  return `A referee fines ${what} ${num(referee.fine)} points and ${detect}; fines are ${where}.`
}

/** The mechanisms that change the payoffs or let strategies talk, one sentence each; one sentence when there are none. */
export function mechanismWords(rules: { referee: Referee | null; align: number; cheapTalk: boolean }, game: 'dilemma' | 'commons'): string[] {
  const out: string[] = []
  if (rules.referee) out.push(refereeWords(rules.referee, game))
  if (rules.align) {
    const mean = game === 'commons' ? "the group's mean" : 'the mean of both'
    out.push(`Aligned rewards: each player receives ${pct(1 - rules.align)} of its own payoff and ${pct(rules.align)} of ${mean}.`)
  }
  if (rules.cheapTalk) out.push('Cheap talk: before each round every strategy may announce a move' + (game === 'commons' ? ' (an amount)' : '') + '; nothing binds it.')
  if (out.length === 0) out.push('No mechanisms: no referee, no aligned rewards, no cheap talk.')
  return out
}

/** The commons' own rules: the stock, its regrowth and collapse, the requests. */
export function commonsWords(rules: CommonsTournamentRules, restraint?: number, greed?: number): string[] {
  const out = [
    `Groups of ${rules.group} share a stock that holds at most ${num(rules.maxStock)} and starts at ${num(rules.initialStock)}.`,
    `Each round every player asks for 0 to ${num(rules.maxRequest)}; up to ${num(rules.capacity)} in all is served in full, more is served less (congestion).`,
    `What is left regrows logistically at rate ${num(rules.regrowth)}; a stock left below ${num(rules.collapseBelow)} collapses for good.`,
  ]
  if (restraint !== undefined) out.push(`Restraint is a request of at most ${num(restraint)} (the sustainable share)${greed !== undefined ? `; greed asks for ${num(greed)}` : ''}.`)
  out.push(rules.quota === null ? 'No quota.' : `A quota cuts every request to at most ${num(rules.quota)}.`)
  return out
}

/** Everything but the payoffs and the game's name, in reading order. */
export function rulesSentences(game: 'dilemma' | 'commons', rules: DilemmaRules | CommonsTournamentRules, extra: { restraint?: number; greed?: number } = {}): string[] {
  if (game === 'commons') {
    const c = rules as CommonsTournamentRules
    return [...commonsWords(c, extra.restraint, extra.greed), lengthWords(c, 'group'), repetitionWords(c.repetitions, 'commons'), ...mechanismWords(c, 'commons')]
  }
  const d = rules as DilemmaRules
  return [lengthWords(d), noiseWords(d.noise, d.turns), repetitionWords(d.repetitions, 'dilemma'), ...mechanismWords(d, 'dilemma')]
}

/** Who may enter, and what strategies learn of each other. */
export function entryWords(t: { entry: 'open' | 'invite'; maxEntriesPerAccount: number; shareIdentities: boolean }): string[] {
  const per = `${t.maxEntriesPerAccount} ${t.maxEntriesPerAccount === 1 ? 'strategy' : 'strategies'} per account`
  return [
    t.entry === 'open' ? `Open: anyone signed in may enter, ${per}.` : `By invitation: the host invites who may enter, ${per}.`,
    t.shareIdentities
      ? 'Identities are shared: a strategy sees who it plays, with its reputation and past record (view.opponent).'
      : 'Identities are hidden: a strategy never learns who it plays (view.opponent is null).',
  ]
}

/**
 * A fixed set of seeded matches and a tournament, run once in Node and once
 * inside workerd: the results must be byte-identical. It covers noise,
 * uncertain length, every classic (including the random ones), hostile
 * code that ends in each kind of fault, the mechanisms (a referee that
 * draws detections, aligned rewards, cheap talk with honest, lying, random
 * and hostile announcers); and commons groups of 16 seats (with a small
 * deterministic resolve in place of the engine's game), with cheap talk,
 * identities, randomness and faults.
 */
import { CLASSICS, classicAsSource } from '../../src/classics'
import { playMatch } from '../../src/engine/match'
import type { MatchRunner } from '../../src/engine/match-runner'
import { playTournament } from '../../src/engine/tournament'
import type { Rules, StrategySource } from '../../src/engine/types'
import type { GroupRunner } from '../../src/engine/commons/types'
import { commonsRules, groupSetup, identitiesOf, toyGame } from '../helpers/commons'

const hostile = (id: string, source: string): StrategySource => ({ id, name: id, source })

export const HOSTILE: StrategySource[] = [
  hostile('loop-in-move', "export default (v) => { if (v.round === 2) for (;;) {} return 'C' }"),
  hostile('loop-at-top', "for (;;) {}\nexport default () => 'C'"),
  hostile('memory-bomb', "const h = []\nlet s = 'x'\nfor (let i = 0; i < 20; i++) s += s\nexport default (v) => { if (v.round === 1) for (;;) h.push(s.slice(h.length)); return 'C' }"),
  hostile('catches-out-of-memory', "const h = []\nlet s = 'x'\nfor (let i = 0; i < 18; i++) s += s\nexport default () => { for (;;) { try { for (;;) h.push(s.slice(h.length)) } catch (e) {} } }"),
  hostile('match-budget', "export default () => { let x = 0; for (let i = 0; i < 40000; i++) x += i; return 'C' }"),
  hostile('recursion', "function down(n) { return down(n + 1) + 1 }\nexport default () => { down(0) }"),
  hostile('depth-probe', "function depth(n) { try { return depth(n + 1) } catch (e) { return n } }\nexport default () => (depth(0) % 2 ? 'C' : 'D')"),
  hostile('cpu-in-built-ins', "let s = 'x'\nfor (let i = 0; i < 20; i++) s += s\nexport default (v) => { if (v.round === 3) for (;;) s.substring(1).length; return 'C' }"),
  hostile('deep-json', "const text = '['.repeat(20000) + ']'.repeat(20000)\nexport default (v) => { if (v.round === 2) JSON.parse(text); return 'C' }"),
  hostile('proxy', "export default () => new Proxy({}, { get() { for (;;) {} } })"),
  hostile('syntax-error', "export default function (v) {\n  return v.round ? 'C' 'D'\n}"),
  hostile('throws', "export default (v) => { if (v.round % 3 === 0) throw new RangeError('round ' + v.round); return v.random() < 0.5 ? 'C' : 'D' }"),
]

/** Announcers for the cheap-talk matches; each also reads its running scores, which the mechanisms change. */
export const TALKERS: StrategySource[] = [
  hostile('honest', "const plan = (v) => (v.round === 0 || v.myScore >= v.theirScore ? 'C' : v.their[v.round - 1])\nexport function announce(v) { return plan(v) }\nexport default (v) => plan(v)"),
  hostile('liar', "export function announce() { return 'C' }\nexport default (v) => (v.announcements.their === 'C' ? 'D' : 'C')"),
  hostile('coin-talker', "export function announce(v) { return v.random() < 0.5 ? 'C' : 'D' }\nexport default (v) => (v.announcements.history.their.filter((a) => a === 'C').length * 2 >= v.round ? 'C' : 'D')"),
  hostile('announce-loops', "export function announce(v) { if (v.round === 4) for (;;) {} return 'D' }\nexport default () => 'C'"),
  hostile('announce-memory', "const h = []\nlet s = 'x'\nfor (let i = 0; i < 20; i++) s += s\nexport function announce(v) { if (v.round === 6) for (;;) h.push(s.slice(h.length)); return 'C' }\nexport default () => 'C'"),
]

/** Commons strategies: restrained, greedy, reading the others, random, announcing, and hostile. */
export const COMMONS_SEATS: StrategySource[] = [
  hostile('restrained', 'export default (v) => v.sustainableShare'),
  hostile('greedy', 'export default (v) => v.rules.maxRequest'),
  hostile('mean', 'export default (v) => { if (v.round === 0) return 1; let t = 0; for (const o of v.others) t += o.requests[v.round - 1]; return Math.min(v.rules.maxRequest, t / v.others.length) }'),
  hostile('stock-share', 'export default (v) => Math.min(v.rules.maxRequest, v.stock / 40 + v.myScore / 1000)'),
  hostile('random', 'export const announce = (v) => Math.floor(v.random() * 8)\nexport default (v) => Math.random() * v.rules.maxRequest'),
  hostile('talker', 'export const announce = (v) => 3\nexport default (v) => (v.announcements ? (v.announcements.others.filter((a) => a !== null).length % 7) + 0.5 : 2)'),
  hostile('identity', 'export default (v) => (v.others[v.round % v.others.length].identity ? v.others[v.round % v.others.length].identity.reputation.rank : 1.25)'),
  hostile('loop', 'export default (v) => { if (v.round === 2) for (;;) {} return 3 }'),
  hostile('memory-bomb', "const h = []\nlet s = 'x'\nfor (let i = 0; i < 16; i++) s += s\nexport default (v) => { if (v.round === 1) for (;;) h.push(s.slice(h.length)); return 3 }"),
  hostile('cpu-in-built-ins', "let s = 'x'\nfor (let i = 0; i < 20; i++) s += s\nexport default (v) => { if (v.round === 3) for (;;) s.substring(1).length; return 3 }"),
  hostile('throws', "export default (v) => { if (v.round % 3 === 0) throw new RangeError('round ' + v.round); return v.random() * 4 }"),
  hostile('nan', 'export default (v) => (v.round % 4 === 1 ? NaN : 2)'),
  hostile('liar', "export function announce(v) { if (v.round === 2) throw new Error('no'); return 0 }\nexport default (v) => 20"),
  hostile('deep', "function down(n) { return down(n + 1) + 1 }\nexport default (v) => { if (v.round === 4) down(0); return 1.5 }"),
  hostile('fractional', 'export default (v) => (v.seat + v.round) / 7'),
  hostile('syntax-error', 'export default function (v) {\n  return v.round ? 1 2\n}'),
]

export async function determinismSuite(runner: MatchRunner, groups: GroupRunner): Promise<string> {
  const classics = CLASSICS.map(classicAsSource)
  const out: unknown[] = []
  out.push(await playTournament(runner, classics, { rules: { turns: 40, noise: 0.02 }, repetitions: 2, seed: 'cross-runtime' }))
  const rules: Partial<Rules>[] = [{ turns: 200 }, { continuation: 0.95 }, { turns: 60, noise: 0.1, payoffs: { R: 4, S: -1, T: 6, P: 0.5 } }]
  const byId = new Map(classics.map((c) => [c.id, c]))
  const pairs: [string, string][] = [
    ['tit-for-tat', 'alternator'],
    ['joss', 'random'],
    ['zd-extort-2', 'generous-tit-for-tat'],
    ['gradual', 'calculator'],
  ]
  for (const [i, r] of rules.entries()) {
    for (const [a, b] of pairs) out.push(await playMatch(runner, byId.get(a)!, byId.get(b)!, { rules: r, seed: 1000 + i }))
  }
  for (const h of HOSTILE) out.push(await playMatch(runner, h, byId.get('tit-for-tat')!, { rules: { turns: 12 }, seed: 7 }))
  const mechanisms = { turns: 30, noise: 0.05, payoffs: { R: 3.1, S: -0.3, T: 5.2, P: 0.3 }, referee: { fine: 0.7, detection: 0.45, fines: 'shared' as const }, align: 0.3, cheapTalk: true }
  for (const [k, a] of TALKERS.entries()) {
    for (const b of [...TALKERS, byId.get('joss')!]) out.push(await playMatch(runner, a, b, { rules: mechanisms, seed: 2000 + k }))
  }
  for (const [i, rules] of [commonsRules({ turns: 30, quota: 12 }), commonsRules({ turns: 30, cheapTalk: true })].entries()) {
    const setup = groupSetup(COMMONS_SEATS.length, { rules, rounds: 30, identities: i === 0 ? identitiesOf(COMMONS_SEATS.length) : groupSetup(COMMONS_SEATS.length).identities })
    const game = toyGame(setup)
    out.push({ seats: await groups.playGroup(COMMONS_SEATS, setup, game.resolve), outcomes: game.outcomes })
  }
  return JSON.stringify(out)
}

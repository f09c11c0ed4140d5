/**
 * Experiments with rule sets of the commons (src/engine/experiment.ts,
 * experiment-spec.ts): checking them, every rule set played with the same
 * group seeds, cooperation, welfare, the final stock and the ranking against
 * a calculation by hand on a one-round group, the platform's way (one
 * tournament per rule set, then the summary), and the `commons` preset's
 * expected outcome, played with the plain-JS group runner.
 */
import { describe, expect, it } from 'vitest'
import { classicAsSource, findClassic } from '../src/classics'
import {
  commonsDilemmaTest,
  commonsGroupSeed,
  commonsMatrix,
  makeCommonsRules,
  playCommonsTournament,
  scheduleCommons,
  sustainableShare,
  type CommonsResult,
} from '../src/engine/commons'
import {
  experimentCommons,
  experimentTournament,
  runExperiment,
  summarizeExperiment,
  type CommonsRuleSetResult,
  type ExperimentResult,
  type RuleSetRun,
} from '../src/engine/experiment'
import { DEFAULT_EXPERIMENT_GROUP, ExperimentError, planExperiment, readExperimentSpec, type RuleSetSpec } from '../src/engine/experiment-spec'
import { findPreset } from '../src/engine/presets'
import { deriveSeed } from '../src/engine/prng'
import { playTournament } from '../src/engine/tournament'
import { C, ScriptedGroupRunner } from './helpers/commons-runner'
import { S, ScriptedRunner } from './helpers/scripted-runner'

const field = [C('restrained'), C('zero'), C('greedy')]
const ids = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `p${String(i).padStart(2, '0')}`, name: `P${i}` }))

/** The message of the ExperimentError that `check` throws. */
function refusal(check: () => unknown): string {
  try {
    check()
  } catch (error) {
    expect(error).toBeInstanceOf(ExperimentError)
    return (error as Error).message
  }
  throw new Error('expected an ExperimentError')
}

const commonsOf = (result: ExperimentResult) => result.ruleSets as CommonsRuleSetResult[]

/** Groups in rule set k's commons schedule. */
const planGroups = (plan: ReturnType<typeof planExperiment>, k: number) => scheduleCommons(plan.players, experimentCommons(plan, k)).jobs.length

describe('checking commons rule sets', () => {
  const spec = (ruleSets: unknown[], players: unknown[] = ['a', 'b', 'c']) => ({ players, ruleSets })

  it('fills in the commons rules and the group, kept in the rules as given', () => {
    const checked = readExperimentSpec(spec([{ name: 'pasture', game: 'commons', rules: { quota: 20, turns: 50 } }]))
    expect(checked.ruleSets).toEqual([{ name: 'pasture', game: 'commons', rules: { ...makeCommonsRules({ quota: 20, turns: 50 }), group: 3 } }])
    // What readExperimentSpec returns reads back as itself.
    expect(readExperimentSpec(checked)).toEqual(checked)
    const plan = planExperiment({ players: ids(3), ruleSets: [{ name: 'g2', game: 'commons', rules: { group: 2, referee: { fine: 3, detection: 0.5 } } }] })
    expect(plan.ruleSets[0]).toEqual({ name: 'g2', game: 'commons', rules: makeCommonsRules({ referee: { fine: 3, detection: 0.5 } }), group: 2 })
  })

  it('plays a field that fits one group in one group, and a larger one in groups of 4', () => {
    const group = (n: number) => {
      const ruleSet = planExperiment({ players: ids(n), repetitions: 1, ruleSets: [{ name: 'c', game: 'commons' }] }).ruleSets[0]!
      return ruleSet.game === 'commons' ? ruleSet.group : null
    }
    expect(group(2)).toBe(2)
    expect(group(16)).toBe(16)
    expect(group(17)).toBe(DEFAULT_EXPERIMENT_GROUP)
    expect(DEFAULT_EXPERIMENT_GROUP).toBe(4)
  })

  it("refuses the other game's rules, bad groups and bad rules, saying where", () => {
    const bad = (rules: unknown, players?: unknown[]) => refusal(() => readExperimentSpec(spec([{ name: 'c', game: 'commons', rules }], players)))
    expect(bad({ payoffs: '3,0,5,1' })).toMatch(/^ruleSets\[0\] \("c"\)\.rules\.payoffs is a rule of the dilemma; this rule set plays the commons \(its fields are capacity, maxStock, /)
    expect(bad({ noise: 0.1 })).toMatch(/^ruleSets\[0\] \("c"\)\.rules\.noise is a rule of the dilemma/)
    expect(refusal(() => readExperimentSpec(spec([{ name: 'd', rules: { quota: 20 } }])))).toMatch(
      /^ruleSets\[0\] \("d"\)\.rules\.quota is a rule of the commons; this rule set plays the dilemma \(its fields are payoffs, turns, /,
    )
    expect(refusal(() => readExperimentSpec(spec([{ name: 'd', game: 'dilemma', rules: { group: 2 } }])))).toMatch(/rules\.group is a rule of the commons/)
    expect(bad({ stock: 500 })).toMatch(/^ruleSets\[0\] \("c"\)\.rules has an unknown field "stock"; the fields are capacity, /)
    expect(bad({ group: 1 })).toBe('ruleSets[0] ("c").rules.group: a commons group has from 2 to 16 players, got 1')
    expect(bad({ group: 2.5 })).toBe('ruleSets[0] ("c").rules.group: a commons group has from 2 to 16 players, got 2.5')
    expect(bad({ group: 4 })).toBe('ruleSets[0] ("c").rules.group: groups of 4 need at least 4 players, got 3')
    expect(bad({ group: '3' })).toBe('ruleSets[0] ("c").rules.group must be a number, got "3"')
    // Types first, then makeCommonsRules' ranges.
    expect(bad({ quota: '20' })).toBe('ruleSets[0] ("c").rules.quota must be a number or null, got "20"')
    expect(bad({ quota: 200 })).toBe('ruleSets[0] ("c").rules: quota must be a number from 0 to maxRequest (100), or null for none')
    expect(bad({ regrowth: 0 })).toBe('ruleSets[0] ("c").rules: regrowth must be a rate above 0, at most 1')
    expect(bad({ referee: { fine: 3 } })).toBe('ruleSets[0] ("c").rules.referee needs detection')
    expect(bad({ turns: 5, continuation: 0.9 })).toMatch(/^ruleSets\[0\] \("c"\)\.rules: .*either a number of turns or a continuation probability/)
    expect(bad({ cheapTalk: 1 })).toBe('ruleSets[0] ("c").rules.cheapTalk must be true or false, got 1')
  })

  it('refuses a schedule of more groups than a commons tournament may hold, before anything is played', () => {
    const plan = () => planExperiment({ players: ids(30), repetitions: 1000, ruleSets: [{ name: 'big', game: 'commons', rules: { group: 5 } }] })
    expect(refusal(plan)).toBe('ruleSets[0] ("big"): 30000 groups is more than a schedule may hold (20000): fewer repetitions or players')
  })
})

describe('playing commons rule sets', () => {
  /**
   * One round, one group of three: restrained asks s = 80/3, zero 0, greedy
   * 100. Demand D = 380/3 > C = 100, so H = 100 × 100 / D = 1500/19 is
   * served, shared in proportion: greedy 100/D × H, restrained (80/3)/D × H.
   * The stock left, 1000 − D = 2620/3, regrows by 0.4 × left × (1 − left/1000).
   * - plain: welfare H / 80 = 75/76; cooperation 2 of 3 requests.
   * - referee (fine 60, always caught, destroyed): greedy loses 60, and ranks below restrained.
   * - quota 20: requests 20, 0, 20; D = 40 is all served; every request is at most s.
   */
  const share = 80 / 3
  const demand = 100 + share
  const served = 1500 / 19
  const greedy = (served * 100) / demand
  const restrained = (served * share) / demand
  const grown = (left: number) => left + 0.4 * left * (1 - left / 1000)
  const byHand: RuleSetSpec[] = [
    { name: 'plain', game: 'commons', rules: { turns: 1 } },
    { name: 'referee', game: 'commons', rules: { turns: 1, referee: { fine: 60, detection: 1 } } },
    { name: 'quota', game: 'commons', rules: { turns: 1, quota: 20 } },
  ]

  it('computes cooperation, welfare and the final stock as a calculation by hand does', async () => {
    const result = await runExperiment(new ScriptedGroupRunner(), { players: field, seed: 7, repetitions: 1, ruleSets: byHand })
    const [plain, referee, quota] = commonsOf(result)
    expect(result.ruleSets.map((s) => [s.name, s.game])).toEqual([
      ['plain', 'commons'],
      ['referee', 'commons'],
      ['quota', 'commons'],
    ])
    for (const s of [plain!, referee!, quota!]) {
      expect(s.group, s.name).toBe(3)
      expect(s.groups, s.name).toBe(1)
      expect(s.optimum, s.name).toBeCloseTo(share, 12)
      expect(s.ecology, s.name).toBeNull()
      expect(s.collapsed, s.name).toBe(0)
      expect(s.stock, s.name).toHaveLength(2)
      expect(s.welfare!, s.name).toBeCloseTo(s.meanPayoff / s.optimum, 12)
    }
    expect(plain!.cooperation).toBeCloseTo(2 / 3, 12)
    expect(plain!.welfare!).toBeCloseTo(75 / 76, 12)
    expect(plain!.meanPayoff).toBeCloseTo(served / 3, 12)
    expect(plain!.finalStock).toBeCloseTo(grown(1000 - demand), 9)
    expect(plain!.stock[0]).toBe(1000)
    expect(referee!.cooperation).toBeCloseTo(2 / 3, 12)
    expect(referee!.welfare!).toBeCloseTo((served - 60) / 80, 12)
    expect(referee!.finalStock).toBeCloseTo(plain!.finalStock, 12)
    expect(quota!.cooperation).toBe(1)
    expect(quota!.welfare!).toBeCloseTo(40 / 80, 12)
    expect(quota!.finalStock).toBeCloseTo(grown(960), 9)
  })

  it('ranks by mean payoff per round, moves ranks against the first rule set, and gives the dilemma test of the group', async () => {
    const result = await runExperiment(new ScriptedGroupRunner(), { players: field, seed: 7, repetitions: 1, ruleSets: byHand })
    const [plain, referee, quota] = commonsOf(result)
    const payoffs = (s: CommonsRuleSetResult) => s.standings.map((x) => [x.id, Number(x.meanPayoff.toFixed(9))])
    expect(payoffs(plain!)).toEqual([['greedy', Number(greedy.toFixed(9))], ['restrained', Number(restrained.toFixed(9))], ['zero', 0]])
    expect(plain!.winner).toEqual({ id: 'greedy', name: 'GREEDY' })
    expect(payoffs(referee!)).toEqual([['restrained', Number(restrained.toFixed(9))], ['greedy', Number((greedy - 60).toFixed(9))], ['zero', 0]])
    expect(referee!.rankMoves).toEqual([
      { id: 'restrained', name: 'RESTRAINED', rank: 1, firstRank: 2, moved: 1 },
      { id: 'greedy', name: 'GREEDY', rank: 2, firstRank: 1, moved: -1 },
      { id: 'zero', name: 'ZERO', rank: 3, firstRank: 3, moved: 0 },
    ])
    // Under the quota greedy and restrained both receive 20: equal payoffs are ordered by id.
    expect(payoffs(quota!)).toEqual([['greedy', 20], ['restrained', 20], ['zero', 0]])
    for (const s of [plain!, referee!, quota!]) {
      expect(s.dilemmaTest, s.name).toEqual(commonsDilemmaTest(s.rules, 3))
      expect(s.verdict, s.name).toEqual(s.dilemmaTest.verdict)
    }
    // One round: a real dilemma; a fine of 60 > T − R makes restraint dominant; a quota below the share makes every outcome the same.
    expect(result.ruleSets.map((s) => s.verdict.code)).toEqual(['real-dilemma', 'not-a-dilemma', 'not-a-dilemma'])
  })

  it('plays every rule set with the same group seeds', async () => {
    const runner = new ScriptedGroupRunner()
    await runExperiment(runner, { players: field, seed: 42, repetitions: 2, ruleSets: byHand })
    // One combination, two repetitions (seats rotated) per rule set.
    expect(runner.setups).toHaveLength(3 * 2)
    const seeds = runner.setups.map((s) => s.seeds)
    expect(seeds.slice(2, 4)).toEqual(seeds.slice(0, 2))
    expect(seeds.slice(4, 6)).toEqual(seeds.slice(0, 2))
    expect(seeds[1]).toEqual([0, 1, 2].map((k) => deriveSeed(commonsGroupSeed(42, 1), 'seat', k)))
    expect(runner.setups[2]!.rules.referee).toEqual({ fine: 60, detection: 1, fines: 'destroyed' })
  })

  it('gives the same document from rule sets played as separate commons tournaments (the platform’s way)', async () => {
    const spec = { players: field, seed: 'sep', repetitions: 2, ruleSets: byHand }
    const whole = await runExperiment(new ScriptedGroupRunner(), spec)
    const plan = planExperiment(spec)
    expect(experimentCommons(plan, 1)).toEqual({ rules: makeCommonsRules(byHand[1]!.rules as object), group: 3, repetitions: 2, seed: plan.seed })
    expect(() => experimentTournament(plan, 0)).toThrow(/rule set 0 plays the commons: experimentCommons gives its tournament/)
    const results: CommonsResult[] = []
    for (let k = byHand.length - 1; k >= 0; k--) results[k] = await playCommonsTournament(new ScriptedGroupRunner(), field, experimentCommons(plan, k))
    expect(JSON.stringify(summarizeExperiment(plan, results))).toBe(JSON.stringify(whole))
    // A result of another tournament is refused.
    const other = await playCommonsTournament(new ScriptedGroupRunner(), field, { ...experimentCommons(plan, 0), group: 2 })
    expect(refusal(() => summarizeExperiment(plan, [other, ...results.slice(1)]))).toBe('the result for rule set 0 ("plain") was played in groups of another size')
    const reseeded = await playCommonsTournament(new ScriptedGroupRunner(), field, { ...experimentCommons(plan, 0), seed: 3 })
    expect(refusal(() => summarizeExperiment(plan, [reseeded, ...results.slice(1)]))).toMatch(/rule set 0 \("plain"\) has another seed/)
    expect(refusal(() => summarizeExperiment(plan, [results[1]!, ...results.slice(1)]))).toMatch(/rule set 0 \("plain"\) was played under other rules/)
    const dilemma = await playTournament(new ScriptedRunner(), [S('allc'), S('alld')], { rules: { turns: 2 }, seed: plan.seed, repetitions: 2 })
    const wrong: RuleSetRun[] = [dilemma, ...results.slice(1)]
    expect(refusal(() => summarizeExperiment(plan, wrong))).toBe('the result for rule set 0 ("plain") is not a commons tournament\'s (dilemma-arena/commons@1)')
  })

  it('needs a group runner for the commons and a match runner for the dilemma', async () => {
    const commons = { players: field, repetitions: 1, ruleSets: byHand.slice(0, 1) }
    await expect(runExperiment(new ScriptedRunner(), commons)).rejects.toThrow('rule set 0 ("plain") plays the commons: runExperiment needs a group runner')
    const dilemma = { players: [S('allc'), S('alld')], repetitions: 1, ruleSets: [{ name: 'd', rules: { turns: 2 } }] }
    await expect(runExperiment(new ScriptedGroupRunner(), dilemma)).rejects.toThrow('rule set 0 ("d") plays the dilemma: runExperiment needs a match runner')
    // Both, as { match, group }: each game takes its own.
    const runners = { match: new ScriptedRunner(), group: new ScriptedGroupRunner() }
    expect((await runExperiment(runners, commons)).ruleSets[0]!.game).toBe('commons')
    expect((await runExperiment(runners, dilemma)).ruleSets[0]!.game).toBe('dilemma')
    expect(runners.group.calls).toBe(1)
    expect(runners.match.setups.length).toBeGreaterThan(0)
  })

  it('reports progress in groups over every rule set', async () => {
    const seen: [number, number][] = []
    await runExperiment(new ScriptedGroupRunner(), { players: field, repetitions: 2, ruleSets: byHand }, { onProgress: (d, t) => seen.push([d, t]) })
    expect(seen).toEqual([1, 2, 3, 4, 5, 6].map((d) => [d, 6]))
  })
})

describe('the commons preset', () => {
  const preset = findPreset('commons')!
  const players = preset.spec.players.map((id) => ({ ...classicAsSource(findClassic(id, 'commons')!), id }))
  const group = 7

  it('sets a referee whose expected fine makes restraint dominant, and a quota under the sustainable share', () => {
    expect(players).toHaveLength(group)
    // No fixed greedy code: a referee changes payoffs, not code.
    expect(preset.spec.players).not.toContain('greedy')
    expect(preset.spec.players).not.toContain('random-request')
    const [none, referee, quota] = readExperimentSpec(preset.spec).ruleSets.map((r) => makeCommonsRules(r.rules as object))
    const { R, S: sucker, T, P } = commonsMatrix(none!, group)
    const pf = referee!.referee!.detection * referee!.referee!.fine
    expect(pf).toBeGreaterThan(T - R)
    expect(pf).toBeGreaterThan(P - sucker)
    expect(referee!.referee!.fines).toBe('destroyed')
    expect(quota!.quota!).toBeLessThanOrEqual(sustainableShare(quota!, group))
  })

  it('is small enough for the whole command to take well under 3 s: at most 15,000 player-rounds over its rule sets', () => {
    // The sandbox plays a player-round in 1 to 2 µs, as a dilemma match does: tens of milliseconds, beside a second and a half of start-up.
    const plan = planExperiment({ ...preset.spec, players: players.map(({ id, name }) => ({ id, name })) })
    let playerRounds = 0
    plan.ruleSets.forEach((ruleSet, k) => {
      const options = experimentCommons(plan, k)
      expect(ruleSet.rules.turns, ruleSet.name).not.toBeNull()
      playerRounds += planGroups(plan, k) * options.group! * ruleSet.rules.turns!
    })
    expect(playerRounds).toBeLessThanOrEqual(15_000)
  })

  it('shows the collapse with no mechanism, and the recovery under a referee and under a quota', async () => {
    for (const seed of [preset.spec.seed, 'another seed']) {
      const result = await runExperiment(new ScriptedGroupRunner(), { ...preset.spec, seed, players })
      const [none, referee, quota] = commonsOf(result)
      expect(result.ruleSets.map((s) => s.name)).toEqual(['no-mechanism', 'referee', 'quota'])
      for (const s of [none!, referee!, quota!]) {
        expect(s.group).toBe(group)
        expect(s.standings.every((x) => x.faults === 0), s.name).toBe(true)
      }
      // With no mechanism every group's stock ends at 0, and the players receive next to nothing.
      expect(none!.collapsed).toBe(1)
      expect(none!.finalStock).toBe(0)
      expect(none!.welfare!).toBeLessThan(0.1)
      expect(none!.verdict.code).toBe('real-dilemma')
      // Under a referee or a quota every request is restrained, no group collapses, and the stock stays above half the maximum.
      for (const s of [referee!, quota!]) {
        expect(s.cooperation, s.name).toBe(1)
        expect(s.collapsed, s.name).toBe(0)
        expect(s.finalStock, s.name).toBeGreaterThan(s.rules.maxStock / 2)
        expect(s.welfare!, s.name).toBeGreaterThan(0.8)
        expect(s.verdict.code, s.name).toBe('not-a-dilemma')
      }
    }
  })
})

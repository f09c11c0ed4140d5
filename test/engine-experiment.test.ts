/**
 * Experiments in the engine (src/engine/experiment.ts, experiment-spec.ts,
 * presets.ts): checking a spec, every rule set played with the same match
 * seeds, and cooperation, welfare and the ranking against a calculation by
 * hand on a tiny scripted field.
 */
import { describe, expect, it } from 'vitest'
import { findClassic } from '../src/classics'
import { ExperimentError, MAX_RULE_SETS, planExperiment, readExperimentSpec, type RuleSetSpec } from '../src/engine/experiment-spec'
import { EXPERIMENT_RESULT_FORMAT, experimentTournament, runExperiment, summarizeExperiment, type DilemmaRuleSetResult, type ExperimentResult } from '../src/engine/experiment'
import { EXPERIMENT_PRESETS, findPreset } from '../src/engine/presets'
import { deriveSeed, normalizeSeed } from '../src/engine/prng'
import { makeRules, type RulesInput } from '../src/engine/rules'
import { tournamentMatchSeed } from '../src/engine/schedule'
import { playTournament } from '../src/engine/tournament'
import type { TournamentResult } from '../src/engine/tournament-result'
import { S, ScriptedRunner } from './helpers/scripted-runner'

const field = [S('allc'), S('alld'), S('tft')]
const names = ['allc', 'alld', 'tft']
const plain: RuleSetSpec = { name: 'plain', rules: { turns: 4 } }

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

describe('checking an experiment spec', () => {
  const spec = (over: Record<string, unknown> = {}) => ({ players: names, ruleSets: [plain], ...over })

  it('fills in the seed, the repetitions and every rule', () => {
    const checked = readExperimentSpec({ players: names, ruleSets: [{ name: 'a' }, { name: 'b', game: 'dilemma', rules: { payoffs: '4,0,6,1', align: 0.5 } }] })
    expect(checked.players).toEqual(names)
    expect(checked.ruleSets).toEqual([
      { name: 'a', game: 'dilemma', rules: makeRules() },
      { name: 'b', game: 'dilemma', rules: makeRules({ payoffs: { R: 4, S: 0, T: 6, P: 1 }, align: 0.5 }) },
    ])
    const plan = planExperiment({ players: field, ruleSets: [plain] })
    expect(plan.seed).toBe(1)
    expect(plan.repetitions).toBe(5)
    expect(plan.players).toEqual([{ id: 'allc', name: 'ALLC' }, { id: 'alld', name: 'ALLD' }, { id: 'tft', name: 'TFT' }])
    expect(planExperiment({ players: field, ruleSets: [plain], seed: 'hello' }).seed).toBe(normalizeSeed('hello'))
  })

  it('refuses players that are missing, too few or repeated', () => {
    expect(refusal(() => readExperimentSpec({ ruleSets: [plain] }))).toMatch(/needs players/)
    expect(refusal(() => readExperimentSpec(spec({ players: ['allc'] })))).toBe('an experiment needs at least 2 players, got 1')
    expect(refusal(() => readExperimentSpec(spec({ players: ['allc', 'tft', 'allc'] })))).toBe('players must be unique: "allc" appears more than once')
    expect(refusal(() => readExperimentSpec(spec({ players: ['allc', 3] })))).toBe('players[1] must be a strategy name (non-empty text), got 3')
    expect(refusal(() => planExperiment({ players: [S('a'), S('a')], ruleSets: [plain] }))).toMatch(/"a" appears more than once/)
  })

  it('takes 1 to 8 rule sets with unique names', () => {
    expect(refusal(() => readExperimentSpec(spec({ ruleSets: [] })))).toBe(`an experiment has 1 to ${MAX_RULE_SETS} rule sets, got 0`)
    const nine = Array.from({ length: 9 }, (_, i) => ({ name: `r${i}` }))
    expect(refusal(() => readExperimentSpec(spec({ ruleSets: nine })))).toMatch(/1 to 8 rule sets, got 9/)
    expect(readExperimentSpec(spec({ ruleSets: nine.slice(0, 8) })).ruleSets).toHaveLength(8)
    expect(refusal(() => readExperimentSpec(spec({ ruleSets: [{ name: 'x' }, { name: 'x', rules: { turns: 9 } }] })))).toBe(
      'rule set names must be unique: "x" appears more than once',
    )
    expect(refusal(() => readExperimentSpec(spec({ ruleSets: [{ rules: {} }] })))).toBe('ruleSets[0] needs a name (non-empty text)')
    expect(refusal(() => readExperimentSpec(spec({ ruleSets: [{ name: 'two\nlines' }] })))).toMatch(/one line/)
  })

  it('refuses an experiment that mixes games, and any other game', () => {
    expect(refusal(() => readExperimentSpec(spec({ ruleSets: [plain, { name: 'pasture', game: 'commons' }] })))).toBe(
      'ruleSets[1] ("pasture") plays the commons but ruleSets[0] ("plain") plays the dilemma: an experiment compares rule sets of one game (rankings and welfare of two games do not compare); make two experiments',
    )
    expect(refusal(() => readExperimentSpec(spec({ ruleSets: [{ name: 'g', game: 'chess' }] })))).toBe(
      'ruleSets[0] ("g").game must be "dilemma" or "commons", got "chess"',
    )
  })

  it('checks rules through makeRules, with the rule set in the message', () => {
    const bad = (rules: unknown) => refusal(() => readExperimentSpec(spec({ ruleSets: [plain, { name: 'bad', rules }] })))
    expect(bad({ turns: 0 })).toBe('ruleSets[1] ("bad").rules: turns must be a whole number from 1 to 10000')
    expect(bad({ align: 2 })).toMatch(/^ruleSets\[1\] \("bad"\)\.rules: align must be a number from 0/)
    expect(bad({ referee: { fine: 3, detection: 1.5 } })).toMatch(/^ruleSets\[1\] \("bad"\)\.rules: referee\.detection must be a probability/)
    expect(bad({ turns: 10, continuation: 0.9 })).toMatch(/either a number of turns or a continuation probability/)
    // Types first: a probability given as text would pass a range check.
    expect(bad({ continuation: '0.5' })).toBe('ruleSets[1] ("bad").rules.continuation must be a number or null, got "0.5"')
    expect(bad({ cheapTalk: 'yes' })).toBe('ruleSets[1] ("bad").rules.cheapTalk must be true or false, got "yes"')
    expect(bad({ referee: { fine: 3 } })).toBe('ruleSets[1] ("bad").rules.referee needs detection')
    expect(bad({ referee: { fine: 3, detection: 1, fines: 'kept' } })).toMatch(/referee\.fines must be "destroyed" .* or "shared"/)
    expect(bad({ payoffs: '3,0,5' })).toMatch(/^ruleSets\[1\] \("bad"\)\.rules\.payoffs: payoffs need exactly four numbers/)
    expect(bad({ payoffs: { R: 3, X: 1 } })).toBe('ruleSets[1] ("bad").rules.payoffs has an unknown field "X"; the fields are R, S, T, P')
  })

  it('refuses unknown fields everywhere, so that a misspelling is not ignored', () => {
    expect(refusal(() => readExperimentSpec(spec({ seeds: 3 })))).toBe('the experiment has an unknown field "seeds"; the fields are players, seed, repetitions, ruleSets')
    expect(refusal(() => readExperimentSpec(spec({ ruleSets: [{ name: 'a', rule: {} }] })))).toBe(
      'ruleSets[0] ("a") has an unknown field "rule"; the fields are name, game, rules',
    )
    expect(refusal(() => readExperimentSpec(spec({ ruleSets: [{ name: 'a', rules: { turn: 5 } }] })))).toMatch(
      /^ruleSets\[0\] \("a"\)\.rules has an unknown field "turn"; the fields are payoffs, turns, /,
    )
  })

  it('checks the seed and the repetitions', () => {
    expect(refusal(() => readExperimentSpec(spec({ seed: -1 })))).toMatch(/^seed must be a whole number from 0 to 4294967295 or non-empty text, got -1/)
    expect(refusal(() => readExperimentSpec(spec({ seed: '  ' })))).toMatch(/^seed must be/)
    expect(refusal(() => readExperimentSpec(spec({ repetitions: 0 })))).toBe('repetitions must be a whole number from 1 to 1000, got 0')
    expect(refusal(() => readExperimentSpec(spec({ repetitions: 2.5 })))).toMatch(/got 2\.5/)
    expect(refusal(() => readExperimentSpec([names]))).toMatch(/must be a JSON object/)
  })
})

describe('playing an experiment', () => {
  it('plays every rule set with the same match seeds', async () => {
    const runner = new ScriptedRunner()
    // Noise in both: nothing is reused, so the runner sees every match of both rule sets.
    const ruleSets = [
      { name: 'noisy', rules: { turns: 3, noise: 0.1 } },
      { name: 'noisy-aligned', rules: { turns: 3, noise: 0.1, align: 0.5 } },
    ]
    await runExperiment(runner, { players: field, seed: 42, repetitions: 2, ruleSets })
    const perRuleSet = 6 * 2
    expect(runner.setups).toHaveLength(2 * perRuleSet)
    const seedsOf = (k: number) => runner.setups.slice(k * perRuleSet, (k + 1) * perRuleSet).map((s) => s.seeds)
    expect(seedsOf(1)).toEqual(seedsOf(0))
    // They are the tournament's match seeds from the experiment's seed: (allc, alld), repetition 1, is the fourth match.
    expect(runner.setups[3]!.seeds[0]).toBe(deriveSeed(tournamentMatchSeed(42, 'allc', 'alld', 1), 'A'))
    expect(runner.setups[perRuleSet + 2]!.rules.align).toBe(0.5)
    // The platform's way: one ordinary tournament per rule set.
    const plan = planExperiment({ players: field, seed: 42, repetitions: 2, ruleSets })
    expect(experimentTournament(plan, 0).seed).toBe(42)
    expect(experimentTournament(plan, 1).seed).toBe(42)
  })

  /**
   * 4 rounds, one repetition. By hand, self-play left out:
   *   allc–alld: CCCC / DDDD      allc–tft: CCCC / CCCC      alld–tft: DDDD / CDDD
   * C moves: 4 + 4 (allc) + 4 + 1 (tft) = 13 of 24.
   * Plain payoffs 3,0,5,1: 0 + 20, 12 + 12, 8 + 3 = 55 in 24 player-rounds; optimum R = 3.
   * A referee fining every defection 3, destroyed: allc–alld 0 and 20 − 4 × 3 = 8; allc–tft
   * 12 + 12; alld–tft 8 − 4 × 3 = −4 and 3 − 3 × 3 = −6: 8 + 24 − 4 − 6 = 22.
   * The same fine shared, or aligned rewards, move payoffs between the two sides: 55 again.
   */
  const byHand = [
    { name: 'plain', rules: { turns: 4 } },
    { name: 'referee', rules: { turns: 4, referee: { fine: 3, detection: 1 } } },
    { name: 'shared', rules: { turns: 4, referee: { fine: 3, detection: 1, fines: 'shared' as const } } },
    { name: 'aligned', rules: { turns: 4, align: 0.5 } },
  ]

  it('computes cooperation and welfare as a calculation by hand does', async () => {
    const result = await runExperiment(new ScriptedRunner(), { players: field, seed: 7, repetitions: 1, ruleSets: byHand })
    expect(result.format).toBe(EXPERIMENT_RESULT_FORMAT)
    expect(result.ruleSets.map((s) => s.name)).toEqual(['plain', 'referee', 'shared', 'aligned'])
    for (const s of result.ruleSets) {
      expect(s.cooperation, s.name).toBeCloseTo(13 / 24, 12)
      expect(s.optimum, s.name).toBe(3)
      expect(s.finalStock).toBeNull()
      expect(s.game).toBe('dilemma')
    }
    const welfare = result.ruleSets.map((s) => s.welfare!)
    expect(welfare[0]).toBeCloseTo(55 / 72, 12)
    expect(result.ruleSets[0]!.meanPayoff).toBeCloseTo(55 / 24, 12)
    expect(welfare[1]).toBeCloseTo(22 / 72, 12)
    expect(welfare[2]).toBeCloseTo(55 / 72, 12)
    expect(welfare[3]).toBeCloseTo(55 / 72, 12)
  })

  it('ranks, moves ranks against the first rule set, and names the winner', async () => {
    const result = (await runExperiment(new ScriptedRunner(), { players: field, seed: 7, repetitions: 1, ruleSets: byHand.slice(0, 2) })) as ExperimentResult<DilemmaRuleSetResult>
    const [before, after] = result.ruleSets as [DilemmaRuleSetResult, DilemmaRuleSetResult]
    // Per round against the other two. Plain: alld (5 + 2) / 2, tft (3 + 0.75) / 2, allc (0 + 3) / 2.
    expect(before.standings.map((s) => [s.id, s.meanScore])).toEqual([['alld', 3.5], ['tft', 1.875], ['allc', 1.5]])
    expect(before.winner).toEqual({ id: 'alld', name: 'ALLD' })
    // Referee: allc (0 + 3) / 2, tft (3 − 1.5) / 2, alld ((5 − 3) + (2 − 3)) / 2.
    expect(after.standings.map((s) => [s.id, s.meanScore])).toEqual([['allc', 1.5], ['tft', 0.75], ['alld', 0.5]])
    expect(after.winner).toEqual({ id: 'allc', name: 'ALLC' })
    expect(after.rankMoves).toEqual([
      { id: 'allc', name: 'ALLC', rank: 1, firstRank: 3, moved: 2 },
      { id: 'tft', name: 'TFT', rank: 2, firstRank: 2, moved: 0 },
      { id: 'alld', name: 'ALLD', rank: 3, firstRank: 1, moved: -2 },
    ])
    expect(before.rankMoves.every((m) => m.moved === 0)).toBe(true)
    // Four rounds: w = 0.75 ≥ max(2/4, 2/3); the fine makes the matrix harmony.
    expect(before.verdict.code).toBe('dilemma-with-future')
    expect(after.verdict.code).toBe('not-a-dilemma')
    expect(after.dilemmaTest.effective.payoffs).toEqual({ R: 3, S: 0, T: 2, P: -2 })
    expect(after.verdict).toEqual(after.dilemmaTest.verdict)
    // Under the referee the defector dies out; the shares are a population.
    expect(after.ecology.survivors).toContain('allc')
    expect(after.ecology.survivors).not.toContain('alld')
    for (const s of result.ruleSets) {
      const shares = s.ecology.shares.map((x) => x.share)
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9)
      expect(shares).toEqual([...shares].sort((a, b) => b - a))
    }
  })

  it('has no welfare when the cooperative optimum is not positive', async () => {
    const result = await runExperiment(new ScriptedRunner(), {
      players: field,
      repetitions: 1,
      ruleSets: [{ name: 'losses', rules: { turns: 2, payoffs: { R: 0, S: -3, T: 2, P: -1 } } }],
    })
    expect(result.ruleSets[0]!.optimum).toBe(0)
    expect(result.ruleSets[0]!.welfare).toBeNull()
  })

  it('gives the same document from rule sets played as separate tournaments (the platform’s way)', async () => {
    const spec = { players: field, seed: 'sep', repetitions: 2, ruleSets: byHand }
    const whole = await runExperiment(new ScriptedRunner(), spec)
    const plan = planExperiment(spec)
    const results: TournamentResult[] = []
    for (let k = byHand.length - 1; k >= 0; k--) results[k] = await playTournament(new ScriptedRunner(), field, experimentTournament(plan, k))
    expect(JSON.stringify(summarizeExperiment(plan, results))).toBe(JSON.stringify(whole))
    // A result of another tournament is refused.
    const other = await playTournament(new ScriptedRunner(), field, { ...experimentTournament(plan, 0), seed: 3 })
    expect(refusal(() => summarizeExperiment(plan, [other, ...results.slice(1)]))).toMatch(/rule set 0 \("plain"\) has another seed/)
    expect(refusal(() => summarizeExperiment(plan, [results[1]!, ...results.slice(1)]))).toMatch(/rule set 0 \("plain"\) was played under other rules/)
    expect(refusal(() => summarizeExperiment(plan, results.slice(1)))).toMatch(/4 rule sets but 3 results/)
  })

  it('reports progress over every rule set', async () => {
    const seen: [number, number][] = []
    await runExperiment(new ScriptedRunner(), { players: field, repetitions: 2, ruleSets: byHand.slice(0, 3) }, { onProgress: (d, t) => seen.push([d, t]) })
    expect(seen).toHaveLength(3 * 6 * 2)
    expect(seen.map(([d]) => d)).toEqual(seen.map((_, i) => i + 1))
    expect(seen.every(([, t]) => t === 36)).toBe(true)
  })
})

describe('the presets', () => {
  it('are valid specs of built-ins, each with its expected outcome', () => {
    expect(EXPERIMENT_PRESETS.map((p) => p.name)).toEqual(['one-shot-vs-repeated', 'referee', 'aligned-rewards', 'cheap-talk', 'gas-stations', 'doping', 'commons'])
    for (const preset of EXPERIMENT_PRESETS) {
      expect(readExperimentSpec(preset.spec).ruleSets, preset.name).toHaveLength(preset.spec.ruleSets.length)
      // Every rule set names its game, so that a reader of the preset need not know the default.
      const games = new Set(preset.spec.ruleSets.map((r) => r.game))
      expect([...games], preset.name).toHaveLength(1)
      const game = [...games][0]!
      for (const id of preset.spec.players) expect(findClassic(id, game), `${preset.name}: ${id} plays the ${game}`).toBeDefined()
      expect(preset.expected.length, preset.name).toBeGreaterThan(20)
      expect(findPreset(preset.name)).toBe(preset)
    }
  })

  it('set fines and alignment that make cooperation dominant: p × f > T − R, T − a(T − S)/2 < R', () => {
    const rules = (name: string, k: number) => makeRules(findPreset(name)!.spec.ruleSets[k]!.rules as RulesInput)
    for (const [name, k] of [['referee', 1], ['doping', 1]] as const) {
      const r = rules(name, k)
      expect(r.referee!.detection * r.referee!.fine, name).toBeGreaterThan(r.payoffs.T - r.payoffs.R)
    }
    const aligned = rules('aligned-rewards', 1)
    const { R, S, T } = aligned.payoffs
    expect(T - (aligned.align * (T - S)) / 2).toBeLessThan(R)
  })
})

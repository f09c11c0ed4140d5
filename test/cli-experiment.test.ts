/**
 * `arena experiment`, end to end through the real binary and the QuickJS
 * sandbox: every preset of the dilemma shows the outcome docs/cli.md states
 * for it, a SPEC file plays each rule set as `arena tournament` would with
 * the same seed, and every mistake in a SPEC file is one line. The commons'
 * experiments are in cli-experiment-commons.test.ts.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNodeRunner } from '../sandbox/node'
import type { SandboxRunner } from '../sandbox/runner'
import { classicAsSource, findClassic } from '../src/classics'
import type { DilemmaRuleSetResult, ExperimentResult } from '../src/engine/experiment'
import { playMatch } from '../src/engine/match'
import { EXPERIMENT_PRESETS, findPreset } from '../src/engine/presets'
import type { Rules } from '../src/engine/types'
import { ROOT, arena, expectOneErrorLine } from './helpers/cli'

const FIXTURES = `${ROOT}test/fixtures/cli`

type DilemmaExperiment = ExperimentResult<DilemmaRuleSetResult>

/** Each preset's --json result, played once and shared by the tests that read it. */
const played = new Map<string, Promise<ExperimentResult>>()
function playedPreset(name: string): Promise<ExperimentResult> {
  let result = played.get(name)
  if (!result) {
    result = arena(['experiment', '--preset', name, '--json']).then((run) => {
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      return JSON.parse(run.stdout) as ExperimentResult
    })
    played.set(name, result)
  }
  return result
}

/** A preset of the dilemma, as played by the CLI. */
const preset = (name: string) => playedPreset(name) as Promise<DilemmaExperiment>

/** The same field and rules as `arena tournament` (rules without mechanisms only: the tournament has no flags for them). */
async function tournament(players: readonly string[], rules: Rules, seed: number, repetitions: number) {
  const { R, S, T, P } = rules.payoffs
  const length = rules.turns === null ? ['--continuation', String(rules.continuation)] : ['--turns', String(rules.turns)]
  const run = await arena(['tournament', ...players, ...length, '--payoffs', `${R},${S},${T},${P}`, '--noise', String(rules.noise), '--seed', String(seed), '--repetitions', String(repetitions), '--json'])
  expect(run.code).toBe(0)
  return JSON.parse(run.stdout) as {
    standings: { id: string; medianScore: number }[]
    behaviour: { id: string; nice: boolean | null; retaliating: boolean | null }[]
  }
}

/** The winner's behaviour in the same tournament, played by `arena tournament`: the ranking must be the same. */
async function winnerBehaviour(result: DilemmaExperiment, k: number) {
  const ruleSet = result.ruleSets[k]!
  const t = await tournament(result.players.map((p) => p.id), ruleSet.rules, result.seed, result.repetitions)
  expect(t.standings).toEqual(ruleSet.standings)
  return t.behaviour.find((b) => b.id === ruleSet.winner.id)!
}

/** The winner's share of C moves: 0 means it defected in every round of every match. */
const winnerCooperation = (s: DilemmaRuleSetResult) => s.standings[0]!.cooperationRate

describe.concurrent('arena experiment --preset: the expected outcomes', { timeout: 120_000 }, () => {
  it('one-shot-vs-repeated: defectors top the one-shot field, a nice retaliating strategy the 200-round field', async () => {
    const result = await preset('one-shot-vs-repeated')
    const [once, repeated] = result.ruleSets as [DilemmaRuleSetResult, DilemmaRuleSetResult]
    expect(once.rules.turns).toBe(1)
    expect(repeated.rules.turns).toBe(200)
    expect(winnerCooperation(once)).toBe(0)
    expect(once.verdict.code).toBe('real-dilemma')
    expect(repeated.verdict.code).toBe('dilemma-with-future')
    const behaviour = await winnerBehaviour(result, 1)
    expect(behaviour.nice).toBe(true)
    expect(behaviour.retaliating).toBe(true)
  })

  it('referee: p × f > T − R makes cooperation dominant, and cooperation and welfare rise', async () => {
    const result = await preset('referee')
    const [before, after] = result.ruleSets as [DilemmaRuleSetResult, DilemmaRuleSetResult]
    const { fine, detection } = after.rules.referee!
    expect(detection * fine).toBeGreaterThan(after.rules.payoffs.T - after.rules.payoffs.R)
    expect(before.verdict.code).toBe('dilemma-with-future')
    expect(after.verdict.code).toBe('not-a-dilemma')
    expect(after.dilemmaTest.classification.kind).toBe('harmony')
    expect(after.cooperation).toBeGreaterThan(before.cooperation + 0.1)
    expect(after.welfare!).toBeGreaterThan(before.welfare! + 0.05)
  })

  it('aligned-rewards: the same effect through a', async () => {
    const result = await preset('aligned-rewards')
    const [before, after] = result.ruleSets as [DilemmaRuleSetResult, DilemmaRuleSetResult]
    expect(before.rules.align).toBe(0)
    expect(after.rules.align).toBeGreaterThan(0)
    expect(after.rules.referee).toBeNull()
    expect(before.verdict.code).toBe('dilemma-with-future')
    expect(after.verdict.code).toBe('not-a-dilemma')
    expect(after.dilemmaTest.classification.kind).toBe('harmony')
    expect(after.cooperation).toBeGreaterThan(before.cooperation + 0.1)
    expect(after.welfare!).toBeGreaterThan(before.welfare! + 0.05)
  })

  it('cheap-talk: welfare and cooperation stay where they were, although one strategy lies', async () => {
    const result = await preset('cheap-talk')
    const [silent, talk] = result.ruleSets as [DilemmaRuleSetResult, DilemmaRuleSetResult]
    expect(silent.rules.cheapTalk).toBe(false)
    expect(talk.rules.cheapTalk).toBe(true)
    expect(result.players.map((p) => p.id)).toContain('sweet-talker')
    expect(Math.abs(talk.welfare! - silent.welfare!)).toBeLessThan(0.01)
    expect(Math.abs(talk.cooperation - silent.cooperation)).toBeLessThan(0.01)
    expect(talk.verdict.code).toBe(silent.verdict.code)
  })

  it('cheap-talk: Sweet Talker really announces C and defects, and Trust But Verify stops listening', async () => {
    const runner: SandboxRunner = await createNodeRunner()
    try {
      const source = (id: string) => classicAsSource(findClassic(id)!)
      const m = await playMatch(runner, source('sweet-talker'), source('trust-but-verify'), { rules: { turns: 6, cheapTalk: true }, seed: 1 })
      expect(m.faultCounts).toEqual([0, 0])
      expect(m.announcements).toEqual(['CCCCCC', 'CDDDDD'])
      expect(m.moves).toEqual(['DDDDDD', 'CDDDDD'])
    } finally {
      runner.dispose()
    }
  })

  it('gas-stations: a real dilemma for one day; meeting every day, a dilemma with a future where cooperation and welfare rise', async () => {
    const result = await preset('gas-stations')
    const [oneDay, everyDay] = result.ruleSets as [DilemmaRuleSetResult, DilemmaRuleSetResult]
    expect(oneDay.rules.payoffs).toEqual(everyDay.rules.payoffs)
    expect(oneDay.verdict.code).toBe('real-dilemma')
    expect(everyDay.verdict.code).toBe('dilemma-with-future')
    expect(everyDay.rules.continuation).toBeGreaterThanOrEqual(everyDay.dilemmaTest.threshold!)
    expect(winnerCooperation(oneDay)).toBe(0)
    expect(everyDay.cooperation).toBeGreaterThan(oneDay.cooperation)
    expect(everyDay.welfare!).toBeGreaterThan(oneDay.welfare!)
    expect((await winnerBehaviour(result, 1)).nice).toBe(true)
  })

  it('doping: tests make staying clean dominant, and cooperation and welfare rise', async () => {
    const result = await preset('doping')
    const [noTests, tests] = result.ruleSets as [DilemmaRuleSetResult, DilemmaRuleSetResult]
    expect(noTests.verdict.code).toBe('real-dilemma')
    expect(tests.verdict.code).toBe('not-a-dilemma')
    expect(tests.dilemmaTest.classification.kind).toBe('harmony')
    expect(tests.cooperation).toBeGreaterThan(noTests.cooperation + 0.1)
    expect(tests.welfare!).toBeGreaterThan(noTests.welfare!)
  })

  it('shows the rule sets side by side, then the rank moves, then what was expected', async () => {
    const [run, result] = await Promise.all([arena(['experiment', '--preset', 'doping']), preset('doping')])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    const sets = result.ruleSets
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`
    const row = (label: string, cells: string[]) => new RegExp(`^${label} +${cells.map((c) => c.replace(/[.+]/g, '\\$&')).join(' +')}$`, 'm')
    expect(run.stdout).toMatch(/^preset: doping: /)
    expect(run.stdout).toMatch(row('', sets.map((s) => s.name)))
    expect(run.stdout).toMatch(row('cooperation', sets.map((s) => pct(s.cooperation))))
    expect(run.stdout).toMatch(row('welfare', sets.map((s) => pct(s.welfare!))))
    expect(run.stdout).toMatch(row('winner', sets.map((s) => s.winner.id)))
    expect(run.stdout).toMatch(row('verdict', sets.map((s) => s.verdict.code)))
    expect(run.stdout).toMatch(/^survivors +\S+ \d+\.\d% +\S+ \d+\.\d%$/m)
    expect(run.stdout).toMatch(/^rank moves \(rank under each rule set; in brackets the move against no-tests, \+ is up\):$/m)
    for (const m of sets[1]!.rankMoves) {
      const moved = m.moved > 0 ? `\\+${m.moved}` : m.moved < 0 ? `-${-m.moved}` : '='
      expect(run.stdout).toMatch(new RegExp(`^${m.id} +${m.firstRank} +${m.rank} \\(${moved}\\)$`, 'm'))
    }
    expect(run.stdout).toContain(`  doping-tests: ${sets[1]!.verdict.text}`)
    expect(run.stdout).toContain(`expected: ${findPreset('doping')!.expected}`)
  })
})

describe.concurrent('arena experiment with a SPEC file', { timeout: 120_000 }, () => {
  /** A fresh directory holding spec.json (and any other files given); returns its path. */
  function specDir(spec: unknown, more: Record<string, string> = {}): string {
    const dir = mkdtempSync(join(tmpdir(), 'arena-experiment-'))
    writeFileSync(join(dir, 'spec.json'), typeof spec === 'string' ? spec : JSON.stringify(spec))
    for (const [name, from] of Object.entries(more)) {
      mkdirSync(join(dir, name, '..'), { recursive: true })
      copyFileSync(from, join(dir, name))
    }
    return dir
  }

  it('plays each rule set as `arena tournament` does with the same seed', async () => {
    const players = ['tit-for-tat', 'defector', 'grudger', 'random']
    const ruleSets = [
      { name: 'quiet', game: 'dilemma', rules: { turns: 20 } },
      { name: 'noisy', rules: { turns: 20, noise: 0.05, payoffs: '4,0,6,1' } },
    ]
    const dir = specDir({ players, seed: 9, repetitions: 2, ruleSets })
    const run = await arena(['experiment', join(dir, 'spec.json'), '--json'])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    const result = JSON.parse(run.stdout) as DilemmaExperiment
    expect(result.format).toBe('dilemma-arena/experiment@1')
    expect(result).toMatchObject({ seed: 9, repetitions: 2, players: players.map((id) => ({ id })) })
    expect(result.ruleSets.map((s) => [s.name, s.game, s.finalStock])).toEqual([
      ['quiet', 'dilemma', null],
      ['noisy', 'dilemma', null],
    ])
    for (const s of result.ruleSets) expect(s.standings).toEqual((await tournament(players, s.rules, 9, 2)).standings)
  })

  it('reads files relative to the SPEC file and labels them as written', async () => {
    const dir = specDir(
      { players: ['bots/mine.js', 'tit-for-tat'], repetitions: 1, ruleSets: [{ name: 'short', rules: { turns: 5 } }] },
      { 'bots/mine.js': `${FIXTURES}/good.js` },
    )
    const run = await arena(['experiment', join(dir, 'spec.json'), '--json'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).players.map((p: { id: string }) => p.id)).toEqual(['bots/mine.js', 'tit-for-tat'])
  })

  it('says in one line what is wrong with a SPEC file', async () => {
    const good = { players: ['tit-for-tat', 'defector'], ruleSets: [{ name: 'x', rules: { turns: 5 } }] }
    const cases: [unknown, RegExp][] = [
      ['{ "players": [', /spec\.json: not valid JSON: /],
      [{ ...good, players: ['tit-for-tatt', 'defector'] }, /spec\.json: "tit-for-tatt" is neither a file nor a built-in strategy \(did you mean "tit-for-tat"\?\)/],
      [{ ...good, players: ['./missing.js', 'defector'] }, /spec\.json: no such file: \.\/missing\.js$/],
      [{ ...good, ruleSets: [{ name: 'x', rules: { turns: 0 } }] }, /spec\.json: ruleSets\[0\] \("x"\)\.rules: turns must be a whole number from 1 to 10000$/],
      [{ ...good, ruleSets: [{ name: 'x', rules: { referee: { fine: 3, detection: 2 } } }] }, /spec\.json: ruleSets\[0\] \("x"\)\.rules: referee\.detection must be a probability/],
      [{ ...good, ruleSets: [{ name: 'x' }, { name: 'y', game: 'commons' }] }, /spec\.json: ruleSets\[1\] \("y"\) plays the commons but ruleSets\[0\] \("x"\) plays the dilemma: /],
      [{ ...good, ruleSets: [{ name: 'x', rules: { quota: 10 } }] }, /spec\.json: ruleSets\[0\] \("x"\)\.rules\.quota is a rule of the commons; this rule set plays the dilemma/],
      [{ ...good, ruleSets: [{ name: 'x' }, { name: 'x' }] }, /spec\.json: rule set names must be unique: "x" appears more than once$/],
      [{ ...good, ruleset: [] }, /spec\.json: the experiment has an unknown field "ruleset"; the fields are players, seed, repetitions, ruleSets$/],
      [[1, 2], /spec\.json: an experiment must be a JSON object/],
    ]
    const runs = await Promise.all(cases.map(([spec]) => arena(['experiment', join(specDir(spec), 'spec.json')])))
    runs.forEach((run, i) => expectOneErrorLine(run, 2, cases[i]![1]))
  })

  it('refuses a strategy file that does not load, with exit code 1', async () => {
    const dir = specDir({ players: ['broken.js', 'defector'], ruleSets: [{ name: 'x' }] }, { 'broken.js': `${FIXTURES}/syntax-error.js` })
    expectOneErrorLine(await arena(['experiment', join(dir, 'spec.json')]), 1, /spec\.json: broken\.js: line 4, column \d+: SyntaxError: /)
  })

  it('refuses a bad command line', async () => {
    const dir = specDir({ players: ['tit-for-tat', 'defector'], ruleSets: [{ name: 'x' }] })
    const [none, both, two, missing, unknown] = await Promise.all([
      arena(['experiment']),
      arena(['experiment', join(dir, 'spec.json'), '--preset', 'referee']),
      arena(['experiment', join(dir, 'spec.json'), join(dir, 'spec.json')]),
      arena(['experiment', join(dir, 'nope.json')]),
      arena(['experiment', '--preset', 'refere']),
    ])
    expectOneErrorLine(none, 2, /needs a SPEC file \(JSON\) or --preset NAME; "arena experiment --preset" lists the presets$/)
    expectOneErrorLine(both, 2, /give a SPEC file or --preset NAME, not both/)
    expectOneErrorLine(two, 2, /takes one SPEC file, got 2$/)
    expectOneErrorLine(missing, 2, /no such file: .*nope\.json$/)
    expectOneErrorLine(unknown, 2, /unknown preset "refere" \(did you mean "referee"\?\); "arena experiment --preset" lists them$/)
  })

  it('lists the presets with their expected outcomes', async () => {
    const [text, json, help] = await Promise.all([
      arena(['experiment', '--preset']),
      arena(['experiment', '--preset', '--json']),
      arena(['experiment', '--help']),
    ])
    expect(text.code).toBe(0)
    for (const p of EXPERIMENT_PRESETS) {
      expect(text.stdout).toContain(`${p.name}: ${p.title}`)
      expect(text.stdout).toContain(`  expected: ${p.expected}`)
      expect(help.stdout).toContain(p.name)
    }
    expect(JSON.parse(json.stdout).map((p: { name: string }) => p.name)).toEqual(EXPERIMENT_PRESETS.map((p) => p.name))
  })
})

describe("the presets' players", () => {
  let runner: SandboxRunner
  beforeAll(async () => {
    runner = await createNodeRunner()
  })
  afterAll(() => runner?.dispose())

  it('name only built-ins that load (the dilemma\'s; the commons preset\'s are played by cli-experiment-commons.test.ts)', async () => {
    const ids = new Set(EXPERIMENT_PRESETS.filter((p) => p.spec.ruleSets[0]!.game !== 'commons').flatMap((p) => p.spec.players))
    for (const id of ids) {
      const m = await playMatch(runner, classicAsSource(findClassic(id)!), classicAsSource(findClassic('tit-for-tat')!), { rules: { turns: 3 }, seed: 1 })
      expect(m.faultCounts, id).toEqual([0, 0])
    }
  })
})

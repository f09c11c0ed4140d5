/**
 * `arena experiment` with rule sets of the commons, end to end through the
 * real binary and the sandbox's group runner; what is refused before
 * anything is played is tested at the end.
 *
 * The sandbox must give exactly what the plain-JS runner of the engine tests
 * gives (the classics are the same code, the view is the contract of
 * src/engine/commons/types.ts), so the `commons` preset's JSON is compared
 * with the engine's, played with that runner, byte for byte.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { classicAsSource, findClassic } from '../src/classics'
import { runExperiment, type CommonsRuleSetResult, type ExperimentResult } from '../src/engine/experiment'
import { findPreset } from '../src/engine/presets'
import { ScriptedGroupRunner } from './helpers/commons-runner'
import { ROOT, arena, expectOneErrorLine } from './helpers/cli'

const FIXTURES = `${ROOT}test/fixtures/cli/commons`
const PRESET = findPreset('commons')!

/** A fresh directory holding spec.json (and any other files given); returns the SPEC file's path. */
function specFile(spec: unknown, more: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'arena-experiment-commons-'))
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec))
  for (const [name, from] of Object.entries(more)) copyFileSync(from, join(dir, name))
  return join(dir, 'spec.json')
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`
/** A row of the side-by-side table: the label, then one cell per rule set. */
const row = (label: string, cells: string[]) => new RegExp(`^${label} +${cells.map((c) => c.replace(/[.+()]/g, '\\$&')).join(' +')}$`, 'm')

describe.concurrent('arena experiment --preset commons, in the sandbox', { timeout: 120_000 }, () => {
  it('--json is the experiment the engine plays with the plain-JS runner, and shows the collapse and the recovery', async () => {
    const run = await arena(['experiment', '--preset', 'commons', '--json'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const players = PRESET.spec.players.map((id) => ({ ...classicAsSource(findClassic(id, 'commons')!), id }))
    const expected = await runExperiment(new ScriptedGroupRunner(), { ...PRESET.spec, players })
    expect(run.stdout).toBe(JSON.stringify(expected) + '\n')

    const result = JSON.parse(run.stdout) as ExperimentResult<CommonsRuleSetResult>
    const [none, referee, quota] = result.ruleSets
    expect(result.ruleSets.map((s) => [s.name, s.game])).toEqual([
      ['no-mechanism', 'commons'],
      ['referee', 'commons'],
      ['quota', 'commons'],
    ])
    expect(none!.collapsed).toBe(1)
    expect(none!.finalStock).toBe(0)
    for (const s of [referee!, quota!]) {
      expect(s.collapsed, s.name).toBe(0)
      expect(s.finalStock, s.name).toBeGreaterThan(s.rules.maxStock / 2)
      expect(s.welfare!, s.name).toBeGreaterThan(0.8)
      expect(s.cooperation, s.name).toBe(1)
    }
    for (const s of result.ruleSets) expect(s.standings.every((x) => x.faults === 0), s.name).toBe(true)
  })

  it('shows the rule sets side by side with the final stock and the stock over time, then what was expected', async () => {
    const [run, json] = await Promise.all([arena(['experiment', '--preset', 'commons']), arena(['experiment', '--preset', 'commons', '--json'])])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    const sets = (JSON.parse(json.stdout) as ExperimentResult<CommonsRuleSetResult>).ruleSets
    const out = run.stdout
    expect(out).toMatch(/^preset: commons: /)
    expect(out).toMatch(/^experiment: 7 players, 3 rule sets, 3 repetitions$/m)
    expect(out).toMatch(/^ {2}referee +200 rounds, .*, groups of 7; mechanisms: referee \(fine 30, detected with probability 0\.9, destroyed\)$/m)
    expect(out).toMatch(/^ {2}quota +200 rounds, .*, groups of 7; mechanisms: quota 10$/m)
    expect(out).toMatch(row('', sets.map((s) => s.name)))
    expect(out).toMatch(row('cooperation', sets.map((s) => pct(s.cooperation))))
    expect(out).toMatch(row('welfare', sets.map((s) => pct(s.welfare!))))
    expect(out).toMatch(row('final stock', sets.map((s) => `${s.finalStock.toFixed(1)} of 1000`)))
    expect(out).toMatch(row('collapsed', sets.map((s) => `${pct(s.collapsed)} of ${s.groups} groups`)))
    expect(out).toMatch(row('winner', sets.map((s) => s.winner.id)))
    expect(out).toMatch(row('verdict', sets.map((s) => s.verdict.code)))
    // The commons has no ecology: no survivors row.
    expect(out).not.toMatch(/^survivors/m)
    // The stock over time: the collapsed one ends blank, the others stay high.
    expect(out).toMatch(/^ {2}no-mechanism +\|[▁▂▃▄▅▆▇█]* +\| +end 0\.0$/m)
    expect(out).toMatch(/^ {2}referee +\|█[▆▇█]+\| +end \d+\.\d$/m)
    expect(out).toMatch(/^ {2}quota +\|█[▆▇█]+\| +end \d+\.\d$/m)
    expect(out).toContain(`  quota: ${sets[2]!.verdict.text}`)
    expect(out).toContain(`expected: ${PRESET.expected}`)
  })

  it('plays each rule set of a SPEC file as `arena tournament --game commons` does with the same seed', async () => {
    const players = ['restrained', 'greedy', 'grim-trigger', 'half-share.js']
    const ruleSets = [
      { name: 'open', game: 'commons', rules: { turns: 30, group: 3 } },
      { name: 'quota', game: 'commons', rules: { turns: 30, group: 3, quota: 15 } },
    ]
    const spec = specFile({ players, seed: 5, repetitions: 2, ruleSets }, { 'half-share.js': `${FIXTURES}/half-share.js` })
    const run = await arena(['experiment', spec, '--json'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout) as ExperimentResult<CommonsRuleSetResult>
    expect(result.players.map((p) => p.id)).toEqual(players)
    expect(result.ruleSets.map((s) => [s.name, s.group, s.groups])).toEqual([
      ['open', 3, 8],
      ['quota', 3, 8],
    ])
    const tournaments = await Promise.all(
      [[], ['--quota', '15']].map((quota) =>
        // Run from the SPEC file's directory, so that the file has the same label in both.
        arena(['tournament', '--game', 'commons', ...players, '--group', '3', '--repetitions', '2', '--turns', '30', '--seed', '5', ...quota, '--json'], dirname(spec)),
      ),
    )
    tournaments.forEach((t, k) => {
      expect(t.code).toBe(0)
      const commons = JSON.parse(t.stdout) as { standings: unknown[]; welfare: number; finalStock: number }
      const set = result.ruleSets[k]!
      expect(set.standings).toEqual(commons.standings)
      expect([set.welfare, set.finalStock]).toEqual([commons.welfare, commons.finalStock])
    })
  })
})

describe.concurrent('arena experiment: commons mistakes, refused before anything is played', () => {
  it('says in one line what is wrong with a commons rule set', async () => {
    const good = { players: ['restrained', 'greedy'], ruleSets: [{ name: 'c', game: 'commons' }] }
    const cases: [unknown, RegExp][] = [
      [{ ...good, ruleSets: [{ name: 'c', game: 'commons', rules: { group: 3 } }] }, /spec\.json: ruleSets\[0\] \("c"\)\.rules\.group: groups of 3 need at least 3 players, got 2$/],
      [{ ...good, ruleSets: [{ name: 'c', game: 'commons', rules: { payoffs: '3,0,5,1' } }] }, /spec\.json: ruleSets\[0\] \("c"\)\.rules\.payoffs is a rule of the dilemma; this rule set plays the commons/],
      [{ ...good, ruleSets: [{ name: 'c', game: 'commons', rules: { quota: 500 } }] }, /spec\.json: ruleSets\[0\] \("c"\)\.rules: quota must be a number from 0 to maxRequest \(100\), or null for none$/],
      [{ ...good, ruleSets: [{ name: 'c', game: 'commons' }, { name: 'd', game: 'dilemma' }] }, /spec\.json: ruleSets\[1\] \("d"\) plays the dilemma but ruleSets\[0\] \("c"\) plays the commons: /],
    ]
    const runs = await Promise.all(cases.map(([spec]) => arena(['experiment', specFile(spec)])))
    runs.forEach((run, i) => expectOneErrorLine(run, 2, cases[i]![1]))
  })
})

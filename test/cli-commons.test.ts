/**
 * `arena ... --game commons` end to end with the real binary and the
 * sandbox's group runner (everything around playing is tested in
 * cli-commons-command.test.ts and cli-commons-rules.test.ts), and
 * `arena check` of a module that declares the commons.
 *
 * The sandbox must give exactly what the plain-JS runner of the engine
 * tests gives: the classics are the same code, the view is the contract of
 * src/engine/commons/types.ts, and view.random() is the seat's mulberry32
 * stream in both.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMMONS_CLASSICS, classicAsSource, findClassic } from '../src/classics'
import { commonsJob, makeCommonsRules, playCommonsTournament, playGroup } from '../src/engine/commons'
import { ScriptedGroupRunner } from './helpers/commons-runner'
import { arena, expectOneErrorLine } from './helpers/cli'

const FIXTURES = 'test/fixtures/cli/commons'
const ids = ['restrained', 'greedy', 'grim-trigger', 'random-request']

describe.concurrent('arena --game commons, in the sandbox', () => {
  it('match --json is the group the engine plays with the plain-JS runner', async () => {
    const run = await arena(['match', '--game', 'commons', ...ids, '--turns', '40', '--seed', '3', '--fine', '10', '--detection', '0.5', '--json'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const rules = makeCommonsRules({ turns: 40, referee: { fine: 10, detection: 0.5 } })
    const expected = await playGroup(new ScriptedGroupRunner(), commonsJob(0, [0, 1, 2, 3], ids, rules, 3), ids.map((id) => classicAsSource(findClassic(id)!)))
    expect(run.stdout).toBe(JSON.stringify(expected) + '\n')
  })

  it('match shows the seats and the stock', async () => {
    const run = await arena(['match', '--game', 'commons', 'restrained', 'greedy', '--turns', '20'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^commons: restrained, greedy \(2 players\)$/m)
    expect(run.stdout).toMatch(/^ +1 +restrained +[\d.]+ +[\d.]+ +100\.0% +0 +0$/m)
    expect(run.stdout).toMatch(/^ {2}\|[▁▂▃▄▅▆▇█ ]+\|$/m)
  })

  it('tournament --classics --json is the engine’s commons result', async () => {
    const run = await arena(['tournament', '--game', 'commons', '--classics', '--group', '4', '--repetitions', '1', '--turns', '50', '--seed', '8', '--json'])
    expect(run.code).toBe(0)
    const expected = await playCommonsTournament(new ScriptedGroupRunner(), COMMONS_CLASSICS.map(classicAsSource), { group: 4, repetitions: 1, seed: 8, rules: { turns: 50 } })
    expect(run.stdout).toBe(JSON.stringify(expected) + '\n')
  })

  it('records a throwing file’s faults and refuses one that does not compile', async () => {
    const run = await arena(['match', '--game', 'commons', 'restrained', `${FIXTURES}/thrower.js`, '--turns', '8', '--json'])
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result.faultCounts).toEqual([0, 3])
    expect(result.faults[1].map((f: { kind: string; round: number }) => [f.kind, f.round])).toEqual([['throw', 5], ['throw', 6], ['throw', 7]])
    expect(result.requests[1].slice(5)).toEqual([100, 100, 100])
    expectOneErrorLine(await arena(['match', '--game', 'commons', 'restrained', `${FIXTURES}/broken.js`]), 1, /broken\.js: line \d+, column \d+: SyntaxError/)
  })

  it('check plays a module of the commons in groups with the commons\' built-ins, and lists its faults', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arena-check-commons-'))
    const both = join(dir, 'both.js')
    writeFileSync(both, "export const games = ['dilemma', 'commons']\nexport default (v) => (v.game === 'commons' ? (v.round === 5 ? NaN : v.sustainableShare) : 'C')\n")
    const run = await arena(['check', both])
    expect(run.code).toBe(1)
    // Both games: the dilemma's report, then the commons' section, then one verdict.
    expect(run.stdout).toMatch(/^faults: none$/m)
    expect(run.stdout).toMatch(/^commons: in \d+ groups of 4 with the commons' 9 built-ins, 200 rounds each, seed 1$/m)
    expect(run.stdout).toMatch(/^ {2}invalid-move at round 6: returned NaN/m)
    expect(run.stdout).toMatch(/^check failed: \d+ faults$/m)
    const only = await arena(['check', 'restrained'])
    expect(only.code).toBe(0)
    expect(only.stdout).toContain('plays: the commons only (export const games)')
    expect(only.stdout).not.toMatch(/^profile/m)
    expect(only.stdout).toMatch(/^check passed: no faults$/m)
  })
})

/**
 * `arena ... --game commons` in this process (src/cli/main.ts run), with the
 * plain-JS group runner of the engine tests in place of the sandbox's
 * (src/cli/group-runner.ts is mocked): everything the command line does
 * around playing, checked now. test/cli-commons.test.ts runs the real
 * binary with the sandbox's runner.
 */
import { describe, expect, it, vi } from 'vitest'
import { COMMONS_CLASSICS, classicAsSource, findClassic } from '../src/classics'
import { playCommonsTournament, playGroup, commonsJob, makeCommonsRules } from '../src/engine/commons'
import { run } from '../src/cli/main'
import { ScriptedGroupRunner } from './helpers/commons-runner'

vi.mock('../src/cli/group-runner', () => ({
  createGroupRunner: async () => Object.assign(new ScriptedGroupRunner(), { limits: { sourceBytes: 64 * 1024 }, dispose() {} }),
}))

async function arena(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await run(argv, { out: (t) => void (stdout += t), err: (t) => void (stderr += t), progressStream: null })
  return { code, stdout, stderr }
}

const FIXTURES = 'test/fixtures/cli/commons'
const classic = (id: string) => classicAsSource(findClassic(id, 'commons')!)

describe('arena match --game commons', () => {
  it('plays one group and shows each seat, the stock over time and the welfare', async () => {
    const run = await arena('match', '--game', 'commons', 'restrained', 'greedy', 'grim-trigger', '--turns', '20')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const expected = await playGroup(new ScriptedGroupRunner(), commonsJob(0, [0, 1, 2], ['restrained', 'greedy', 'grim-trigger'], makeCommonsRules({ turns: 20 }), 1), ['restrained', 'greedy', 'grim-trigger'].map(classic))
    expect(run.stdout).toMatch(/^commons: restrained, greedy, grim-trigger \(3 players\)$/m)
    expect(run.stdout).toMatch(/^rules: 20 rounds, capacity 100, stock 1000 of 1000, regrowth 0\.4, collapse below 50, requests up to 100$/m)
    expect(run.stdout).toMatch(/^mechanisms: none$/m)
    expect(run.stdout).toMatch(/^sustainable share: 26\.667 a round each$/m)
    expect(run.stdout).toMatch(new RegExp(`^ +1 +restrained +${expected.scores[0]!.toFixed(1)} +${(expected.scores[0]! / 20).toFixed(3)} +100\\.0% +0 +0$`, 'm'))
    expect(run.stdout).toMatch(/^ +2 +greedy +[\d.]+ +[\d.]+ +0\.0% +0 +0$/m)
    // grim-trigger restrains in round 1 only: 1 of 20.
    expect(run.stdout).toMatch(/^ +3 +grim-trigger +[\d.]+ +[\d.]+ +5\.0% +0 +0$/m)
    expect(run.stdout).toMatch(/^stock at the start of each round \(█ = 1000, one mark per round\):$/m)
    expect(run.stdout).toMatch(/^ {2}\|[▁▂▃▄▅▆▇█ ]{21}\|$/m)
    expect(run.stdout).toMatch(/^ {2}round 1: 1000\.0 {2}round 6: .* end: 0\.0 {2}\(collapsed after round \d+\)$/m)
    expect(run.stdout).toMatch(/^welfare: [\d.]+% of the sustainable optimum \(80\.000 a round for the group\)$/m)
    expect(run.stdout).toMatch(/^faults: none$/m)
  })

  it('--json is the GroupResult; a name given twice takes two seats', async () => {
    const run = await arena('match', '--game', 'commons', 'restrained', 'restrained', `${FIXTURES}/half-share.js`, '--turns', '5', '--seed', '9', '--quota', '30', '--json')
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result.players).toEqual(['restrained', 'restrained#2', `${FIXTURES}/half-share.js`])
    expect(result).toMatchObject({ index: 0, seed: 9, rounds: 5, rules: { quota: 30, turns: 5 } })
    expect(result.requests[2]).toEqual([40 / 3, 40 / 3, 40 / 3, 40 / 3, 40 / 3])
    expect(result.stock).toHaveLength(6)
  })

  it('reports faults, and refuses a file that does not load, a player of the dilemma, or a bad group', async () => {
    const faulty = await arena('match', '--game', 'commons', 'restrained', `${FIXTURES}/thrower.js`, '--turns', '8')
    expect(faulty.code).toBe(0)
    expect(faulty.stdout).toMatch(/^faults \(each played as the greediest request\):$/m)
    expect(faulty.stdout).toMatch(/^ {2}2 test\/fixtures\/cli\/commons\/thrower\.js: 3 faults$/m)
    const broken = await arena('match', '--game', 'commons', 'restrained', `${FIXTURES}/broken.js`)
    expect(broken.code).toBe(1)
    expect(broken.stderr).toMatch(/^arena: test\/fixtures\/cli\/commons\/broken\.js: /)
    const dilemma = await arena('match', '--game', 'commons', 'restrained', 'tit-for-tat')
    expect(dilemma.code).toBe(2)
    expect(dilemma.stderr).toBe('arena: "tit-for-tat" is a built-in strategy of the dilemma, not the commons\n')
    const typo = await arena('match', '--game', 'commons', 'restraind', 'greedy')
    expect(typo.stderr).toMatch(/neither a file nor a built-in strategy \(did you mean "restrained"\?\); "arena list --game commons" shows the built-ins/)
    const alone = await arena('match', '--game', 'commons', 'greedy')
    expect(alone.code).toBe(2)
    expect(alone.stderr).toMatch(/needs 2 to 16 players \(got 1\)/)
    const noise = await arena('match', '--game', 'commons', 'greedy', 'restrained', '--noise', '0.1')
    expect(noise.stderr).toMatch(/^arena: unknown option --noise for "arena match --game commons"/)
  })
})

describe('arena tournament --game commons', () => {
  it('--classics plays the commons’ built-ins only, as the engine would', async () => {
    const run = await arena('tournament', '--game', 'commons', '--classics', '--group', '3', '--repetitions', '1', '--turns', '30', '--seed', '4', '--json')
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    const expected = await playCommonsTournament(new ScriptedGroupRunner(), COMMONS_CLASSICS.map(classicAsSource), { group: 3, repetitions: 1, seed: 4, rules: { turns: 30 } })
    expect(result).toEqual(JSON.parse(JSON.stringify(expected)))
    expect(result.format).toBe('dilemma-arena/commons@1')
    expect(result.players.map((p: { id: string }) => p.id)).toEqual(COMMONS_CLASSICS.map((c) => c.id))
  })

  it('shows the standings, welfare, final stock and the mean stock curve', async () => {
    const run = await arena('tournament', '--game', 'commons', 'restrained', 'greedy', 'conditional-cooperator', 'stock-fraction', '--group', '2', '--repetitions', '2', '--fine', '40', '--detection', '0.5')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^commons tournament: 4 players, groups of 2, 2 repetitions \(12 groups, every combination\)$/m)
    expect(run.stdout).toMatch(/^mechanisms: referee \(fine 40, detected with probability 0\.5, destroyed\)$/m)
    expect(run.stdout).toMatch(/^rank +player +per round +groups +restrained +fined +faults$/m)
    expect(run.stdout).toMatch(/^ {3}1 +restrained +[\d.]+ +6 +100\.0% +0 +0$/m)
    expect(run.stdout).toMatch(/^ {3}4 +greedy +-?[\d.]+ +6 +0\.0% +\d+ +0$/m)
    expect(run.stdout).toMatch(/^welfare: -?[\d.]+% of the sustainable optimum \(mean over the groups\)$/m)
    expect(run.stdout).toMatch(/^final stock: [\d.]+ of 1000 \(mean\); [\d.]+% of the groups collapsed$/m)
    expect(run.stdout).toMatch(/^stock, mean over the groups \(█ = 1000, one mark per 5 rounds\):$/m)
  })

  it('refuses what cannot make groups', async () => {
    expect((await arena('tournament', '--game', 'commons', 'greedy', 'restrained', '--group', '3')).stderr).toBe('arena: groups of 3 need at least 3 players, got 2\n')
    expect((await arena('tournament', '--game', 'commons', 'greedy', 'restrained', '--group', '17')).stderr).toMatch(/--group must be a whole number from 2 to 16, got 17/)
    const big = await arena('tournament', '--game', 'commons', '--classics', '--group', '2', '--repetitions', '1000')
    expect(big.code).toBe(2)
    expect(big.stderr).toMatch(/36000 groups is more than a schedule may hold/)
    expect((await arena('tournament', '--game', 'commons', 'tit-for-tat', 'greedy')).stderr).toMatch(/"tit-for-tat" is a built-in strategy of the dilemma/)
  })
})

describe('the dilemma is unchanged by --game', () => {
  it('--classics and list stay the dilemma’s, and a commons built-in is pointed to --game commons', async () => {
    const list = await arena('list', '--json')
    const ids = JSON.parse(list.stdout).map((c: { id: string }) => c.id)
    expect(ids).toContain('tit-for-tat')
    expect(ids).not.toContain('greedy')
    const commons = JSON.parse((await arena('list', '--game', 'commons', '--json')).stdout)
    expect(commons.map((c: { id: string }) => c.id)).toEqual(COMMONS_CLASSICS.map((c) => c.id))
    expect(commons.every((c: { games: string[] }) => c.games.includes('commons'))).toBe(true)
    const wrong = await arena('match', 'tit-for-tat', 'greedy')
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toBe('arena: "greedy" is a built-in strategy of the commons: add --game commons\n')
    expect((await arena('rules', '--game', 'both')).stderr).toBe('arena: --game must be dilemma or commons, got "both"\n')
  })
})

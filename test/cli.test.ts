/**
 * The `arena` command line, end to end: each test spawns the real bin
 * (node bin/arena.mjs) and checks its real output and exit code.
 * Tests run concurrently: each is one or two short processes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createNodeRunner } from '../sandbox/node'
import { classicAsSource, findClassic } from '../src/classics'
import { aggregateTournament } from '../src/engine/aggregate'
import { classifyGame } from '../src/engine/classify'
import { playMatch } from '../src/engine/match'
import { playJob, type JobResult } from '../src/engine/play-job'
import { scheduleTournament } from '../src/engine/schedule'
import { ROOT, arena, expectOneErrorLine } from './helpers/cli'

const FIXTURES = 'test/fixtures/cli'

describe.concurrent('arena match', () => {
  it('shows both move strings, scores and the seed (tit-for-tat vs alternator, 10 turns)', async () => {
    const run = await arena(['match', 'tit-for-tat', 'alternator', '--turns', '10'])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    expect(run.stdout).toMatch(/^ {2}tit-for-tat {2}CCDCDCDCDC$/m)
    expect(run.stdout).toMatch(/^ {2}alternator {3}CDCDCDCDCD$/m)
    expect(run.stdout).toMatch(/^ {2}tit-for-tat +23 +2\.300 /m)
    expect(run.stdout).toMatch(/^ {2}alternator +28 +2\.800 /m)
    expect(run.stdout).toMatch(/^seed: 1$/m)
    expect(run.stdout).toMatch(/^faults: none$/m)
    expect(run.stdout).not.toMatch(/warning/)
  })

  it('--json gives the documented shape, players labelled as given', async () => {
    const run = await arena(['match', 'tit-for-tat', 'alternator', '--turns', '10', '--json'])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    const result = JSON.parse(run.stdout)
    expect(result).toMatchObject({
      players: ['tit-for-tat', 'alternator'],
      seed: 1,
      turns: 10,
      moves: ['CCDCDCDCDC', 'CDCDCDCDCD'],
      scores: [23, 28],
      faults: [[], []],
      flips: [[], []],
      rules: { payoffs: { R: 3, S: 0, T: 5, P: 1 }, turns: 10, continuation: null, noise: 0 },
      classification: { kind: 'prisoners-dilemma', dilemma: true },
    })
  })

  it('--json is byte-identical for the same seed and differs for another seed', async () => {
    const args = ['match', 'random', 'joss', '--turns', '60', '--noise', '0.1', '--json']
    const [first, again, other] = await Promise.all([
      arena([...args, '--seed', '42']),
      arena([...args, '--seed', '42']),
      arena([...args, '--seed', '43']),
    ])
    expect(first.code).toBe(0)
    expect(again.stdout).toBe(first.stdout)
    expect(other.stdout).not.toBe(first.stdout)
    expect(JSON.parse(first.stdout).moves).not.toEqual(JSON.parse(other.stdout).moves)
  })

  it('labels files by the path exactly as given, also from another working directory', async () => {
    const given = `./${FIXTURES}/good.js`
    const run = await arena(['match', given, 'defector', '--turns', '5', '--json'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).players).toEqual([given, 'defector'])

    const absolute = `${ROOT}${FIXTURES}/good.js`
    const elsewhere = await arena(['match', absolute, 'defector', '--turns', '5'], tmpdir())
    expect(elsewhere.code).toBe(0)
    expect(elsewhere.stdout).toContain(`match: ${absolute} vs defector`)
    expect(elsewhere.stdout).toContain(`  ${absolute}  CDDDD`)
  })

  it('shows noise flips, faults, and a warning for payoffs that are not a dilemma', async () => {
    const run = await arena(['match', `${FIXTURES}/faulty.js`, 'defector', '--turns', '12', '--noise', '0.2', '--payoffs', '3,0,2,1'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^warning: the payoffs are not a prisoner's dilemma but stag-hunt: /m)
    expect(run.stdout).toMatch(/^noise flips: /m)
    expect(run.stdout).toMatch(/^ +\^/m)
    expect(run.stdout).toMatch(/^ {4}invalid-move +1 +first at round 3: returned the string "maybe"/m)

    const json = await arena(['match', 'tit-for-tat', 'defector', '--turns', '3', '--payoffs', '3,0,2,1', '--json'])
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout).classification.kind).toBe('stag-hunt')
    expect(json.stderr).toMatch(/^arena: warning: the payoffs are not a prisoner's dilemma/)
  })

  it('--json is the engine\'s match on the runner a tournament uses, also where compiling a module could show', async () => {
    const pairs = [
      [`${FIXTURES}/stateful.js`, `${FIXTURES}/faulty.js`],
      [`${FIXTURES}/top-level-depth.js`, 'cooperator'],
    ] as const
    const source = (f: string) => (f.includes('/') ? { id: f, name: f, source: readFileSync(join(ROOT, f), 'utf8') } : { ...classicAsSource(findClassic(f)!), id: f, name: f })
    const runner = await createNodeRunner()
    try {
      for (const [a, b] of pairs) {
        const run = await arena(['match', a, b, '--turns', '30', '--seed', '7', '--noise', '0.1', '--json'])
        expect(run.code).toBe(0)
        const result = await playMatch(runner, source(a), source(b), { rules: { turns: 30, noise: 0.1 }, seed: 7 })
        expect(run.stdout).toBe(JSON.stringify({ ...result, classification: classifyGame(result.rules.payoffs) }) + '\n')
        if (a.endsWith('stateful.js')) expect(result.faults[0].map((f) => f.message)).toEqual([`line 10, column 29: TypeError: cannot read property 'boom' of null`])
      }
    } finally {
      runner.dispose()
    }
  })

  it('wraps long move strings in blocks of 100 rounds', async () => {
    const run = await arena(['match', 'cooperator', 'defector', '--turns', '250'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`rounds 1-100:\n  cooperator  ${'C'.repeat(100)}\n  defector    ${'D'.repeat(100)}\n`)
    expect(run.stdout).toContain(`rounds 201-250:\n  cooperator  ${'C'.repeat(50)}\n`)
  })

  it('refuses a file that does not load, naming the line of the syntax error', async () => {
    const run = await arena(['match', `${FIXTURES}/syntax-error.js`, 'tit-for-tat'])
    expectOneErrorLine(run, 1, /^arena: test\/fixtures\/cli\/syntax-error\.js: line 4, column \d+: SyntaxError/)
  })
})

describe.concurrent('arena tournament', () => {
  it('ranks defector first among tit-for-tat, defector and cooperator over 10 turns', async () => {
    const run = await arena(['tournament', 'tit-for-tat', 'defector', 'cooperator', '--turns', '10'])
    expect(run.code).toBe(0)
    const ranking = run.stdout
      .split('\n')
      .map((l) => /^\s+(\d+)\s+(\S+)\s+\d+\.\d{3}/.exec(l))
      .filter((m) => m !== null)
      .map((m) => m![2])
    expect(ranking).toEqual(['defector', 'tit-for-tat', 'cooperator'])
    expect(run.stdout).toMatch(/^rank +player +median +mean +wins +coop +faults +nice +retaliating +forgiving$/m)
    expect(run.stdout).toMatch(/^ +1 +defector +3\.200 +3\.200 +10 +0\.0% +0 +no /m)
  })

  it('--json is the engine result with labels as ids, the same for the same seed', async () => {
    const args = ['tournament', 'random', 'tit-for-tat', 'defector', '--turns', '20', '--repetitions', '3', '--json']
    const [a, b] = await Promise.all([arena(args), arena(args)])
    expect(a.code).toBe(0)
    expect(a.stderr).toBe('')
    expect(b.stdout).toBe(a.stdout)
    const result = JSON.parse(a.stdout)
    expect(result.format).toBe('dilemma-arena/tournament@2')
    expect(result.players.map((p: { id: string }) => p.id)).toEqual(['random', 'tit-for-tat', 'defector'])
    expect(result.standings[0]).toHaveProperty('medianScore')
    expect(result.standings[0]).toHaveProperty('meanScore')
    expect(result.payoffMatrix).toHaveLength(3)
    expect(result.pairs).toHaveLength(6)
  })

  it('takes a directory of .js/.mjs files, mixed with built-in names', async () => {
    const dir = `${FIXTURES}/bots`
    const run = await arena(['tournament', dir, 'tit-for-tat', '--turns', '20', '--json'])
    expect(run.code).toBe(0)
    const ids = JSON.parse(run.stdout).players.map((p: { id: string }) => p.id)
    expect(ids).toEqual([`${dir}/always-defect.js`, `${dir}/copycat.mjs`, 'tit-for-tat'])
  })

  it('refuses a directory with a strategy that does not load, before playing', async () => {
    const run = await arena(['tournament', FIXTURES, 'tit-for-tat', '--json'])
    expectOneErrorLine(run, 1, /no-default\.js: the module has no default-exported function.*1 more file does not load/)
  })

  /** What format @2 changed, and nothing else (docs/results.md): the rules' mechanisms, matches' fines and announcements, `game` renamed `classification`. */
  const toFormat2 = ({ game, ...old }: { game: unknown; format: string; rules: object }) => ({
    ...old,
    format: 'dilemma-arena/tournament@2' as string,
    rules: { ...old.rules, referee: null, align: 0, cheapTalk: false },
    classification: game,
  })

  // Recorded before playTournament became schedule + play jobs + aggregate: the split must not change a byte.
  it.each([
    ['builtins-noise', ['random', 'tit-for-tat', 'defector', 'joss', '--turns', '20', '--noise', '0.05', '--repetitions', '3', '--seed', 'hello']],
    ['files-faults-reuse', [`${FIXTURES}/good.js`, `${FIXTURES}/faulty.js`, 'alternator', '--turns', '20']],
  ])('--json is unchanged (%s)', async (name, args) => {
    const run = await arena(['tournament', ...args, '--json'])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(JSON.stringify(toFormat2(JSON.parse(readFileSync(join(ROOT, `test/fixtures/tournament-json/${name}.json`), 'utf8')))) + '\n')
  })

  it('--json is the three engine steps run job by job, one fresh runner per job', async () => {
    const words = ['random', 'tit-for-tat', 'defector', 'joss']
    const run = await arena(['tournament', ...words, '--turns', '20', '--noise', '0.05', '--repetitions', '3', '--seed', 'hello', '--json'])
    const sources = words.map((w) => classicAsSource(findClassic(w)!))
    const schedule = scheduleTournament(sources, { rules: { turns: 20, noise: 0.05 }, repetitions: 3, seed: 'hello' })
    const results: JobResult[] = []
    for (const job of schedule.jobs.slice().reverse()) {
      const runner = await createNodeRunner()
      try {
        results.push(await playJob(runner, job, sources))
      } finally {
        runner.dispose()
      }
    }
    const result = aggregateTournament(schedule, results)
    expect(run.stdout).toBe(JSON.stringify({ ...result, classification: classifyGame(result.rules.payoffs) }) + '\n')
  })
})

// Each plays a whole tournament in its own process, and they run side by side: on a loaded 2-core machine one can take far longer than alone.
describe.concurrent('arena check', { timeout: 120_000 }, () => {
  it('passes a good file and shows its profile', async () => {
    const run = await arena(['check', `${FIXTURES}/good.js`])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^faults: none$/m)
    expect(run.stdout).toMatch(/^ {2}cooperation +\d+\.\d%$/m)
    expect(run.stdout).toMatch(/^ {2}nice +yes/m)
    expect(run.stdout).toMatch(/^ {2}retaliating +yes/m)
    expect(run.stdout).toMatch(/^ {2}forgiving +yes/m)
    expect(run.stdout).toMatch(/^ {2}score +\d\.\d{3} per turn/m)
    expect(run.stdout).toMatch(/^ {2}rank +\d+(st|nd|rd|th) of 51 /m)
    expect(run.stdout).toMatch(/^check passed/m)
    // How close it came to each budget, in an author's units.
    expect(run.stdout).toMatch(/^budgets \(the largest share used in any match\):$/m)
    expect(run.stdout).toMatch(/^ {2}set-up +\d+\.\d% +of about [\d,]+ iterations of a simple loop$/m)
    expect(run.stdout).toMatch(/^ {2}a match +\d+\.\d% +of about [\d,]+ per 200 rounds$/m)
  })

  it('refuses a file over the runner\'s source limit (a byte-order mark does not count)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arena-'))
    const body = "export default () => 'C'\n//"
    const fits = join(dir, 'fits.js')
    writeFileSync(fits, '\ufeff' + body + 'x'.repeat(64 * 1024 - body.length))
    const big = join(dir, 'big.js')
    writeFileSync(big, body + 'x'.repeat(64 * 1024 - body.length + 1))
    expect((await arena(['check', fits])).code).toBe(0)
    expectOneErrorLine(await arena(['check', big]), 1, /big\.js: the file is 65537 bytes; a strategy may be at most 65536 bytes$/)
  })

  it('reports a strategy that outgrows its budgets, with the share it used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arena-'))
    const busy = join(dir, 'busy.js')
    writeFileSync(busy, "export default (v) => { const n = v.round < 3 ? 20000 : 10; let x = 0; for (let i = 0; i < n; i++) x += i; return 'C' }\n")
    const run = await arena(['check', busy])
    expect(run.code).toBe(0)
    const share = (name: string) => Number(new RegExp(`^ {2}${name} +(\\d+\\.\\d)%`, 'm').exec(run.stdout)?.[1])
    // 20,000 iterations is about a third of a move's budget, and three such moves a fifth of a match's.
    expect(share('a move')).toBeGreaterThan(25)
    expect(share('a move')).toBeLessThan(45)
    expect(share('a match')).toBeGreaterThan(15)
  })

  it('refuses a TypeScript file with a hint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arena-'))
    const typed = join(dir, 'typed.ts')
    writeFileSync(typed, "export default function move(view: { round: number }): string { return 'C' }\n")
    expectOneErrorLine(await arena(['check', typed]), 1, /typed\.ts: strategies are JavaScript modules, not TypeScript/)
  })

  it('escapes control characters and bidi overrides in file names and fault messages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arena-'))
    const evil = join(dir, 'evil\u202e\u001b[31m.js')
    writeFileSync(evil, "export default () => { throw new Error('x\\u0085y\\u2066z\\u007f') }\n")
    const run = await arena(['match', evil, 'cooperator', '--turns', '3'])
    expect(run.code).toBe(0)
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
    expect(run.stdout).toContain('evil\\u{202E}\\u{001B}[31m.js')
    expect(run.stdout).toContain('Error: x\\u{0085}y\\u{2066}z\\u{007F}')
    // JSON keeps the text as it is: it escapes what JSON needs, and machines read it.
    const json = await arena(['match', evil, 'cooperator', '--turns', '3', '--json'])
    expect(JSON.parse(json.stdout).players[0]).toBe(evil)
  })

  it('reports a syntax error with its line and exits 1', async () => {
    const run = await arena(['check', `${FIXTURES}/syntax-error.js`])
    expect(run.code).toBe(1)
    expect(run.stdout.trim()).toMatch(/^test\/fixtures\/cli\/syntax-error\.js: line 4, column \d+: SyntaxError: /)
    expect(run.stderr).not.toContain('    at ')
  })

  it('groups faults by kind with the first occurrence and the opponents, and exits 1', async () => {
    const run = await arena(['check', `${FIXTURES}/faulty.js`])
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^ {2}throw +\d+ +\d+ +round 2 vs \S+: line \d+, column \d+: Error: opponent defected$/m)
    // Every one of its matches: 51 pairings (50 built-ins and itself), 5 repetitions.
    expect(run.stdout).toMatch(/^ {2}invalid-move +\d+ +255 +round 3 vs /m)
    expect(run.stdout).toMatch(/^ {2}throw against: itself, adaptive, /m)
    expect(run.stdout).toMatch(/^check failed: \d+ faults$/m)
  })
})

describe.concurrent('help, version and bad input', () => {
  it('prints help and the version', async () => {
    const [help, helpCmd, matchHelp, version] = await Promise.all([
      arena(['--help']),
      arena(['help', 'tournament']),
      arena(['match', '--help']),
      arena(['--version']),
    ])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('arena match A B')
    expect(helpCmd.stdout).toContain('--repetitions K')
    expect(matchHelp.stdout).toContain('--continuation W')
    expect(version.stdout).toMatch(/^arena \d+\.\d+\.\d+\n$/)
  })

  const cases: [string, string[], number, RegExp][] = [
    ['unknown command', ['mach'], 2, /unknown command "mach" \(did you mean "match"\?\).*arena --help/],
    ['missing file', ['match', `${FIXTURES}/missing.js`, 'defector'], 2, /no such file: test\/fixtures\/cli\/missing\.js$/],
    ['unknown built-in', ['match', 'tit-for-tatt', 'defector'], 2, /"tit-for-tatt" is neither a file nor a built-in.*did you mean "tit-for-tat"/],
    ['unknown flag', ['match', 'tit-for-tat', 'defector', '--turn', '5'], 2, /unknown option --turn .*did you mean "--turns"/],
    ['invalid number', ['match', 'tit-for-tat', 'defector', '--turns', 'ten'], 2, /--turns must be a whole number/],
    ['turns and continuation', ['tournament', 'tit-for-tat', 'defector', '--turns', '5', '--continuation', '0.9'], 2, /either --turns or --continuation/],
    ['bad payoffs', ['match', 'tit-for-tat', 'defector', '--payoffs', '3,0,five,1'], 2, /--payoffs: payoff T is "five"/],
    ['missing value', ['match', 'tit-for-tat', 'defector', '--seed'], 2, /--seed needs a value/],
    ['too few players', ['tournament', 'tit-for-tat'], 2, /at least 2 players/],
    ['directory for a match', ['match', FIXTURES, 'defector'], 2, /is a directory/],
  ]
  for (const [what, args, code, pattern] of cases) {
    it(`${what}: one line on stderr, exit ${code}`, async () => {
      expectOneErrorLine(await arena(args), code, pattern)
    })
  }
})

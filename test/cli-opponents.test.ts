/**
 * `--opponents FILE`: shared identities on the command line. End to end
 * through the real binary (what strategies see, what changes, every kind of
 * mistake in the file), plus parseOpponents alone for what is easier to see
 * without a sandbox (defaults, field order, odd ids).
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_REPUTATION, EMPTY_HISTORY } from '../src/engine/opponent-view'
import { UsageError } from '../src/cli/errors'
import { parseOpponents } from '../src/cli/opponents'
import { arena, expectOneErrorLine } from './helpers/cli'

/** A fresh directory with these files (name → text or JSON value); returns their paths, by name without extension. */
function files(contents: Record<string, unknown>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'arena-opponents-'))
  const paths: Record<string, string> = {}
  for (const [name, value] of Object.entries(contents)) {
    const path = join(dir, name)
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value))
    paths[name.replace(/\.[a-z]+$/, '')] = path
  }
  return paths
}

/** A strategy that plays C in round r when check r holds for view.opponent, else D: its moves are the verdicts. */
function probe(checks: readonly string[]): string {
  return `const checks = [\n${checks.map((c) => `  (o) => ${c},`).join('\n')}\n]
export default function move(view) {
  const check = checks[view.round]
  return check && check(view.opponent) ? 'C' : 'D'
}
`
}

/** What P checks of Q: the file's values, the defaults where the file is silent, frozen. */
const P_SEES_Q = [
  'o !== null && Object.isFrozen(o) && Object.isFrozen(o.reputation.rating) && Object.isFrozen(o.history.lastMoves.their)',
  "JSON.stringify(Object.keys(o)) === '[\"id\",\"name\",\"reputation\",\"history\"]'",
  'o.id === Q_ID',
  "o.name === 'Quiet'",
  'o.reputation.cooperationRate === 0.02 && o.reputation.matches === 40 && o.reputation.nice === 0',
  'o.reputation.rating.mu === 30 && o.reputation.rating.sigma === 25 / 3',
  'o.reputation.retaliating === null && o.reputation.forgiving === null',
  'o.history.matches === 2 && o.history.myCooperation === null && o.history.theirCooperation === 0',
  "o.history.lastMoves.my.join('') === 'CD' && o.history.lastMoves.their.join('') === 'DD'",
]

/** What Q checks of P, which the file does not mention: its label as name, DEFAULT_REPUTATION, EMPTY_HISTORY. */
const Q_SEES_P = [
  'o !== null && o.id === P_ID && o.name === P_ID',
  `JSON.stringify(o.reputation) === '${JSON.stringify(DEFAULT_REPUTATION)}'`,
  `JSON.stringify(o.history) === '${JSON.stringify(EMPTY_HISTORY)}'`,
]

const HISTORY = (h: unknown) => ({ defector: { history: { 'tit-for-tat': h } } })
/**
 * Mistakes in an --opponents file for "match tit-for-tat defector": what, the
 * file, the message, and whether the real binary is run (one of each kind;
 * the rest go to parseOpponents directly, which is where the message is
 * made, to keep the test's time down).
 */
const CASES: [string, unknown, RegExp, 'e2e' | 'unit'][] = [
  ['bad JSON', '{"defector": ', /--opponents \S+: not valid JSON: /, 'e2e'],
  ['not an object', ['defector'], /must hold a JSON object of player ids, .* got an array$/, 'e2e'],
  ['unknown player', { 'tit-for-tatt': {} }, /unknown player "tit-for-tatt" \(did you mean "tit-for-tat"\?\); the players are tit-for-tat, defector$/, 'e2e'],
  ['unknown opponent in a history', { defector: { history: { grudger: {} } } }, /unknown player "grudger" in "defector"\.history; the players are tit-for-tat, defector$/, 'e2e'],
  ['unknown field', { defector: { reputaton: {} } }, /"defector" has an unknown field "reputaton" \(did you mean "reputation"\?\); the fields are name, reputation, history$/, 'e2e'],
  ['unknown nested field', HISTORY({ matches: 1, lastMove: {} }), /"defector"\.history\."tit-for-tat" has an unknown field "lastMove" \(did you mean "lastMoves"\?\)/, 'unit'],
  ['wrong type', { defector: { reputation: { cooperationRate: 'low', matches: 2 } } }, /"defector"\.reputation\.cooperationRate must be a number from 0 to 1, or null, got "low"$/, 'e2e'],
  ['wrong type of entry', { defector: 5 }, /"defector" must be an object with the fields name, reputation, history, got 5$/, 'unit'],
  ['wrong type of history', { defector: { history: [] } }, /"defector"\.history must be an object of opponent ids .* got an array$/, 'unit'],
  ['rate above 1', { defector: { reputation: { nice: 1.5, matches: 2 } } }, /"defector"\.reputation\.nice must be a number from 0 to 1, or null, got 1\.5$/, 'e2e'],
  ['rate below 0', HISTORY({ matches: 1, myCooperation: -0.1 }), /"defector"\.history\."tit-for-tat"\.myCooperation must be a number from 0 to 1, or null, got -0\.1$/, 'unit'],
  ['count not whole', HISTORY({ matches: 1.5 }), /"defector"\.history\."tit-for-tat"\.matches must be a whole number ≥ 0, got 1\.5$/, 'unit'],
  ['bad move', HISTORY({ matches: 1, lastMoves: { my: ['C'], their: ['c'] } }), /"defector"\.history\."tit-for-tat"\.lastMoves\.their\[0\] must be "C" or "D", got "c"$/, 'e2e'],
  [
    'more than 10 last moves',
    HISTORY({ matches: 1, lastMoves: { my: Array(11).fill('C'), their: Array(11).fill('D') } }),
    /"defector"\.history\."tit-for-tat"\.lastMoves\.my must hold at most 10 moves .* \(and 1 more problem\)$/,
    'e2e',
  ],
  ['last moves of different lengths', HISTORY({ matches: 1, lastMoves: { my: ['C', 'C'], their: ['D'] } }), /lastMoves: my and their must have the same length \(the same rounds\), got 2 and 1$/, 'unit'],
  ['one side of the last moves', HISTORY({ matches: 1, lastMoves: { my: ['C'] } }), /lastMoves\.their is missing: it must be an array of "C" and "D"$/, 'unit'],
  ['a rate without matches', { defector: { reputation: { cooperationRate: 0.1 } } }, /"defector"\.reputation\.cooperationRate is given but matches is 0: .* give matches too$/, 'e2e'],
  ['last moves without matches', HISTORY({ lastMoves: { my: ['C'], their: ['D'] } }), /"defector"\.history\."tit-for-tat"\.lastMoves is given but matches is 0/, 'unit'],
  ['non-positive sigma', { defector: { reputation: { rating: { sigma: 0 } } } }, /"defector"\.reputation\.rating\.sigma must be a number > 0, got 0$/, 'unit'],
  ['an infinite mu', '{"defector": {"reputation": {"rating": {"mu": 1e999}}}}', /"defector"\.reputation\.rating\.mu must be a number, got Infinity$/, 'unit'],
  ['empty name', { defector: { name: '' } }, /"defector"\.name must be a non-empty string, got ""$/, 'unit'],
]

describe.concurrent('arena with --opponents', () => {
  it('gives every player view.opponent: the file’s values, the defaults for the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arena-opponents-'))
    const p = join(dir, 'p.js')
    const q = join(dir, 'q.js')
    const ids = `const P_ID = ${JSON.stringify(p)}\nconst Q_ID = ${JSON.stringify(q)}\n`
    writeFileSync(p, ids + probe(P_SEES_Q))
    writeFileSync(q, ids + probe(Q_SEES_P))
    const { opponents } = files({
      'opponents.json': {
        [q]: { name: 'Quiet', reputation: { rating: { mu: 30 }, cooperationRate: 0.02, nice: 0, matches: 40 } },
        [p]: { history: { [q]: { matches: 2, theirCooperation: 0, lastMoves: { my: ['C', 'D'], their: ['D', 'D'] } } } },
      },
    } as const)
    const turns = String(P_SEES_Q.length)
    const run = await arena(['match', p, q, '--turns', turns, '--opponents', opponents!, '--json'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result.faultCounts).toEqual([0, 0])
    expect(result.moves[0]).toBe('C'.repeat(P_SEES_Q.length))
    expect(result.moves[1]).toBe('C'.repeat(Q_SEES_P.length) + 'D'.repeat(P_SEES_Q.length - Q_SEES_P.length))

    // Without the flag both are anonymous: every check fails at once.
    const anonymous = await arena(['match', p, q, '--turns', turns, '--json'])
    expect(JSON.parse(anonymous.stdout).moves).toEqual(['D'.repeat(P_SEES_Q.length), 'D'.repeat(P_SEES_Q.length)])
  })

  it('makes reputation-tit-for-tat open with D against a defector with a bad reputation, and says identities are shared', async () => {
    const { opponents } = files({ 'opponents.json': { defector: { reputation: { cooperationRate: 0.02, matches: 40 } } } })
    const args = ['match', 'reputation-tit-for-tat', 'defector', '--turns', '6']
    const [shared, anonymous, readable] = await Promise.all([
      arena([...args, '--opponents', opponents!, '--json']),
      arena([...args, '--json']),
      arena([...args, '--opponents', opponents!]),
    ])
    expect(JSON.parse(shared.stdout).moves[0]).toBe('DDDDDD')
    expect(JSON.parse(anonymous.stdout).moves[0]).toBe('CDDDDD')
    expect(readable.code).toBe(0)
    expect(readable.stdout).toContain(`seed: 1\nidentities: shared, from --opponents ${opponents}\n`)
    expect(readable.stdout).toMatch(/^ {2}reputation-tit-for-tat {2}DDDDDD$/m)
  })

  it('shares identities in a tournament: player ids are the labels, directory entries as DIR/FILE', async () => {
    const bot = 'test/fixtures/cli/bots/always-defect.js'
    const { opponents } = files({
      'opponents.json': {
        [bot]: { reputation: { cooperationRate: 0, matches: 12 } },
        // Its own record against tit-for-tat ended in a D: it opens with D there too.
        'reputation-tit-for-tat': { history: { 'tit-for-tat': { matches: 1, lastMoves: { my: ['C'], their: ['D'] } } } },
      },
    })
    const args = ['tournament', 'reputation-tit-for-tat', 'test/fixtures/cli/bots', 'tit-for-tat', '--turns', '4', '--repetitions', '1']
    const [shared, anonymous, readable] = await Promise.all([
      arena([...args, '--opponents', opponents!, '--json']),
      arena([...args, '--json']),
      arena([...args, '--opponents', opponents!]),
    ])
    expect(shared.code).toBe(0)
    // The totals [reputation-tit-for-tat, b] of the one repetition.
    const scores = (stdout: string, b: string) =>
      JSON.parse(stdout).pairs.find((p: { players: string[] }) => p.players[0] === 'reputation-tit-for-tat' && p.players[1] === b).scores[0]
    // vs the defecting bot: DDDD/DDDD instead of CDDD/DDDD; vs tit-for-tat: DCDC/CDCD instead of CCCC/CCCC.
    expect(scores(shared.stdout, bot)).toEqual([4, 4])
    expect(scores(anonymous.stdout, bot)).toEqual([3, 8])
    expect(scores(shared.stdout, 'tit-for-tat')).toEqual([10, 10])
    expect(scores(anonymous.stdout, 'tit-for-tat')).toEqual([12, 12])
    expect(readable.stdout).toMatch(/^identities: shared, from --opponents /m)
  })

  it('works for check, where the checked file and the built-ins are the players', async () => {
    const { opponents, bad } = files({
      'opponents.json': { 'test/fixtures/cli/good.js': { name: 'Good' }, defector: { reputation: { cooperationRate: 0, matches: 3 } } },
      'bad.json': { 'tit-for-tatt': {} },
    })
    expectOneErrorLine(
      await arena(['check', 'test/fixtures/cli/good.js', '--opponents', bad!]),
      2,
      /unknown player "tit-for-tatt" \(did you mean "tit-for-tat"\?\); the players are test\/fixtures\/cli\/good\.js, adaptive, .* and 39 more$/,
    )
    const run = await arena(['check', 'test/fixtures/cli/good.js', '--opponents', opponents!])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`seed: 1\nidentities: shared, from --opponents ${opponents}\n`)
    expect(run.stdout).toMatch(/^check passed: no faults$/m)
  }, 120_000)

  // Every kind of mistake, end to end: the real binary, one line on stderr, exit 2.
  it.each(CASES.filter((c) => c[3] === 'e2e'))('refuses %s with one line, exit 2', async (_, content, pattern) => {
    const { file } = files({ 'file.json': typeof content === 'string' ? content : JSON.stringify(content) })
    const run = await arena(['match', 'tit-for-tat', 'defector', '--turns', '3', '--opponents', file!])
    expectOneErrorLine(run, 2, pattern)
    expect(run.stderr).toContain(`arena: --opponents ${file}: `)
  })

  it('refuses a missing file, a directory and an empty name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arena-opponents-'))
    const base = ['match', 'tit-for-tat', 'defector', '--turns', '3']
    const [missing, directory, empty, noValue] = await Promise.all([
      arena([...base, '--opponents', join(dir, 'nope.json')]),
      arena([...base, '--opponents', dir]),
      arena([...base, '--opponents=']),
      arena([...base, '--opponents']),
    ])
    expectOneErrorLine(missing, 2, /^arena: --opponents: no such file: .*nope\.json$/)
    expectOneErrorLine(directory, 2, /: not a regular file$/)
    expectOneErrorLine(empty, 2, /^arena: --opponents needs a file name$/)
    expectOneErrorLine(noValue, 2, /option --opponents needs a value/)
  })
})

describe('parseOpponents', () => {
  const players = [
    { id: 'tit-for-tat', name: 'Tit For Tat' },
    { id: '__proto__', name: 'Odd' },
  ]

  it.each(CASES)('refuses %s', (_, content, pattern) => {
    const text = typeof content === 'string' ? content : JSON.stringify(content)
    const pair = [
      { id: 'tit-for-tat', name: 'Tit For Tat' },
      { id: 'defector', name: 'Defector' },
    ]
    expect(() => parseOpponents(text, pair, 'f.json')).toThrow(UsageError)
    expect(() => parseOpponents(text, pair, 'f.json')).toThrow(pattern)
  })

  it('fills in the defaults in the engine types’ field order; a player not in the file gets them all', () => {
    const text = '\ufeff{"tit-for-tat": {"reputation": {"matches": 3, "rating": {"sigma": 2}}, "history": {"__proto__": {"matches": 1}}}}'
    const parsed = parseOpponents(text, players, 'f.json')
    expect(JSON.stringify(parsed.opponents['tit-for-tat'])).toBe(
      JSON.stringify({ id: 'tit-for-tat', name: 'Tit For Tat', reputation: { ...DEFAULT_REPUTATION, rating: { mu: 25, sigma: 2 }, matches: 3 } }),
    )
    // "__proto__" is an ordinary own key everywhere, never a prototype.
    expect(Object.getOwnPropertyNames(parsed.opponents)).toEqual(['tit-for-tat', '__proto__'])
    expect(Object.getOwnPropertyDescriptor(parsed.opponents, '__proto__')?.value).toEqual({ id: '__proto__', name: 'Odd', reputation: DEFAULT_REPUTATION })
    const history = Object.getOwnPropertyDescriptor(parsed.histories['tit-for-tat'], '__proto__')?.value
    expect(JSON.stringify(history)).toBe(JSON.stringify({ ...EMPTY_HISTORY, matches: 1 }))
    expect(Object.keys(parsed.histories)).toEqual(['tit-for-tat'])
  })

  it('reports an unknown field before the other problems of the same object, and counts them', () => {
    const text = JSON.stringify({ 'tit-for-tat': { reputation: { matches: -1, nice: 2, rank: 1 } } })
    expect(() => parseOpponents(text, players, 'f.json')).toThrow(
      new UsageError('--opponents f.json: "tit-for-tat".reputation has an unknown field "rank"; the fields are rating, cooperationRate, nice, retaliating, forgiving, matches (and 2 more problems)'),
    )
  })
})

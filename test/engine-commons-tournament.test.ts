/**
 * A commons tournament in its three steps: the schedule (every combination,
 * or the balanced layout), one group played alone (the queue's unit), and
 * the aggregate from results in any order.
 */
import { describe, expect, it } from 'vitest'
import {
  COMMONS_RESULT_FORMAT,
  MAX_COMBINATIONS,
  aggregateCommons,
  commonsJob,
  commonsLoadFault,
  makeCommonsRules,
  playCommonsTournament,
  playGroup,
  playGroups,
  scheduleCommons,
  type CommonsSchedule,
  type GroupResult,
} from '../src/engine/commons'
import type { OpponentInfo, StrategySource } from '../src/engine/types'
import { C, ScriptedGroupRunner } from './helpers/commons-runner'

const players = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `p${String(i).padStart(2, '0')}`, name: `P${i}` }))

/** How many groups each player sat in, per seat. */
function seatCounts(schedule: CommonsSchedule): Map<string, number[]> {
  const counts = new Map(schedule.players.map((p) => [p.id, new Array<number>(schedule.group).fill(0)]))
  for (const job of schedule.jobs) job.players.forEach((id, seat) => counts.get(id)![seat]!++)
  return counts
}

describe('scheduleCommons', () => {
  it('plays every combination when there are few, each repetition rotating the seats', () => {
    const schedule = scheduleCommons(players(6), { group: 3, repetitions: 3, seed: 1 })
    expect(schedule.layout).toBe('every-combination')
    // C(6, 3) = 20 combinations, 3 times each.
    expect(schedule.jobs).toHaveLength(60)
    const sets = new Set(schedule.jobs.map((j) => [...j.players].sort().join(',')))
    expect(sets.size).toBe(20)
    expect(schedule.jobs.map((j) => j.index)).toEqual(schedule.jobs.map((_, k) => k))
    expect(schedule.jobs.slice(0, 3).map((j) => j.players)).toEqual([
      ['p00', 'p01', 'p02'],
      ['p01', 'p02', 'p00'],
      ['p02', 'p00', 'p01'],
    ])
    // Each player is in C(5, 2) = 10 combinations; with 3 = group repetitions, once per seat in each.
    for (const counts of seatCounts(schedule).values()) expect(counts).toEqual([10, 10, 10])
    expect(new Set(schedule.jobs.map((j) => j.seed)).size).toBe(60)
  })

  it('balances a large field: every player plays the same number of groups, in every seat equally often', () => {
    // C(30, 5) = 142,506 combinations: too many.
    const schedule = scheduleCommons(players(30), { group: 5, repetitions: 4, seed: 'balanced' })
    expect(schedule.layout).toBe('balanced')
    expect(schedule.jobs).toHaveLength(30 * 4)
    for (const [id, counts] of seatCounts(schedule)) expect(counts, id).toEqual([4, 4, 4, 4, 4])
    for (const job of schedule.jobs) expect(new Set(job.players).size).toBe(5)
    // Seeded: the same seed gives the same schedule, another seed another one.
    expect(scheduleCommons(players(30), { group: 5, repetitions: 4, seed: 'balanced' })).toEqual(schedule)
    const other = scheduleCommons(players(30), { group: 5, repetitions: 4, seed: 'other' })
    expect(other.jobs.map((j) => j.players)).not.toEqual(schedule.jobs.map((j) => j.players))
    // The blocks mix: player 0 meets most of the field over the blocks.
    const met = new Set(schedule.jobs.filter((j) => j.players.includes('p00')).flatMap((j) => j.players))
    expect(met.size).toBeGreaterThan(15)
  })

  it(`switches layout past ${MAX_COMBINATIONS} combinations`, () => {
    // C(10, 4) = 210; C(9, 4) = 126.
    expect(scheduleCommons(players(9), { group: 4, seed: 1 }).layout).toBe('every-combination')
    expect(scheduleCommons(players(10), { group: 4, seed: 1 }).layout).toBe('balanced')
    expect(scheduleCommons(players(10), { group: 4, repetitions: 1, seed: 1 }).jobs).toHaveLength(10)
  })

  it('puts everyone in one group by default, and survives JSON', () => {
    const schedule = scheduleCommons(players(5), { seed: 3, rules: { turns: 10, quota: 20 } })
    expect(schedule.group).toBe(5)
    expect(schedule.jobs).toHaveLength(5)
    expect(schedule.rules.quota).toBe(20)
    expect(JSON.parse(JSON.stringify(schedule))).toEqual(schedule)
  })

  it('shows every seat the others’ identities, with its own history against each', () => {
    const info = (id: string): OpponentInfo => ({ id, name: id.toUpperCase(), reputation: { score: id } })
    const schedule = scheduleCommons(players(3), {
      seed: 1,
      repetitions: 1,
      opponents: { p00: info('p00'), p01: info('p01') },
      histories: { p02: { p00: { matches: 7 } } },
    })
    const [job] = schedule.jobs
    expect(job!.players).toEqual(['p00', 'p01', 'p02'])
    expect(job!.identities![0]!.map((x) => x?.id ?? null)).toEqual(['p01', null])
    expect(job!.identities![2]![0]).toMatchObject({ id: 'p00', history: { matches: 7 } })
    expect(job!.identities![2]![1]).toMatchObject({ id: 'p01', history: { matches: 0 } })
    expect(scheduleCommons(players(3), { seed: 1 }).jobs[0]!.identities).toBeNull()
  })

  it.each<[number, object, RegExp]>([
    [1, { seed: 1 }, /at least 2 players/],
    [17, { seed: 1 }, /do not fit one group \(at most 16\): give a group size/],
    [4, { seed: 1, group: 5 }, /groups of 5 need at least 5 players, got 4/],
    [20, { seed: 1, group: 17 }, /from 2 to 16 players, got 17/],
    [4, { seed: 1, group: 1 }, /from 2 to 16 players, got 1/],
    [4, { seed: 1, repetitions: 0 }, /repetitions must be a whole number/],
    [300, { seed: 1, group: 10, repetitions: 100 }, /30000 groups is more than a schedule may hold/],
    [4, { seed: 1, rules: { capacity: -1 } }, /capacity must be/],
  ])('refuses %i players with %j', (n, options, message) => {
    expect(() => scheduleCommons(players(n), options as Parameters<typeof scheduleCommons>[1])).toThrow(message)
  })
})

const field: StrategySource[] = [
  C('greedy'),
  C('restrained'),
  C('coin'),
  C('flaky'),
  { id: 'mean', name: 'Mean', source: 'export default (v) => v.round === 0 ? v.sustainableShare : v.others.reduce((t, o) => t + o.requests[v.round - 1], 0) / v.others.length' },
]

describe('playing and ranking', () => {
  it('gives the same JSON whatever the order or split of the groups', async () => {
    const schedule = scheduleCommons(field, { group: 3, repetitions: 2, seed: 11, rules: { turns: 30, referee: { fine: 3, detection: 0.5 } } })
    const one = await playCommonsTournament(new ScriptedGroupRunner(), field, { group: 3, repetitions: 2, seed: 11, rules: { turns: 30, referee: { fine: 3, detection: 0.5 } } })
    const results: GroupResult[] = []
    // Two runners, each playing every other group, the results then shuffled and sent through JSON.
    const a = await playGroups(new ScriptedGroupRunner(), schedule.jobs.filter((j) => j.index % 2 === 0), field)
    const b = await playGroups(new ScriptedGroupRunner(), schedule.jobs.filter((j) => j.index % 2 === 1), field)
    results.push(...b.reverse(), ...a)
    const split = aggregateCommons(JSON.parse(JSON.stringify(schedule)), results.map((r) => JSON.parse(JSON.stringify(r)) as GroupResult))
    expect(JSON.stringify(split)).toBe(JSON.stringify(one))
    expect(one.format).toBe(COMMONS_RESULT_FORMAT)
    // A group replayed alone gives the same result.
    const again = await playGroup(new ScriptedGroupRunner(), schedule.jobs[7]!, field)
    expect(JSON.stringify(again)).toBe(JSON.stringify(a.find((r) => r.index === 7) ?? b.find((r) => r.index === 7)))
  })

  it('ranks by mean payoff per round and reports welfare, stock, cooperation and faults', async () => {
    const result = await playCommonsTournament(new ScriptedGroupRunner(), [C('greedy'), C('restrained'), C('flaky')], { group: 3, repetitions: 1, seed: 5, rules: { turns: 20 } })
    expect(result.standings.map((s) => s.id)).toEqual(['greedy', 'flaky', 'restrained'])
    const byId = new Map(result.standings.map((s) => [s.id, s]))
    expect(byId.get('greedy')!.cooperation).toBe(0)
    expect(byId.get('restrained')!.cooperation).toBe(1)
    // flaky faults in rounds 2 and 3, each played as the greediest request.
    expect(byId.get('flaky')!.cooperation).toBe(18 / 20)
    expect(byId.get('flaky')!.faults).toBe(2)
    expect(result.faults.find((f) => f.id === 'flaky')!.records.map((r) => [r.group, r.seat, r.kind, r.round])).toEqual([
      [0, 2, 'throw', 2],
      [0, 2, 'throw', 3],
    ])
    const [group] = result.groups
    expect(group!.cooperation).toBeCloseTo((0 + 20 + 18) / 60, 12)
    expect(result.cooperation).toBeCloseTo((0 + 20 + 18) / 60, 12)
    const received = group!.scores.reduce((x, y) => x + y)
    expect(group!.welfare).toBeCloseTo(received / (20 * 80), 12)
    expect(result.stock.groups).toHaveLength(1)
    expect(result.stock.groups[0]).toHaveLength(21)
    expect(result.stock.mean).toEqual(result.stock.groups[0])
    expect(result.finalStock).toBe(result.stock.groups[0]![20])
    // 100 + 26.7 + 26.7 a round drains 1000 well within 20 rounds.
    expect(result.collapsed).toBe(1)
    for (const s of result.standings) expect(s.meanPayoff).toBeCloseTo(group!.scores[group!.players.indexOf(s.id)]! / 20, 12)
  })

  it('has welfare 1 and no collapse when everyone is restrained, and a mean stock curve over groups of any length', async () => {
    const restrained = [C('a', 'restrained'), C('b', 'restrained'), C('c', 'restrained'), C('d', 'restrained')]
    const calm = await playCommonsTournament(new ScriptedGroupRunner(), restrained, { group: 2, repetitions: 1, seed: 2 })
    expect(calm.welfare).toBeCloseTo(1, 12)
    expect(calm.collapsed).toBe(0)
    expect(calm.cooperation).toBe(1)
    const varied = await playCommonsTournament(new ScriptedGroupRunner(), restrained, { group: 2, repetitions: 1, seed: 2, rules: { continuation: 0.95 } })
    const lengths = varied.stock.groups.map((g) => g.length)
    expect(new Set(lengths).size).toBeGreaterThan(1)
    expect(varied.stock.mean).toHaveLength(Math.max(...lengths))
    const t = Math.min(...lengths) - 1
    const last = Math.max(...lengths) - 1
    expect(varied.stock.mean[t]).toBeCloseTo(varied.stock.groups.reduce((x, g) => x + g[t]!, 0) / varied.stock.groups.length, 9)
    expect(varied.stock.mean[last]).toBe(varied.stock.groups.find((g) => g.length === last + 1)![last])
  })

  it('refuses a result that is not the scheduled group, or one added twice', async () => {
    const schedule = scheduleCommons(field, { group: 2, repetitions: 1, seed: 1, rules: { turns: 5 } })
    const results = await playGroups(new ScriptedGroupRunner(), schedule.jobs, field)
    expect(() => aggregateCommons(schedule, [...results, results[0]!])).toThrow(/added twice/)
    expect(() => aggregateCommons(schedule, results.slice(1))).toThrow(/1 of 10 group results are missing \(the first is group 0\)/)
    const wrong = { ...results[0]!, seed: results[0]!.seed + 1 }
    expect(() => aggregateCommons(schedule, [wrong, ...results.slice(1)])).toThrow(/does not match the schedule/)
    expect(() => aggregateCommons(schedule, [{ ...results[0]!, index: 99 }])).toThrow(/not a group of this schedule/)
  })

  it('records faults as the greediest request, the quota applied', async () => {
    const job = commonsJob(0, [0, 1], ['w', 'r'], makeCommonsRules({ turns: 3, quota: 60 }), 1)
    const result = await playGroup(new ScriptedGroupRunner(), job, [C('w', 'word'), C('r', 'restrained')])
    expect(result.requests[0]).toEqual([40, 60, 40])
    expect(result.faults[0]).toEqual([{ kind: 'invalid-move', round: 1, message: 'returned "lots" (expected a number from 0 to 100)' }])
    expect(result.faultCounts).toEqual([1, 0])
  })

  it('shows each seat the view of the contract, with the rounds’ outcomes', async () => {
    const runner = new ScriptedGroupRunner(true)
    const r = makeCommonsRules({ turns: 3, cheapTalk: true })
    const restrained = { id: 'r', name: 'R', source: 'export default (v) => v.sustainableShare\nexport function announce(v) { return 7 }' }
    const result = await playGroup(runner, commonsJob(0, [0, 1, 2], ['g', 'r', 'z'], r, 3), [C('g', 'greedy'), restrained, C('z', 'zero')])
    const view = runner.views[1]![2]!
    expect(view).toMatchObject({ game: 'commons', round: 2, capacity: 100, players: 3, seat: 1, rules: r })
    expect(view.sustainableShare).toBeCloseTo(80 / 3, 12)
    expect(view.stock).toBe(result.stock[2])
    expect(view.my).toEqual({ requests: result.requests[1]!.slice(0, 2), receipts: result.receipts[1]!.slice(0, 2) })
    expect(view.others.map((o) => [o.seat, o.requests])).toEqual([
      [0, [100, 100]],
      [2, [0, 0]],
    ])
    expect(view.myScore).toBe(result.receipts[1]![0]! + result.receipts[1]![1]!)
    expect(view.announcements).toEqual({ my: 7, others: [null, null] })
    expect(result.announcements).toEqual([
      [null, null, null],
      [7, 7, 7],
      [null, null, null],
    ])
  })

  it('finds a module that does not load', async () => {
    const runner = new ScriptedGroupRunner()
    expect(await commonsLoadFault(runner, { id: 'ok', name: 'ok', source: 'export default () => 1' })).toBeNull()
    expect(await commonsLoadFault(runner, { id: 'bad', name: 'bad', source: 'export default (' })).toMatchObject({ kind: 'setup', round: -1 })
  })
})

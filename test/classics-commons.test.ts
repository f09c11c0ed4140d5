/**
 * The commons' built-in strategies, each on small hand-made views (the
 * contract in src/engine/commons/types.ts), evaluated natively; then all of
 * them together in groups, through the engine.
 */
import { describe, expect, it } from 'vitest'
import { COMMONS_CLASSICS, classicAsSource, findClassic } from '../src/classics'
import { commonsEffectiveMatrix, commonsJob, makeCommonsRules, playGroup, sustainableShare, type CommonsRules, type CommonsRulesInput } from '../src/engine/commons'
import { ScriptedGroupRunner, loadCommonsModule, type CommonsView } from './helpers/commons-runner'

interface Scene {
  /** Requests after the quota, oldest first: mine, then each other seat's. */
  my?: number[]
  others?: number[][]
  stock?: number
  rules?: CommonsRulesInput
  /** What random() returns. */
  random?: number
}

function viewOf(scene: Scene, draws: { count: number } = { count: 0 }): CommonsView {
  const rules: CommonsRules = makeCommonsRules(scene.rules)
  const others = scene.others ?? [[], [], []]
  const n = others.length + 1
  const my = scene.my ?? []
  return {
    game: 'commons',
    round: my.length,
    stock: scene.stock ?? rules.initialStock,
    capacity: rules.capacity,
    players: n,
    seat: 0,
    sustainableShare: sustainableShare(rules, n),
    my: { requests: my, receipts: my.map(() => 0) },
    others: others.map((requests, k) => ({ seat: k + 1, requests, identity: null })),
    myScore: 0,
    rules,
    announcements: null,
    random: () => {
      draws.count++
      return scene.random ?? 0.5
    },
  }
}

/** A classic, freshly loaded, asked once per scene in order (module state carries over, as in one group). */
function play(id: string, ...scenes: Scene[]): unknown[] {
  const module = loadCommonsModule(findClassic(id, 'commons')!.source)
  return scenes.map((scene) => module.move(viewOf(scene)))
}

// Four players with the defaults: the share is 80 / 4 = 20.
const R = 20

describe('the commons classics', () => {
  it('are at least the eight the issue names, each declaring the commons and documented', () => {
    const ids = COMMONS_CLASSICS.map((c) => c.id)
    for (const id of ['restrained', 'greedy', 'regrowth-share', 'conditional-cooperator', 'grim-trigger', 'mean-matcher', 'stock-fraction', 'random-request']) {
      expect(ids).toContain(id)
    }
    for (const c of COMMONS_CLASSICS) {
      expect(c.games, c.id).toContain('commons')
      expect(c.source.startsWith(`/**\n * ${c.name}\n`), c.id).toBe(true)
      expect(c.description.length, c.id).toBeGreaterThan(40)
      expect(c.axelrod).toBeNull()
    }
  })

  it('restrained asks for the share, and announces it', () => {
    expect(play('restrained', {}, { my: [R], others: [[100], [100], [100]], stock: 10 })).toEqual([R, R])
    const module = loadCommonsModule(findClassic('restrained')!.source)
    expect(module.announce!(viewOf({ others: [[]] }))).toBe(40)
  })

  it('greedy asks for the most the rules allow', () => {
    expect(play('greedy', {}, { rules: { maxRequest: 70 }, my: [70], others: [[0], [0], [0]] })).toEqual([100, 70])
  })

  it('regrowth share takes its part of what the stock regrew', () => {
    // Round 0: the share. All four took 20: 920 left, regrown to 949.44; a quarter of the 29.44 regrown.
    const [first, second] = play('regrowth-share', { stock: 1000 }, { stock: 949.44, my: [R], others: [[R], [R], [R]] }) as number[]
    expect(first).toBe(R)
    expect(second).toBeCloseTo(29.44 / 4, 9)
    // After a collapse nothing regrows: 1000 − 400 = 600 left, stock now 0.
    expect(play('regrowth-share', { stock: 1000 }, { stock: 0, my: [100], others: [[100], [100], [100]] })).toEqual([R, 0])
  })

  it('the conditional cooperator restrains while the others did on average, and forgives', () => {
    expect(
      play(
        'conditional-cooperator',
        {},
        { my: [R], others: [[R], [0], [40]] },
        { my: [R, R], others: [[R, 100], [0, R], [40, R]] },
        { my: [R, R, 100], others: [[R, 100, R], [0, R, R], [40, R, R]] },
      ),
    ).toEqual([R, R, 100, R])
  })

  it('grim trigger turns greedy for good after one other request above the share', () => {
    const rounding = R * (1 + 1e-12)
    expect(
      play(
        'grim-trigger',
        {},
        { my: [R], others: [[R], [rounding], [R]] },
        { my: [R, R], others: [[R, R], [rounding, 21], [R, R]] },
        { my: [R, R, 100], others: [[R, R, 0], [rounding, 21, 0], [R, R, 0]] },
      ),
    ).toEqual([R, R, 100, 100])
  })

  it("mean matcher asks for the others' mean last request", () => {
    expect(play('mean-matcher', {}, { my: [R], others: [[10], [30], [50]] }, { my: [R, 30], others: [[10, 100], [30, 100], [50, 100]], rules: { maxRequest: 80 } })).toEqual([R, 30, 80])
  })

  it('stock fraction asks for the share in proportion to how full the stock is', () => {
    expect(play('stock-fraction', { stock: 1000 }, { stock: 500 }, { stock: 0 })).toEqual([R, R / 2, 0])
  })

  it('random request draws one uniform amount up to maxRequest', () => {
    const module = loadCommonsModule(findClassic('random-request')!.source)
    const draws = { count: 0 }
    expect(module.move(viewOf({ random: 0.25 }, draws))).toBe(25)
    expect(draws.count).toBe(1)
  })

  it('best response grabs without mechanisms, and restrains once a fine or alignment makes greed pay less', () => {
    // Four players (docs/games.md): T = 39.06 > R = 20 and P = 6.25 > S = 1.95, greed dominates.
    expect(play('best-response', {}, { my: [100], others: [[100], [100], [100]] })).toEqual([100, 100])
    // A fine of 10: greed still pays against restrainers (29.06 > 20), no longer against grabbers (−3.75 < 1.95).
    const fine10 = { referee: { fine: 10, detection: 1 } }
    expect(play('best-response', { rules: fine10 }, { rules: fine10, my: [100], others: [[100], [100], [100]] }, { rules: fine10, my: [100, R], others: [[100, R], [100, 0], [100, 40]] })).toEqual([100, R, 100])
    expect(play('best-response', { rules: { referee: { fine: 19.1, detection: 1 } } })).toEqual([R])
    expect(play('best-response', { rules: { referee: { fine: 19, detection: 1 } } })).toEqual([100])
    // A shared fine is the same to the one who pays it.
    expect(play('best-response', { rules: { referee: { fine: 19.1, detection: 1, fines: 'shared' } } })).toEqual([R])
    expect(play('best-response', { rules: { align: 1 } })).toEqual([R])
    // A quota at the share leaves nothing to gain: restraint on a tie.
    expect(play('best-response', { rules: { quota: R } })).toEqual([R])
  })
})

describe('best response and the dilemma test', () => {
  it("grabs exactly when the engine's effective 2×2 says greed pays more in the column it expects", () => {
    const ruleSets: CommonsRulesInput[] = [
      {},
      { referee: { fine: 10, detection: 1 } },
      { referee: { fine: 30, detection: 0.5, fines: 'shared' } },
      { referee: { fine: 4, detection: 0.9, fines: 'shared' }, align: 0.3 },
      { align: 0.5 },
      { align: 0.9 },
      { quota: 35 },
      { quota: 60, referee: { fine: 8, detection: 0.7 } },
    ]
    let checked = 0
    for (const input of ruleSets) {
      for (const n of [2, 3, 5, 8, 16]) {
        const m = commonsEffectiveMatrix(makeCommonsRules(input), n)
        const others = (requests: number[]) => Array.from({ length: n - 1 }, () => requests)
        const [first, afterGrab] = play('best-response', { rules: input, others: others([]) }, { rules: input, my: [100], others: others([100]) })
        const greed = makeCommonsRules(input).maxRequest
        expect(first === greed, `${JSON.stringify(input)} N=${n}: T ${m.T} vs R ${m.R}`).toBe(m.T > m.R)
        expect(afterGrab === greed, `${JSON.stringify(input)} N=${n}: P ${m.P} vs S ${m.S}`).toBe(m.P > m.S)
        checked++
      }
    }
    expect(checked).toBe(40)
  })
})

describe('the commons classics in groups', () => {
  const all = COMMONS_CLASSICS.map(classicAsSource)

  it('all play a whole group without a fault, and only random request draws randomness', async () => {
    const runner = new ScriptedGroupRunner()
    const rules = makeCommonsRules({ referee: { fine: 5, detection: 0.5 }, quota: 90, align: 0.2, cheapTalk: true })
    const ids = all.map((c) => c.id)
    const result = await playGroup(runner, commonsJob(0, ids.map((_, i) => i), ids, rules, 4), all)
    expect(result.faultCounts).toEqual(ids.map(() => 0))
    expect(ids.filter((_, i) => result.usedRandom[i])).toEqual(['random-request'])
  })

  it('a restrained group sustains the stock; one greedy player turns the conditional ones greedy and the stock collapses', async () => {
    const runner = new ScriptedGroupRunner()
    const rules = makeCommonsRules()
    const group = async (ids: string[]) =>
      playGroup(runner, commonsJob(0, ids.map((_, i) => i), ids.map((id, i) => `${id}#${i}`), rules, 1), ids.map((id, i) => ({ ...classicAsSource(findClassic(id)!), id: `${id}#${i}` })))
    const calm = await group(['conditional-cooperator', 'grim-trigger', 'mean-matcher', 'restrained'])
    expect(calm.stock[200]).toBeGreaterThan(700)
    const stormy = await group(['conditional-cooperator', 'grim-trigger', 'mean-matcher', 'greedy'])
    expect(stormy.requests[1]!.slice(0, 3)).toEqual([R, 100, 100])
    expect(stormy.requests[0]!.slice(0, 3)).toEqual([R, 100, 100])
    expect(stormy.stock[200]).toBe(0)
    // Proportional harvesting and regrowth shares settle on a stock of their own.
    const careful = await group(['stock-fraction', 'stock-fraction', 'regrowth-share', 'regrowth-share'])
    expect(careful.stock[200]).toBeGreaterThan(500)
    expect(careful.stock[199]).toBeCloseTo(careful.stock[200]!, 3)
  })
})

/** `arena rules --game commons`, `arena list --game commons` and the commons' usage errors, with the real binary. */
import { describe, expect, it } from 'vitest'
import { arena, expectOneErrorLine } from './helpers/cli'

describe.concurrent('arena rules --game commons', () => {
  it("prints the commons' 2×2 for four players and calls it a real dilemma", async () => {
    const run = await arena(['rules', '--game', 'commons'])
    expect(run.code).toBe(0)
    // docs/games.md: R = 80/4, T = 10⁶/160², P = 100/4², S = 20 · 10⁴/320².
    expect(run.stdout).toMatch(/^commons, 4 players: restraint requests 20\.000 \(the sustainable share\), greed 100\.000$/m)
    expect(run.stdout).toMatch(/^harvest matrix: {3}R=20 S=1\.953125 T=39\.0625 P=6\.25$/m)
    expect(run.stdout).toMatch(/^verdict: real-dilemma$/m)
  })

  it('says a large enough fine makes restraint dominant, and prints the JSON the dilemma test prints', async () => {
    const run = await arena(['rules', '--game', 'commons', '--players', '2', '--fine', '12', '--detection', '1'])
    // T − R = 10⁶/140² − 40 ≈ 11.02 < 12.
    expect(run.stdout).toMatch(/^effective matrix: R=40 S=20\.4081632653 T=39\.0204081633 P=13 {2}\(harmony\)$/m)
    expect(run.stdout).toMatch(/Cooperation is the dominant move/)
    const json = JSON.parse((await arena(['rules', '--game', 'commons', '--players', '3', '--quota', '30', '--json'])).stdout)
    expect(Object.keys(json).sort()).toEqual(['classification', 'continuation', 'effective', 'greed', 'payoffs', 'players', 'restraint', 'threshold', 'verdict'])
    expect(json).toMatchObject({ players: 3, greed: 30 })
    expect(json.verdict.text).toMatch(/^With the quota, greed is a request of 30 instead of 100\./)
  })

  it('lists the commons’ built-ins', async () => {
    const run = await arena(['list', '--game', 'commons'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^\d+ built-in strategies of the commons:$/m)
    expect(run.stdout).toMatch(/^ {2}grim-trigger +Grim Trigger$/m)
    expect(run.stdout).not.toMatch(/tit-for-tat/)
  })

  it('refuses bad commons options with one line and exit 2, before anything is played', async () => {
    expectOneErrorLine(await arena(['rules', '--game', 'commons', '--players', '17']), 2, /--players must be a whole number from 2 to 16, got 17/)
    expectOneErrorLine(await arena(['rules', '--game', 'commons', '--capacity', 'lots']), 2, /--capacity must be a number, got "lots"/)
    expectOneErrorLine(await arena(['rules', '--game', 'commons', '--stock', '2000']), 2, /--stock must be a number from 0 to --max-stock \(1000\)/)
    expectOneErrorLine(await arena(['rules', '--game', 'commons', '--quota', '101']), 2, /--quota must be a number from 0 to --max-request \(100\)$/)
    expectOneErrorLine(await arena(['rules', '--game', 'commons', '--regrowth', '0']), 2, /--regrowth must be a rate above 0, at most 1/)
    expectOneErrorLine(await arena(['rules', '--game', 'commons', '--payoffs', '3,0,5,1']), 2, /unknown option --payoffs for "arena rules --game commons"/)
    expectOneErrorLine(await arena(['match', '--game', 'commons', 'greedy', 'restrained', '--fine', '3']), 2, /a referee needs both --fine F and --detection P/)
    expectOneErrorLine(await arena(['match', '--game', 'commons', 'greedy']), 2, /needs 2 to 16 players \(got 1\)/)
    expectOneErrorLine(await arena(['tournament', '--game', 'commons', '--classics', '--group', '1']), 2, /--group must be a whole number from 2 to 16, got 1/)
    expectOneErrorLine(await arena(['tournament', '--game']), 2, /--game must be dilemma or commons, got nothing/)
  })
})

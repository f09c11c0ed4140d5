/** `arena rules` end to end: the real binary, its output, its JSON and its usage errors. */
import { describe, expect, it } from 'vitest'
import { arena, expectOneErrorLine } from './helpers/cli'

describe.concurrent('arena rules', () => {
  it('explains that a sure fine of 3 makes cooperation dominant', async () => {
    const run = await arena(['rules', '--payoffs', '3,0,5,1', '--fine', '3', '--detection', '1'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^effective matrix: R=3 S=0 T=2 P=-2 {2}\(harmony\)$/m)
    expect(run.stdout).toMatch(/^verdict: not-a-dilemma$/m)
    expect(run.stdout).toMatch(/Cooperation is the dominant move/)
  })

  it('prints the shape the issue names with --json', async () => {
    const run = await arena(['rules', '--payoffs', '3,0,5,1', '--fine', '2', '--detection', '0.5', '--fines', 'shared', '--align', '0.5', '--continuation', '0.9', '--json'])
    expect(run.code).toBe(0)
    const out = JSON.parse(run.stdout)
    // Shared fine 2 × 0.5: T 4, S 1; then half-aligned: T − 0.75, S + 0.75.
    expect(out.effective.payoffs).toEqual({ R: 3, S: 1.75, T: 3.25, P: 1 })
    expect(Object.keys(out.classification).sort()).toEqual(['dilemma', 'kind', 'reason', 'warnings'])
    expect(out.classification.dilemma).toBe(false)
    expect(out.threshold).toBeNull()
    expect(out.verdict.code).toBe('not-a-dilemma')
    const plain = JSON.parse((await arena(['rules', '--payoffs', '3,0,5,1', '--turns', '1', '--json'])).stdout)
    expect(plain.verdict.code).toBe('real-dilemma')
    expect(plain.threshold).toBeCloseTo(2 / 3, 10)
  })

  it('refuses bad input with one line and exit 2', async () => {
    expectOneErrorLine(await arena(['rules']), 2, /--payoffs R,S,T,P is required/)
    expectOneErrorLine(await arena(['rules', '--payoffs', '3,0,5']), 2, /--payoffs/)
    expectOneErrorLine(await arena(['rules', '--payoffs', '3,0,5,1', '--fine', '3']), 2, /needs both --fine F and --detection P/)
    expectOneErrorLine(await arena(['rules', '--payoffs', '3,0,5,1', '--fine', '3', '--detection', '1.5']), 2, /--detection must be a number from 0 to 1/)
    expectOneErrorLine(await arena(['rules', '--payoffs', '3,0,5,1', '--fine', '3', '--detection', '1', '--fines', 'burnt']), 2, /--fines must be destroyed or shared/)
    expectOneErrorLine(await arena(['rules', '--payoffs', '3,0,5,1', '--turns', '5', '--continuation', '0.5']), 2, /either --turns or --continuation/)
    expectOneErrorLine(await arena(['rules', '--payoffs', '3,0,5,1', '--continuation', '1']), 2, /--continuation must be a probability/)
  })
})

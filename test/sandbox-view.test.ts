/**
 * The host shows a round's numbers in the view itself while the view and
 * its history arrays are as the prelude made them (sandbox/view-layout.ts),
 * and leaves it to the prelude's assignments otherwise. Whatever a strategy
 * does to its view, it sees exactly what those assignments would show: each
 * case records what the strategy saw, round after round, through the
 * message of an error it throws.
 */
import { describe, expect, it } from 'vitest'
import { playMatch } from '../src/engine/match'
import { TIT_FOR_TAT, strategy, warmAndColdRunners } from './helpers/sandbox'

/** What a strategy sees: round | my history | their history | myScore | theirScore. */
const SEEN = "[v.round, v.my.join(''), v.their.join(''), v.myScore, v.theirScore].join('|')"

describe('the view a strategy sees', () => {
  const runners = warmAndColdRunners()

  /** Six rounds against Tit for Tat (warm and cold: the same); what the strategy reported each round. */
  const seen = async (source: string): Promise<string[]> => {
    const a = strategy('a', source)
    const result = await playMatch(runners.warm, a, TIT_FOR_TAT, { rules: { turns: 6 }, seed: 5 })
    expect(JSON.stringify(await playMatch(runners.cold, a, TIT_FOR_TAT, { rules: { turns: 6 }, seed: 5 }))).toBe(JSON.stringify(result))
    expect(result.faultCounts[0]).toBe(6)
    return result.faults[0].map((f) => f.message.replace(/^line \d+, column \d+: Error: /, ''))
  }

  it('is the history and the scores, every round', async () => {
    expect(await seen(`export default (v) => { throw new Error(${SEEN}) }`)).toEqual(['0|||0|0', '1|D|C|5|0', '2|DD|CD|6|1', '3|DDD|CDD|7|2', '4|DDDD|CDDD|8|3', '5|DDDDD|CDDDD|9|4'])
  })

  it('is shown again after the strategy overwrote its fields', async () => {
    expect(await seen(`export default (v) => { if (v.round === 2) { v.my = ['X']; v.round = 'x'; v.myScore = null } throw new Error(${SEEN}) }`)).toEqual([
      '0|||0|0',
      '1|D|C|5|0',
      'x|X|CD||1',
      '3|DDD|CDD|7|2',
      '4|DDDD|CDDD|8|3',
      '5|DDDDD|CDDDD|9|4',
    ])
    expect(await seen(`export default (v) => { if (v.round === 2) delete v.theirScore; throw new Error(${SEEN}) }`)).toEqual([
      '0|||0|0',
      '1|D|C|5|0',
      '2|DD|CD|6|',
      '3|DDD|CDD|7|2',
      '4|DDDD|CDDD|8|3',
      '5|DDDDD|CDDDD|9|4',
    ])
  })

  it('is the same object every round', async () => {
    expect(await seen(`let first\nexport default (v) => { first = first || v; if (v.round === 3) first.round = -1; throw new Error(String(first === v) + '/' + ${SEEN}) }`)).toEqual([
      'true/0|||0|0',
      'true/1|D|C|5|0',
      'true/2|DD|CD|6|1',
      'true/-1|DDD|CDD|7|2',
      'true/4|DDDD|CDDD|8|3',
      'true/5|DDDDD|CDDDD|9|4',
    ])
  })

  it('cannot be shown once frozen or made read-only', async () => {
    const readOnly = "the view was tampered with: TypeError: 'round' is read-only"
    expect(await seen(`export default (v) => { if (v.round === 2) Object.freeze(v); throw new Error(${SEEN}) }`)).toEqual(['0|||0|0', '1|D|C|5|0', '2|DD|CD|6|1', readOnly, readOnly, readOnly])
    expect(await seen(`export default (v) => { if (v.round === 2) Object.defineProperty(v, 'round', { value: 99, writable: false }); throw new Error(${SEEN}) }`)).toEqual([
      '0|||0|0',
      '1|D|C|5|0',
      '99|DD|CD|6|1',
      readOnly,
      readOnly,
      readOnly,
    ])
  })

  it('runs a setter the strategy defined on it every round, with the value shown', async () => {
    expect(await seen(`let n = 0\nexport default (v) => { if (v.round === 2) Object.defineProperty(v, 'myScore', { set(x) { n += x }, get() { return n } }); throw new Error(${SEEN}) }`)).toEqual([
      '0|||0|0',
      '1|D|C|5|0',
      '2|DD|CD|0|1',
      '3|DDD|CDD|7|2',
      '4|DDDD|CDDD|15|3',
      '5|DDDDD|CDDDD|24|4',
    ])
  })

  it('is not yet shown while the history is added: a setter on the history sees the last round’s view', async () => {
    expect(
      await seen(`let saw = ''\nexport default (v) => { if (v.round === 2) Object.defineProperty(v.my, 4, { set(x) { saw = v.round + ':' + v.myScore }, configurable: true }); throw new Error(saw + '/' + ${SEEN}) }`),
    ).toEqual(['/0|||0|0', '/1|D|C|5|0', '/2|DD|CD|6|1', '/3|DDD|CDD|7|2', '/4|DDDD|CDDD|8|3', '4:8/5|DDDD|CDDDD|9|4'])
  })
})

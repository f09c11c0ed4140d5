/**
 * The tournament page's sentences: rules and schedules in words
 * (web/src/tournament/rules-words.ts, cron-words.ts).
 */
import { describe, expect, it } from 'vitest'
import { makeCommonsRules } from '../src/engine/commons/rules'
import { makeRules } from '../src/engine/rules'
import { cronWords } from '../web/src/tournament/cron-words'
import { entryWords, lengthWords, mechanismWords, noiseWords, rulesSentences } from '../web/src/tournament/rules-words'

describe('schedules in words', () => {
  it.each([
    ['*/10 * * * *', 'every 10 minutes'],
    ['* * * * *', 'every minute'],
    ['*/1 * * * *', 'every minute'],
    ['0 * * * *', 'every hour, on the hour'],
    ['15 * * * *', 'every hour at minute 15'],
    ['30 6 * * *', 'every day at 06:30 UTC'],
    ['0 */6 * * *', 'every 6 hours, at minute 0 (UTC hours divisible by 6)'],
    ['0 12 * * 1', 'on Monday at 12:00 UTC'],
    ['0 12 * * 1-5', 'on weekdays at 12:00 UTC'],
    ['0 9 * * 0,6', 'on Sunday and Saturday at 09:00 UTC'],
    ['0 0 1 * *', 'on day 1 of every month at 00:00 UTC'],
  ])('%s is %s', (cron, words) => {
    expect(cronWords(cron)).toBe(words)
  })

  it('leaves the rest to the expression itself', () => {
    for (const cron of ['0 0 1 1 *', '5-10 * * * *', '0 0 * * MON', 'not cron', '0 0 1 * 1']) expect(cronWords(cron)).toBeNull()
  })
})

describe('rules in words', () => {
  it('says the length, fixed or uncertain', () => {
    expect(lengthWords({ turns: 200, continuation: null })).toBe('Each match lasts 200 rounds, a length every strategy knows.')
    expect(lengthWords({ turns: null, continuation: 0.99 })).toBe('Each match has no known end: after every round another follows with probability 0.99, so a match lasts 100 rounds on average.')
  })

  it('says the noise', () => {
    expect(noiseWords(0, 200)).toBe('No noise: every move is played as intended.')
    expect(noiseWords(0.01, 200)).toBe('Noise: each intended move is flipped with probability 1% (about 2 of 200 rounds a side).')
  })

  it('names each mechanism, or says there is none', () => {
    expect(mechanismWords(makeRules({}), 'dilemma')).toEqual(['No mechanisms: no referee, no aligned rewards, no cheap talk.'])
    const all = mechanismWords(makeRules({ referee: { fine: 3, detection: 0.5, fines: 'shared' }, align: 0.3, cheapTalk: true }), 'dilemma')
    expect(all).toEqual([
      'A referee fines a defection 3 points and detects it with probability 50%; fines are paid to the other player.',
      'Aligned rewards: each player receives 70% of its own payoff and 30% of the mean of both.',
      'Cheap talk: before each round every strategy may announce a move; nothing binds it.',
    ])
  })

  it('describes the dilemma in reading order and the commons with its stock', () => {
    expect(rulesSentences('dilemma', { ...makeRules({}), repetitions: 5 })).toEqual([
      'Each match lasts 200 rounds, a length every strategy knows.',
      'No noise: every move is played as intended.',
      'Each pair of strategies (and each strategy with a copy of itself) plays 5 times per run, each with its own seed.',
      'No mechanisms: no referee, no aligned rewards, no cheap talk.',
    ])
    const commons = rulesSentences('commons', { ...makeCommonsRules({ quota: 30 }), repetitions: 1, group: 4 }, { restraint: 20, greed: 30 })
    expect(commons[0]).toBe('Groups of 4 share a stock that holds at most 1000 and starts at 1000.')
    expect(commons).toContain('Restraint is a request of at most 20 (the sustainable share); greed asks for 30.')
    expect(commons).toContain('A quota cuts every request to at most 30.')
    expect(commons).toContain('Each group lasts 200 rounds, a length every strategy knows.')
    expect(commons).toContain('Each group plays once per run.')
  })

  it('says who may enter and what strategies learn of each other', () => {
    expect(entryWords({ entry: 'open', maxEntriesPerAccount: 1, shareIdentities: false })).toEqual([
      'Open: anyone signed in may enter, 1 strategy per account.',
      'Identities are hidden: a strategy never learns who it plays (view.opponent is null).',
    ])
    expect(entryWords({ entry: 'invite', maxEntriesPerAccount: 3, shareIdentities: true })[0]).toBe('By invitation: the host invites who may enter, 3 strategies per account.')
  })
})

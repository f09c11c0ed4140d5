/** A rule set's rules in a few words, for a column heading's subtitle: what differs is what a reader compares. */
import type { RuleSetResult } from '../../../src/engine/experiment'

const n = (x: number) => String(Number(x.toPrecision(6)))

function length(turns: number | null, continuation: number | null): string {
  if (continuation !== null) return `another round with probability ${n(continuation)}`
  return turns === 1 ? 'a single round' : `${turns} rounds`
}

export function rulesInWords(ruleSet: RuleSetResult): string[] {
  const words: string[] = []
  const r = ruleSet.rules
  if (ruleSet.game === 'dilemma') {
    const p = ruleSet.rules.payoffs
    words.push(`payoffs R ${n(p.R)}, S ${n(p.S)}, T ${n(p.T)}, P ${n(p.P)}`)
    words.push(length(ruleSet.rules.turns, ruleSet.rules.continuation))
    if (ruleSet.rules.noise > 0) words.push(`noise ${n(ruleSet.rules.noise)}`)
  } else {
    words.push(`groups of ${ruleSet.group}`, length(ruleSet.rules.turns, ruleSet.rules.continuation))
    if (ruleSet.rules.quota !== null) words.push(`quota ${n(ruleSet.rules.quota)}`)
  }
  if (r.referee) words.push(`referee: fine ${n(r.referee.fine)}, detection ${n(r.referee.detection)}, ${r.referee.fines}`)
  if (r.align > 0) words.push(`aligned rewards a = ${n(r.align)}`)
  if (r.cheapTalk) words.push('cheap talk')
  return words
}

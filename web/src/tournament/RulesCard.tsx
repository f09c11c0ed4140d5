/**
 * The rules in words: the payoff matrix, which game it defines and the
 * dilemma test's verdict, then length, noise, repetitions and mechanisms
 * (or the commons' stock and requests).
 */
import type { Payoffs } from '../../../src/engine/types'
import { PayoffMatrix } from './PayoffMatrix'
import { KIND_NAMES, num, rulesSentences } from './rules-words'
import type { DilemmaRules, Tournament } from './types'

const same = (a: Payoffs, b: Payoffs) => a.R === b.R && a.S === b.S && a.T === b.T && a.P === b.P

export function RulesCard({ t }: { t: Tournament }) {
  const test = t.dilemmaTest
  const commons = t.game === 'commons'
  const payoffs = commons ? test.payoffs : (t.rules as DilemmaRules).payoffs
  const effective = test.effective.payoffs
  const verdictClass = test.verdict.code === 'real-dilemma' ? 'verdict-real' : test.verdict.code === 'dilemma-with-future' ? 'verdict-future' : 'verdict-none'
  return (
    <section class="card rules-card" aria-labelledby="rules-h">
      <h2 id="rules-h">The rules</h2>
      <div class="rules-grid">
        <div>
          {payoffs && <PayoffMatrix payoffs={payoffs} caption={commons ? `One round of a group of ${test.players ?? '?'}, as a 2×2: restraint is C, greed is D (points per round)` : 'Points per round'} />}
          {payoffs && !same(payoffs, effective) && (
            <p class="effective">
              With the mechanisms, in expectation: R {num(effective.R)}, S {num(effective.S)}, T {num(effective.T)}, P {num(effective.P)}.
            </p>
          )}
        </div>
        <div>
          <p class="game-kind">
            These payoffs make <strong data-kind={t.classification.kind}>{KIND_NAMES[t.classification.kind]}</strong>
            {commons ? ' (the commons for one group, as a 2×2)' : ''}: {t.classification.reason}.
          </p>
          {t.classification.warnings.map((w) => (
            <p key={w} class="muted">
              Note: {w}.
            </p>
          ))}
          <p class={`verdict ${verdictClass}`} data-verdict={test.verdict.code}>
            <strong>Dilemma test:</strong> {test.verdict.text}
          </p>
        </div>
      </div>
      <ul class="rules-list">
        {rulesSentences(t.game, t.rules, { restraint: test.restraint, greed: test.greed }).map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
    </section>
  )
}

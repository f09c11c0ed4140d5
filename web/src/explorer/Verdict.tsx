/**
 * The essay's dilemma test, answered for the settings: the verdict in a
 * word and in the engine's own sentence, the two questions it asks (is
 * defection dominant in one round? is there a future to punish in?), and
 * the classifier's name for the effective game.
 */
import type { DilemmaTest, VerdictCode } from '../../../src/engine/dilemma-test'

export const VERDICT_NAMES: Record<VerdictCode, string> = {
  'real-dilemma': 'A real dilemma',
  'dilemma-with-future': 'A dilemma with a future',
  'not-a-dilemma': 'Not a dilemma',
}

const KIND_NAMES: Record<string, string> = {
  'prisoners-dilemma': "prisoner's dilemma",
  'stag-hunt': 'stag hunt',
  chicken: 'chicken (snowdrift)',
  harmony: 'harmony',
  deadlock: 'deadlock',
  coordination: 'coordination game',
  'anti-coordination': 'anti-coordination game',
  degenerate: 'degenerate (every outcome pays the same)',
  invalid: 'invalid',
  other: 'a borderline case',
}

export function kindName(kind: string): string {
  return KIND_NAMES[kind] ?? kind
}

const show = (x: number) => String(Number(x.toPrecision(4)))

function Answer({ yes, children }: { yes: boolean; children: string }) {
  return (
    <span class={`answer ${yes ? 'yes' : 'no'}`}>
      <strong>{yes ? 'Yes' : 'No'}</strong> {children}
    </span>
  )
}

export function Verdict({ test }: { test: DilemmaTest }) {
  const { R, S, T, P } = test.effective.payoffs
  const dominant = T > R && P > S
  const better = R > P
  // The engine's own comparison (exact, before rounding), read from its verdict.
  const future = test.verdict.code === 'dilemma-with-future'
  return (
    <section class={`verdict verdict-${test.verdict.code}`} aria-labelledby="verdict-title">
      <h2 id="verdict-title">
        Verdict:{' '}
        <span data-verdict={test.verdict.code} aria-live="polite">
          {VERDICT_NAMES[test.verdict.code]}
        </span>
      </h2>
      <ul class="questions">
        <li>
          Is defection dominant, in one round?{' '}
          <Answer yes={dominant}>{dominant ? `T ${show(T)} > R ${show(R)} and P ${show(P)} > S ${show(S)}: defecting pays more whatever the other does.` : 'Defecting does not pay more against both moves.'}</Answer>
        </li>
        <li>
          Is mutual cooperation better than mutual defection?{' '}
          <Answer yes={better}>{`R ${show(R)} ${better ? '>' : '≤'} P ${show(P)}.`}</Answer>
        </li>
        {test.threshold !== null && (
          <li>
            Is there a future to punish in?{' '}
            <Answer yes={future}>{`w = ${show(test.continuation)} ${future ? '≥' : '<'} ${show(test.threshold)}, Axelrod's threshold.`}</Answer>
          </li>
        )}
      </ul>
      <p class="verdict-text">{test.verdict.text}</p>
      <p class="muted">
        The effective game is <strong class="kind" data-kind={test.classification.kind}>
          {kindName(test.classification.kind)}
        </strong>.
      </p>
    </section>
  )
}

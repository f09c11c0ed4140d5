/**
 * The live verdict on a rule set: which game its payoffs define and why (the
 * engine's classifier), then the dilemma test: the effective matrix when a
 * referee or aligned rewards change it, and whether it is a real dilemma, a
 * dilemma with a future, or none, with the engine's own explanation. Pure
 * computation on every render: it follows the inputs as they are typed.
 */
import { useId } from 'preact/hooks'
import { judge, KIND_ARTICLES, KIND_NAMES, VERDICT_NAMES, type Payoffs, type VerdictRules } from './judge'

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)
/** Six significant digits: the commons' 2×2 has long fractions. */
const short = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : '?')

export function Verdict({ rules }: { rules: VerdictRules }) {
  const { matrix, classification, test, mechanisms, requests } = judge(rules)
  const effectiveKind = test.classification.kind
  const title = useId()
  return (
    <section class="verdict card" aria-labelledby={title} data-kind={classification.kind} data-verdict={test.verdict.code}>
      <h3 id={title}>What game is this?</h3>
      <p class="verdict-kind" aria-live="polite">
        {rules.game === 'commons' ? 'One round of the commons is ' : 'This matrix is '}
        {KIND_ARTICLES[classification.kind]}
        <strong class="verdict-name">{KIND_NAMES[classification.kind]}</strong>
        {', '}
        <span class={classification.dilemma ? 'verdict-yes' : 'verdict-no'}>{classification.dilemma ? 'a dilemma' : 'not a dilemma'}</span>.
      </p>
      <p class="verdict-reason">{capitalise(classification.reason)}.</p>
      {classification.warnings.length > 0 && (
        <ul class="verdict-warnings">
          {classification.warnings.map((w) => (
            <li key={w}>Warning: {w}</li>
          ))}
        </ul>
      )}
      {requests && (
        <>
          <p class="muted">
            For a group of {requests.players}: restraint is a request of {short(requests.restraint)} (the sustainable share), greed one of {short(requests.greed)}; the 2×2 pits one seat
            against the others all doing the same, in the first round.
          </p>
          <MatrixTable payoffs={matrix} caption="One round of the commons as a 2×2 (C = restraint, D = greed)" />
        </>
      )}
      {mechanisms && (
        <div class="verdict-effective">
          <MatrixTable payoffs={test.effective.payoffs} caption="The effective matrix: what each player can expect once the mechanisms act" />
          <p>
            With the mechanisms it is {KIND_ARTICLES[effectiveKind]}
            <strong data-effective-kind={effectiveKind}>{KIND_NAMES[effectiveKind]}</strong>.
          </p>
        </div>
      )}
      <h4 class={`verdict-headline verdict-${test.verdict.code}`} aria-live="polite">
        Dilemma test: {VERDICT_NAMES[test.verdict.code]}
      </h4>
      <p class="verdict-text">{test.verdict.text}</p>
      <p class="muted verdict-numbers">
        {test.threshold === null ? (
          <>No threshold: the effective matrix is no prisoner's dilemma.</>
        ) : (
          <>
            Axelrod's threshold for Tit for Tat: w ≥ <span class="num">{short(test.threshold)}</span>; these rules give w = <span class="num">{short(test.continuation)}</span>.
          </>
        )}
      </p>
    </section>
  )
}

/** A symmetric 2×2 as "mine, theirs" in each cell. */
export function MatrixTable({ payoffs, caption }: { payoffs: Payoffs; caption: string }) {
  const { R, S, T, P } = payoffs
  const cell = (mine: number, theirs: number) => (
    <td class="num">
      {short(mine)}, {short(theirs)}
    </td>
  )
  return (
    <div class="scroll-x">
      <table class="mx-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">They C</th>
            <th scope="col">They D</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">I C</th>
            {cell(R, R)}
            {cell(S, T)}
          </tr>
          <tr>
            <th scope="row">I D</th>
            {cell(T, S)}
            {cell(P, P)}
          </tr>
        </tbody>
      </table>
    </div>
  )
}

/**
 * The behaviour profile: Axelrod's traits as labelled bars, each with its
 * number and one line saying what it measures. Two sources when both exist:
 * the reputation store (every rated run of the dilemma, what opponents see)
 * and the latest version's 20-round games against the validation classics.
 */
import { percent } from '../ui/format'
import { count } from './text'
import type { Behaviour, GameReputation } from './types'

interface Trait {
  key: 'cooperation' | 'nice' | 'retaliating' | 'forgiving'
  label: string
  explain: string
}

const TRAITS: Trait[] = [
  { key: 'cooperation', label: 'Cooperation', explain: 'The share of its rounds in which it played C.' },
  { key: 'nice', label: 'Nice', explain: 'The share of its matches in which it never defected before its opponent did.' },
  { key: 'retaliating', label: 'Retaliating', explain: "The share of the opponent's defections it answered with D in the next round." },
  { key: 'forgiving', label: 'Forgiving', explain: 'After retaliating, how often it returned to C within two rounds of the opponent doing so.' },
]

function fromReputation(r: GameReputation): Record<Trait['key'], number | null> {
  return { cooperation: r.cooperationRate, nice: r.nice, retaliating: r.retaliating, forgiving: r.forgiving }
}

function fromValidation(b: Behaviour): Record<Trait['key'], number | null> {
  return { cooperation: b.cooperationRate, nice: b.niceRate, retaliating: b.retaliationRate, forgiving: b.forgivenessRate }
}

function Bar({ value, label }: { value: number | null; label: string }) {
  return (
    <div class="trait-bar">
      <span class="trait-source">{label}</span>
      <span class="bar" aria-hidden="true">
        {value !== null && <i style={{ width: `${(value * 100).toFixed(1)}%` }} />}
      </span>
      <span class="num">{value === null ? 'no evidence' : percent(value)}</span>
    </div>
  )
}

export function BehaviourProfile({ reputation, behaviour, version }: { reputation: GameReputation | undefined; behaviour: Behaviour | null; version: number }) {
  const rated = reputation && reputation.matches > 0 ? fromReputation(reputation) : null
  const tried = behaviour && behaviour.matches > 0 ? fromValidation(behaviour) : null
  if (!rated && !tried) return <p class="muted">No behaviour measured yet: it has played no rated match of the dilemma, and its latest version was not played against the validation classics.</p>
  const ratedLabel = 'rated runs'
  const triedLabel = `v${version} vs classics`
  return (
    <div class="behaviour">
      <p class="muted">
        {rated && `From ${count(reputation!.matches)} matches (${count(reputation!.turns)} rounds) in ${reputation!.runs} rated ${reputation!.runs === 1 ? 'run' : 'runs'}`}
        {rated && tried && '; and '}
        {tried && `from version ${version}'s ${behaviour!.matches} matches of ${behaviour!.rounds / Math.max(1, behaviour!.matches)} rounds against the validation classics`}.
      </p>
      <dl class="traits">
        {TRAITS.map((t) => (
          <div class="trait" key={t.key}>
            <dt>{t.label}</dt>
            <dd>
              <span class="muted trait-explain">{t.explain}</span>
              {rated && <Bar value={rated[t.key]} label={ratedLabel} />}
              {tried && <Bar value={tried[t.key]} label={triedLabel} />}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  )
}

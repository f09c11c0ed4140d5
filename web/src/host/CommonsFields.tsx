/**
 * The commons' rules (docs/games.md, "Parameters"): empty fields take the
 * engine's defaults, shown as placeholders.
 */
import { DEFAULT_COMMONS_RULES, MAX_AMOUNT } from '../../../src/engine/commons/rules'
import type { Draft } from './draft'
import { NumberField } from './fields'
import type { SectionProps } from './LengthFields'

const d = DEFAULT_COMMONS_RULES

type Amount = 'capacity' | 'maxStock' | 'initialStock' | 'regrowth' | 'collapseBelow' | 'maxRequest' | 'quota'

const FIELDS: readonly { key: Amount; label: string; hint: string; placeholder: string; max?: number }[] = [
  { key: 'capacity', label: 'Capacity', hint: 'served a round without congestion; demand D beyond it is served C × C / D', placeholder: String(d.capacity), max: MAX_AMOUNT },
  { key: 'maxStock', label: 'Largest stock', hint: 'the most the stock holds', placeholder: String(d.maxStock), max: MAX_AMOUNT },
  { key: 'initialStock', label: 'Initial stock', hint: 'the stock at the start, 0 to the largest stock (empty: full)', placeholder: 'full' },
  { key: 'regrowth', label: 'Regrowth rate', hint: 'logistic, above 0, at most 1', placeholder: String(d.regrowth), max: 1 },
  { key: 'collapseBelow', label: 'Collapse below', hint: 'a stock left below this is gone for good', placeholder: String(d.collapseBelow) },
  { key: 'maxRequest', label: 'Largest request', hint: 'a fault plays it', placeholder: String(d.maxRequest), max: MAX_AMOUNT },
  { key: 'quota', label: 'Quota', hint: 'requests above it are cut to it, 0 to the largest request (empty: none)', placeholder: 'none' },
]

export function CommonsFields({ draft, set, problem }: SectionProps) {
  return (
    <fieldset>
      <legend>The commons</legend>
      <p class="muted">
        Groups share a renewable stock: each round each seat requests an amount. Taking more pays in one round, restraint keeps the stock alive (see{' '}
        <a href="/explorer">the explorer</a>).
      </p>
      <div class="host-pairs">
        {FIELDS.map((f) => (
          <NumberField
            key={f.key}
            label={f.label}
            value={draft[f.key]}
            onInput={(text) => set({ [f.key]: text } as Partial<Draft>)}
            field={`rules.${f.key}`}
            problem={problem}
            min={0}
            max={f.max}
            placeholder={f.placeholder}
            hint={f.hint}
          />
        ))}
        <NumberField label="Group size" value={draft.group} onInput={(group) => set({ group })} field="rules.group" problem={problem} min={2} max={16} step={1} placeholder="4" hint="players per group, 2 to 16" />
      </div>
    </fieldset>
  )
}

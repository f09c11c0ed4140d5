/**
 * A symmetric 2×2 payoff matrix: the row player's four payoffs R, S, T, P as
 * number inputs, the column player's shown mirrored beside them, and the
 * textbook games as presets. Props-driven: it holds only the text being
 * typed, and reports NaN for a payoff that is not a number yet, which the
 * classifier calls invalid (so a verdict beside it can say why).
 */
import { useEffect, useState } from 'preact/hooks'
import { parseDecimal } from '../../../src/engine/rules'
import type { Payoffs } from './judge'

type Key = keyof Payoffs

export const PAYOFF_PRESETS: readonly { id: string; name: string; payoffs: Payoffs }[] = [
  { id: 'axelrod', name: "Axelrod's", payoffs: { R: 3, S: 0, T: 5, P: 1 } },
  { id: 'harmony', name: 'Harmony', payoffs: { R: 4, S: 2, T: 3, P: 1 } },
  { id: 'stag-hunt', name: 'Stag hunt', payoffs: { R: 4, S: 0, T: 3, P: 2 } },
  { id: 'chicken', name: 'Chicken / snowdrift', payoffs: { R: 3, S: 1, T: 5, P: 0 } },
  { id: 'deadlock', name: 'Deadlock', payoffs: { R: 1, S: 0, T: 3, P: 2 } },
]

const MEANING: Record<Key, string> = {
  R: 'reward: both cooperate',
  S: "sucker's payoff: I cooperate, they defect",
  T: 'temptation: I defect, they cooperate',
  P: 'punishment: both defect',
}

/** Each cell: my move, their move, my payoff's key, and theirs (the mirror). */
const CELLS: readonly (readonly [Key, Key])[][] = [
  [
    ['R', 'R'],
    ['S', 'T'],
  ],
  [
    ['T', 'S'],
    ['P', 'P'],
  ],
]

const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b))
const show = (x: number) => (Number.isNaN(x) ? '?' : String(x))

export interface MatrixEditorProps {
  payoffs: Payoffs
  onChange: (payoffs: Payoffs) => void
  /** Marks the inputs invalid (an API error about the payoffs). */
  invalid?: boolean
}

export function MatrixEditor({ payoffs, onChange, invalid = false }: MatrixEditorProps) {
  const [texts, setTexts] = useState<Record<Key, string>>(() => textsOf(payoffs))
  // A new matrix from outside (a preset, a restored draft) replaces the text, unless the text already says it.
  useEffect(() => {
    setTexts((t) => {
      const next = { ...t }
      let changed = false
      for (const k of KEYS) {
        if (!same(parseDecimal(t[k]) ?? NaN, payoffs[k])) {
          next[k] = Number.isNaN(payoffs[k]) ? t[k] : textOf(payoffs[k])
          changed = true
        }
      }
      return changed ? next : t
    })
  }, [payoffs.R, payoffs.S, payoffs.T, payoffs.P])

  const type = (k: Key, text: string) => {
    setTexts((t) => ({ ...t, [k]: text }))
    onChange({ ...payoffs, [k]: parseDecimal(text.trim()) ?? NaN })
  }
  const preset = PAYOFF_PRESETS.find((p) => KEYS.every((k) => p.payoffs[k] === payoffs[k]))

  return (
    <div class="mx">
      <div class="mx-presets" role="group" aria-label="Payoff presets">
        {PAYOFF_PRESETS.map((p) => (
          <button type="button" class="secondary" aria-pressed={preset?.id === p.id} onClick={() => onChange({ ...p.payoffs })} key={p.id}>
            {p.name}
          </button>
        ))}
      </div>
      <div class="scroll-x">
        <table class="mx-grid">
          <caption>Payoffs per round: yours (edit them) and theirs, mirrored</caption>
          <thead>
            <tr>
              <td />
              <th scope="col">They cooperate</th>
              <th scope="col">They defect</th>
            </tr>
          </thead>
          <tbody>
            {CELLS.map((row, i) => (
              <tr key={i}>
                <th scope="row">{i === 0 ? 'I cooperate' : 'I defect'}</th>
                {row.map(([mine, theirs]) => (
                  <td class={`mx-cell mx-${mine}`} key={mine}>
                    <label class="mx-mine">
                      <span class="mx-key" title={MEANING[mine]}>
                        {mine}
                      </span>
                      <input
                        type="number"
                        step="any"
                        inputMode="decimal"
                        value={texts[mine]}
                        aria-label={`${mine}, ${MEANING[mine]}`}
                        aria-invalid={invalid || Number.isNaN(payoffs[mine])}
                        data-payoff={mine}
                        onInput={(e) => type(mine, (e.currentTarget as HTMLInputElement).value)}
                      />
                    </label>
                    <span class="mx-theirs" title={`their payoff: ${theirs}`}>
                      they get {theirs} = <span class="num">{show(payoffs[theirs])}</span>
                    </span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

const KEYS: readonly Key[] = ['R', 'S', 'T', 'P']

const textOf = (x: number) => (Number.isNaN(x) ? '' : String(x))

function textsOf(p: Payoffs): Record<Key, string> {
  return { R: textOf(p.R), S: textOf(p.S), T: textOf(p.T), P: textOf(p.P) }
}

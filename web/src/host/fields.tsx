/**
 * The host form's inputs: a label, the input, a hint, and the API's error
 * about that field right under it (its `field` is the dotted path given
 * here, e.g. `rules.noise`).
 */
import type { ComponentChildren } from 'preact'
import type { ApiProblem } from '../api'
import { FieldError } from '../ui/load'

export type Problem = ApiProblem | null

/** Whether the API's error concerns `field` (or a field under it). */
export function names(problem: Problem, field: string): boolean {
  const f = problem?.field
  return !!f && (f === field || f.startsWith(field + '.'))
}

interface NumberFieldProps {
  label: string
  value: string
  onInput: (text: string) => void
  /** The API's name for it: `rules.noise`. */
  field: string
  problem: Problem
  hint?: ComponentChildren
  min?: number
  max?: number
  step?: number | 'any'
  placeholder?: string
  disabled?: boolean
}

export function NumberField({ label, value, onInput, field, problem, hint, min, max, step = 'any', placeholder, disabled }: NumberFieldProps) {
  return (
    <div class="field" data-field={field}>
      <label>
        {label}
        <input
          type="number"
          inputMode="decimal"
          name={field}
          value={value}
          min={min}
          max={max}
          step={step}
          placeholder={placeholder}
          disabled={disabled}
          aria-invalid={names(problem, field)}
          onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
        />
        {hint && <span class="hint">{hint}</span>}
      </label>
      <FieldError error={problem} field={field} />
    </div>
  )
}

interface ChoiceProps<T extends string> {
  legend: string
  name: string
  value: T
  options: readonly { value: T; label: string; hint?: string }[]
  onChange: (value: T) => void
  field: string
  problem: Problem
}

/** Radio buttons in a fieldset. */
export function Choice<T extends string>({ legend, name, value, options, onChange, field, problem }: ChoiceProps<T>) {
  return (
    <fieldset class="field choice" data-field={field}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label class="inline" key={o.value}>
          <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
          <span>
            {o.label}
            {o.hint && <span class="hint"> {o.hint}</span>}
          </span>
        </label>
      ))}
      <FieldError error={problem} field={field} />
    </fieldset>
  )
}

interface CheckProps {
  label: string
  checked: boolean
  onChange: (checked: boolean) => void
  field: string
  problem: Problem
  hint?: ComponentChildren
}

export function Check({ label, checked, onChange, field, problem, hint }: CheckProps) {
  return (
    <div class="field" data-field={field}>
      <label class="inline">
        <input type="checkbox" name={field} checked={checked} onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)} />
        <span>
          {label}
          {hint && <span class="hint"> {hint}</span>}
        </span>
      </label>
      <FieldError error={problem} field={field} />
    </div>
  )
}

/**
 * A labelled slider with an exact-value box beside it: the range for
 * dragging and the arrow keys (native, so every browser and screen reader
 * knows it), the number box for typing a value. Both say the same number.
 */
import type { ComponentChildren } from 'preact'
import type { Range } from './state'

interface SliderProps {
  /** The accessible name of the slider (its visible label). */
  label: string
  value: number
  range: Range
  onChange: (value: number) => void
  /** A word after the value, or a replacement for it ("none" at a quota's top). */
  display?: string
  hint?: ComponentChildren
  disabled?: boolean
  /** For the tests and the URL: data-key on the wrapper. */
  name: string
}

/** Snapped to the range's step and clamped to it, without floating-point crumbs (0.1 + 0.2). */
function clean(value: number, range: Range): number {
  const snapped = Math.round((value - range.min) / range.step) * range.step + range.min
  const clamped = Math.min(range.max, Math.max(range.min, snapped))
  return Number(clamped.toFixed(6))
}

export function Slider({ label, value, range, onChange, display, hint, disabled, name }: SliderProps) {
  const id = `slider-${name}`
  const read = (e: Event) => {
    const input = e.currentTarget as HTMLInputElement
    const n = Number(input.value)
    if (input.value === '' || !Number.isFinite(n)) {
      input.value = String(value)
      return
    }
    const v = clean(n, range)
    // Shown snapped even when the value does not change (2.1 with a step of 0.5 is 2: no re-render would correct the box).
    input.value = String(v)
    onChange(v)
  }
  return (
    <div class="slider" data-key={name}>
      <label for={id}>{label}</label>
      <input
        id={id}
        type="range"
        min={range.min}
        max={range.max}
        step={range.step}
        value={value}
        disabled={disabled}
        aria-valuetext={display ?? String(value)}
        onInput={read}
      />
      <span class="slider-readout">
        <input
          type="number"
          class="num"
          min={range.min}
          max={range.max}
          step={range.step}
          value={value}
          disabled={disabled}
          aria-label={`${label}, exact value`}
          onChange={read}
        />
        {display !== undefined && <span class="muted">{display}</span>}
      </span>
      {hint && <span class="hint">{hint}</span>}
    </div>
  )
}

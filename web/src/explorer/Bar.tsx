/**
 * One bar of a bar chart drawn inside a table cell, so the ranking and its
 * chart are one thing: the number is the cell's text, the bar its picture.
 * Negative values (a destroyed fine can push a score below 0) grow left
 * from the zero line.
 */
export function Bar({ value, min, max, color, label }: { value: number; min: number; max: number; color: string; label: string }) {
  const lo = Math.min(0, min)
  const hi = Math.max(max, lo + 1e-9)
  const x = (v: number) => ((v - lo) / (hi - lo)) * 100
  const zero = x(0)
  const end = x(value)
  return (
    <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label={label}>
      <rect x="0" y="0" width="100" height="10" class="bar-track" />
      <rect x={Math.min(zero, end)} y="1" width={Math.max(0.5, Math.abs(end - zero))} height="8" fill={color} />
      {lo < 0 && <line x1={zero} x2={zero} y1="0" y2="10" class="bar-zero" />}
    </svg>
  )
}

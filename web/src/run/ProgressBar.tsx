/**
 * A run's progress: jobs done of all its jobs, as a bar, a count and a
 * percent. A native <progress> (a progressbar to assistive technology);
 * re-rendering only changes its value, so live updates do not flicker.
 */
import { percent } from '../ui/format'

export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const known = total > 0
  return (
    <div class="progress">
      <progress class="progress-bar" value={known ? done : undefined} max={known ? total : undefined} aria-label={label} />
      <span class="progress-text num">{known ? `${done} / ${total} jobs · ${percent(done / total)}` : 'waiting for its jobs'}</span>
    </div>
  )
}

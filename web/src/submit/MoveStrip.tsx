/** The first rounds of a match as a strip of C/D cells, one row per player. */
import { STRIP_ROUNDS } from './try-rules'

export function MoveStrip({ who, moves }: { who: string; moves: string }) {
  const shown = moves.slice(0, STRIP_ROUNDS)
  return (
    <div class="try-strip-row">
      <span class="try-strip-who">{who}</span>
      <span class="try-strip mono" role="img" aria-label={`${who}, rounds 1 to ${shown.length}: ${shown}`} data-moves={shown}>
        {[...shown].map((m, i) => (
          <span key={i} class={m === 'C' ? 'cell-c' : 'cell-d'}>
            {m}
          </span>
        ))}
      </span>
    </div>
  )
}

/** Two bars, the draft's score and the opponent's, on a scale shared by every result. */
export function ScoreBars({ scores, max }: { scores: [number, number]; max: number }) {
  const w = (x: number) => (max > 0 ? Math.max(0, (x / max) * 100) : 0)
  return (
    <svg class="score-bars" viewBox="0 0 100 14" preserveAspectRatio="none" aria-hidden="true">
      <rect class="bar-you" x="0" y="1" height="5" width={w(scores[0])} />
      <rect class="bar-them" x="0" y="8" height="5" width={w(scores[1])} />
    </svg>
  )
}

/**
 * A commons group's requests as a heat strip in a canvas: a row for each
 * seat, a column for each round (or for a few rounds, averaged, when they
 * outnumber the pixels), the request's size as the shade from nothing to
 * the largest request allowed. Fines are ticked at the top of their cell,
 * faults at the bottom; the current round is outlined. Press or drag to
 * move the replay.
 */
import { useMemo, useRef } from 'preact/hooks'
import { css, mix, paletteCache, scrubHandlers, useLayers, useThemeTick, useWidth } from './canvas'
import type { GroupReplay } from './types'
import type { Replay } from './useReplay'

const ROW = 22
const GAP = 2
const TICK = 4

export function Heat({ group, replay }: { group: GroupReplay; replay: Replay }) {
  const { round, count, go } = replay
  const box = useRef<HTMLDivElement>(null)
  const canvas = useRef<HTMLCanvasElement>(null)
  const width = useWidth(box)
  const theme = useThemeTick()
  const palette = useMemo(() => paletteCache({ low: '--heat-low', high: '--heat-high', text: '--text', fault: '--fault', focus: '--focus' }), [])
  const seats = group.players.length
  const height = seats * (ROW + GAP)
  const faultRounds = useMemo(() => group.faults.map((fs) => fs.map((f) => f.round)), [group])

  const x = (r: number) => (r / Math.max(1, count)) * width

  useLayers(
    canvas,
    width,
    height,
    (ctx, el) => {
      const { low, high, text, fault } = palette(el, theme)
      const max = group.rules.maxRequest || 1
      const columns = Math.min(count, Math.max(1, Math.floor(width)))
      const tickWidth = Math.max(1.5, width / count - 1)
      for (let s = 0; s < seats; s++) {
        const row = group.requests[s]!
        const y = s * (ROW + GAP)
        for (let c = 0; c < columns; c++) {
          const r0 = Math.floor((c * count) / columns)
          const r1 = Math.max(r0 + 1, Math.floor(((c + 1) * count) / columns))
          let sum = 0
          for (let r = r0; r < r1; r++) sum += row[r] ?? 0
          ctx.fillStyle = mix(low, high, Math.min(1, sum / (r1 - r0) / max))
          ctx.fillRect(x(r0), y, Math.max(1, x(r1) - x(r0)), ROW)
        }
        ctx.fillStyle = css(text)
        for (const r of group.fined[s]!) ctx.fillRect(x(r), y, tickWidth, TICK)
        ctx.fillStyle = css(fault)
        for (const r of faultRounds[s]!) ctx.fillRect(x(Math.max(0, r)), y + ROW - TICK, tickWidth, TICK)
      }
    },
    [theme, group, faultRounds, count, seats],
    (ctx, el) => {
      ctx.strokeStyle = css(palette(el, theme).focus)
      ctx.lineWidth = 2
      const w = Math.max(3, width / count)
      ctx.strokeRect(Math.min(width - w, x(round)) + 1, 1, w - 2, height - 2)
    },
    [round],
  )

  const share = group.sustainableShare
  return (
    <figure class="heat-figure">
      <div class="heat">
        <div class="heat-labels" style={{ gridTemplateRows: `repeat(${seats}, ${ROW + GAP}px)` }} aria-hidden="true">
          {group.names.map((n, s) => (
            <span key={s} title={n}>
              {s + 1}.&nbsp;<span class="hide-phone">{n}</span>
            </span>
          ))}
        </div>
        <div class="heat-canvas" ref={box}>
          <canvas
            ref={canvas}
            role="img"
            aria-label={`Each seat's request in each of ${count} rounds, darker for more, from 0 to ${group.rules.maxRequest}; round ${round + 1} is outlined.`}
            {...scrubHandlers(count, go)}
          />
        </div>
      </div>
      <figcaption class="heat-legend">
        <span>
          request 0{' '}
          <span class="heat-ramp" aria-hidden="true">
            <i style={{ left: `${Math.min(100, (share / (group.rules.maxRequest || 1)) * 100)}%` }} />
          </span>{' '}
          {group.rules.maxRequest}; the mark is the sustainable share, {fmt(share)}
        </span>
        <span>
          <i class="heat-tick fine" aria-hidden="true" /> fined (top of the cell)
        </span>
        <span>
          <i class="heat-tick fault" aria-hidden="true" /> fault (bottom)
        </span>
        <span>press or drag to go to a round</span>
      </figcaption>
    </figure>
  )
}

export function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(Math.abs(x) >= 100 ? 0 : 2)
}

/**
 * The whole match at a glance, in a canvas: a band for each player, each
 * pixel column the share of C among the rounds it covers (the height of
 * the coop colour, the rest in the defect colour), ticks for events above
 * A and below B, the cells' window framed and the current round as a
 * line. Press or drag to move the replay.
 */
import { useMemo, useRef } from 'preact/hooks'
import { css, paletteCache, scrubHandlers, useLayers, useThemeTick, useWidth } from './canvas'
import type { MatchEvents } from './events'
import type { Replay } from './useReplay'

const H = 52
const TICK = 6
const BAND = 16
const GAP = 4
const Y_A = TICK + 2
const Y_B = Y_A + BAND + GAP

/** Prefix sums of C: cs[i] is the number of C among the first i moves, so any bin's share costs O(1). */
function cooperations(moves: string): Uint32Array {
  const cs = new Uint32Array(moves.length + 1)
  for (let i = 0; i < moves.length; i++) cs[i + 1] = cs[i]! + (moves[i] === 'C' ? 1 : 0)
  return cs
}

export function Overview({ moves, events, replay, window: [from, to] }: { moves: [string, string]; events: MatchEvents; replay: Replay; window: [number, number] }) {
  const { round, count, go } = replay
  const box = useRef<HTMLDivElement>(null)
  const canvas = useRef<HTMLCanvasElement>(null)
  const width = useWidth(box)
  const theme = useThemeTick()
  const palette = useMemo(() => paletteCache({ coop: '--coop', defect: '--defect', fault: '--fault', flip: '--flip', text: '--text', focus: '--focus' }), [])
  const cs = useMemo(() => [cooperations(moves[0]), cooperations(moves[1])] as const, [moves])
  const x = (r: number) => (r / Math.max(1, count)) * width

  useLayers(
    canvas,
    width,
    H,
    (ctx, el) => {
      const p = palette(el, theme)
      const [coop, defect] = [css(p.coop), css(p.defect)]
      // One column per pixel (or per round when rounds are wider than a pixel); the share
      // of C as the height of the coop colour: mixed rounds read as a bar, not a muddy blend.
      const columns = Math.min(count, Math.max(1, Math.floor(width)))
      for (let c = 0; c < columns; c++) {
        const r0 = Math.floor((c * count) / columns)
        const r1 = Math.max(r0 + 1, Math.floor(((c + 1) * count) / columns))
        const x0 = x(r0)
        const w = Math.max(1, x(r1) - x0)
        for (const side of [0, 1] as const) {
          const h = ((cs[side][r1]! - cs[side][r0]!) / (r1 - r0)) * BAND
          const y = side === 0 ? Y_A : Y_B
          ctx.fillStyle = defect
          ctx.fillRect(x0, y, w, BAND - h)
          ctx.fillStyle = coop
          ctx.fillRect(x0, y + BAND - h, w, h)
        }
      }
      // Events: a tick per round with one, the more serious kind on top.
      const colour = { fault: css(p.fault), flip: css(p.flip), fine: css(p.text) }
      const tickWidth = Math.max(1.5, width / count)
      for (const side of [0, 1] as const) {
        const y = side === 0 ? 0 : H - TICK
        for (const [r, e] of events.byRound[side]) {
          ctx.fillStyle = e.faults.length ? colour.fault : e.flip ? colour.flip : colour.fine
          ctx.fillRect(x(Math.max(0, r)), y, tickWidth, TICK)
        }
      }
      // The window of cells, when it is not the whole match.
      if (to - from < count) {
        ctx.strokeStyle = css(p.text)
        ctx.lineWidth = 1
        ctx.strokeRect(x(from) + 0.5, Y_A - 1.5, Math.max(2, x(to) - x(from) - 1), BAND * 2 + GAP + 3)
      }
    },
    [theme, cs, events, count, from, to],
    (ctx, el) => {
      ctx.fillStyle = css(palette(el, theme).focus)
      ctx.fillRect(Math.min(width - 3, x(round) + (width / count - 3) / 2), 0, 3, H)
    },
    [round],
  )

  const share = (side: 0 | 1) => Math.round((cs[side][count]! / Math.max(1, count)) * 100)
  return (
    <div class="overview" ref={box}>
      <canvas
        ref={canvas}
        role="img"
        aria-label={`All ${count} rounds: A cooperated in ${share(0)}% of them, B in ${share(1)}%; round ${round + 1} is marked.`}
        {...scrubHandlers(count, go)}
      />
    </div>
  )
}

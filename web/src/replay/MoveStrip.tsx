/**
 * The match's rounds as C/D cells, a row for each player, the current round
 * highlighted and the events marked above A's row and below B's. At most
 * WINDOW rounds are cells at a time (the window follows the current round
 * PAGE rounds at a time, and the cells are only redrawn when it moves), so
 * 10,000 rounds cost no more elements than 200; the overview shows them all.
 */
import { useLayoutEffect, useMemo, useRef } from 'preact/hooks'
import { useWidth } from './canvas'
import { kindsOf, type MatchEvents } from './events'
import { Mark } from './Marks'
import type { Replay } from './useReplay'

export const CELL = 18
export const WINDOW = 200
const PAGE = 50

/** The rounds shown as cells, [start, end): all of them up to WINDOW, else WINDOW with the current round near the middle. */
export function windowOf(round: number, count: number): [number, number] {
  if (count <= WINDOW) return [0, count]
  const start = Math.min(count - WINDOW, Math.max(0, Math.floor((round - WINDOW / 2 + PAGE / 2) / PAGE) * PAGE))
  return [start, start + WINDOW]
}

export function MoveStrip({ moves, events, replay }: { moves: [string, string]; events: MatchEvents; replay: Replay }) {
  const { round, count, go } = replay
  const [start, end] = windowOf(round, count)
  const scroller = useRef<HTMLDivElement>(null)
  // Its width and scroll as last seen: reading them from the element on every step would force a layout of the page each time.
  const visible = useWidth(scroller)
  const scrolled = useRef(0)

  // The current round stays in sight: when it nears an edge, the strip scrolls to put it in the middle.
  useLayoutEffect(() => {
    const el = scroller.current
    const at = (round - start) * CELL
    if (!el || visible < 1) return
    if (at < scrolled.current + 2 * CELL || at > scrolled.current + visible - 3 * CELL) {
      el.scrollLeft = at + CELL / 2 - visible / 2
      scrolled.current = el.scrollLeft
    }
  }, [round, start, visible])

  // The same elements whatever the round inside the window (keys are positions), so stepping changes none of them.
  const strip = useMemo(() => {
    const rounds = Array.from({ length: end - start }, (_, k) => start + k)
    const marks = (side: 0 | 1) =>
      rounds.map((r, k) => {
        const kinds = kindsOf(events.byRound[side].get(r))
        return kinds.length ? (
          <span key={k} class="strip-mark" style={{ left: `${k * CELL}px` }} data-round={r}>
            {kinds.map((kind) => (
              <Mark key={kind} kind={kind} />
            ))}
          </span>
        ) : null
      })
    const cells = (side: 0 | 1) =>
      rounds.map((r, k) => {
        const move = moves[side][r] === 'C' ? 'C' : 'D'
        return (
          <span key={k} class={`cell ${move === 'C' ? 'c' : 'd'}`} data-round={r}>
            {move}
          </span>
        )
      })
    return (
      <>
        <div class="strip-ruler">
          {rounds.map((r, k) =>
            k === 0 || (r + 1) % 10 === 0 ? (
              <span key={k} style={{ left: `${k * CELL}px` }}>
                {r + 1}
              </span>
            ) : null,
          )}
        </div>
        <div class="strip-marks">{marks(0)}</div>
        <div class="strip-row a" data-side="A">
          {cells(0)}
        </div>
        <div class="strip-row b" data-side="B">
          {cells(1)}
        </div>
        <div class="strip-marks">{marks(1)}</div>
      </>
    )
  }, [moves, events, start, end])

  const onClick = (e: MouseEvent) => {
    const r = (e.target as HTMLElement).closest<HTMLElement>('[data-round]')?.dataset.round
    if (r !== undefined) go(Number(r))
  }
  return (
    <figure class="move-strip">
      <figcaption class="muted">
        {count <= WINDOW ? `All ${count} rounds` : `Rounds ${start + 1}–${end} of ${count} (the overview above shows them all)`}: click a round to go to it.
      </figcaption>
      <div class="strip-frame">
        <div class="strip-labels" aria-hidden="true">
          <span />
          <span />
          <b>A</b>
          <b>B</b>
        </div>
        <div class="strip-scroll" ref={scroller} onClick={onClick} onScroll={(e) => (scrolled.current = e.currentTarget.scrollLeft)} aria-hidden="true">
          <div class="strip" style={{ width: `${(end - start) * CELL}px` }}>
            {strip}
            <div class="strip-cursor" style={{ left: `${(round - start) * CELL}px` }} data-round={round} />
            <div class="strip-now" style={{ left: `${(round - start) * CELL}px` }} />
          </div>
        </div>
      </div>
    </figure>
  )
}

/**
 * A heatmap of an n×n matrix (who scored what against whom), drawn on a
 * canvas. Why a canvas and not SVG like the other charts: at 200 strategies
 * the grid is 40,000 cells, and 40,000 SVG elements cost megabytes of DOM
 * and a slow layout on every theme switch or resize, while a canvas paints
 * them in a few milliseconds. What SVG would give for free is added by hand:
 * the cell under the pointer shows in a tooltip, the canvas takes the
 * keyboard focus and the arrow keys move a selected cell whose row, column
 * and value are read out in text (aria-live), and a colour legend gives the
 * scale. The geometry (cell size, which axis labels print, hit testing) is
 * in heatmap-layout.ts, tested in Node at 45 and 200 strategies.
 */
import type { ComponentChildren } from 'preact'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks'
import { cellAt, heatmapLayout, heatPosition, heatScale, labelled, mix, parseHex, type HeatmapLayout } from './heatmap-layout'

export interface HeatmapProps {
  /** Row and column labels (the same strategies on both axes), in display order. */
  labels: readonly string[]
  /** values[row][col], in display order. */
  values: readonly (readonly number[])[]
  /** Accessible name of the chart. */
  title: string
  /** What a value is, after the number: "points per round". */
  unit: string
  /** How values print. */
  format?: (v: number) => string
  /** Extra content of the readout for the selected cell (e.g. links to both strategies). */
  readoutExtra?: (row: number, col: number) => ComponentChildren
}

interface Cell {
  row: number
  col: number
}

/** The theme's colours, read from the CSS variables (they change with the theme). */
function themeColours(el: Element) {
  const s = getComputedStyle(el)
  const v = (name: string) => s.getPropertyValue(name).trim()
  return { low: parseHex(v('--heat-low')), high: parseHex(v('--heat-high')), text: v('--text'), focus: v('--focus') }
}

/** Re-render when the theme changes (the toggle sets data-theme; the system may switch too). */
function useThemeTick(): number {
  const [tick, setTick] = useState(0)
  useEffect(() => {
    const bump = () => setTick((t) => t + 1)
    const observer = new MutationObserver(bump)
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
    const media = matchMedia('(prefers-color-scheme: dark)')
    media.addEventListener('change', bump)
    return () => {
      observer.disconnect()
      media.removeEventListener('change', bump)
    }
  }, [])
  return tick
}

function useWidth(ref: { current: HTMLElement | null }): number {
  const [width, setWidth] = useState(0)
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    setWidth(el.clientWidth)
    const observer = new ResizeObserver(() => setWidth(el.clientWidth))
    observer.observe(el)
    return () => observer.disconnect()
  }, [])
  return width
}

/** The tooltip's width (its CSS max-width). */
const TIP_WIDTH = 240

/** Colour steps of the scale: enough that neighbouring values stay distinct, few enough to build once per paint. */
const STEPS = 256

/**
 * Paints the grid and the axis labels onto a canvas of its own, once per
 * layout, data and theme; moving the selection then only copies it and
 * strokes one cell (a repaint of 40,000 cells on every arrow key would lag).
 */
function paintGrid(layout: HeatmapLayout, props: HeatmapProps, lo: number, hi: number, colours: ReturnType<typeof themeColours>, dpr: number): HTMLCanvasElement {
  const grid = document.createElement('canvas')
  grid.width = Math.round(layout.width * dpr)
  grid.height = Math.round(layout.height * dpr)
  const ctx = grid.getContext('2d')
  if (!ctx) return grid
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
  const palette = Array.from({ length: STEPS }, (_, k) => mix(colours.low, colours.high, k / (STEPS - 1)))
  const { n, cell, left, top } = layout
  for (let r = 0; r < n; r++) {
    const row = props.values[r]!
    for (let k = 0; k < n; k++) {
      ctx.fillStyle = palette[Math.round(heatPosition(row[k]!, lo, hi) * (STEPS - 1))]!
      ctx.fillRect(left + k * cell, top + r * cell, cell, cell)
    }
  }
  ctx.font = '11px system-ui, sans-serif'
  ctx.textBaseline = 'middle'
  ctx.fillStyle = colours.text
  // Columns: rank numbers (names would not fit above narrow columns).
  ctx.textAlign = 'center'
  for (let k = 0; k < n; k++) if (labelled(layout, k + 1)) ctx.fillText(String(k + 1), left + (k + 0.5) * cell, top / 2)
  // Rows: "rank name" when a row is tall enough, else rank numbers like the columns.
  ctx.textAlign = 'right'
  for (let r = 0; r < n; r++) {
    const y = top + (r + 0.5) * cell
    if (layout.rowLabels === 'names') ctx.fillText(fitText(ctx, `${r + 1} ${props.labels[r] ?? ''}`, left - 8), left - 4, y)
    else if (labelled(layout, r + 1)) ctx.fillText(String(r + 1), left - 4, y)
  }
  return grid
}

/** The painted grid, and the selected cell outlined. */
function draw(canvas: HTMLCanvasElement, grid: HTMLCanvasElement, layout: HeatmapLayout, selected: Cell | null, focus: string) {
  if (canvas.width !== grid.width || canvas.height !== grid.height) {
    canvas.width = grid.width
    canvas.height = grid.height
  }
  const ctx = canvas.getContext('2d')
  if (!ctx) return
  ctx.setTransform(1, 0, 0, 1, 0, 0)
  ctx.clearRect(0, 0, canvas.width, canvas.height)
  ctx.drawImage(grid, 0, 0)
  if (!selected) return
  const dpr = grid.width / layout.width
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
  ctx.lineWidth = 2
  ctx.strokeStyle = focus
  ctx.strokeRect(layout.left + selected.col * layout.cell - 1, layout.top + selected.row * layout.cell - 1, layout.cell + 2, layout.cell + 2)
}

/** The text cut with an ellipsis to `width` pixels. */
function fitText(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text
  let t = text
  while (t.length > 1 && ctx.measureText(t + '…').width > width) t = t.slice(0, -1)
  return t + '…'
}

export function Heatmap(props: HeatmapProps) {
  const { labels, values, title, unit } = props
  const format = props.format ?? ((v: number) => v.toFixed(2))
  const wrap = useRef<HTMLDivElement>(null)
  const canvas = useRef<HTMLCanvasElement>(null)
  const width = useWidth(wrap)
  const theme = useThemeTick()
  const n = labels.length
  const layout = useMemo(() => heatmapLayout(n, width || 640), [n, width])
  const { lo, hi, ticks } = useMemo(() => heatScale(values), [values])
  const [selected, setSelected] = useState<Cell | null>(null)
  const [hover, setHover] = useState<(Cell & { x: number; y: number }) | null>(null)

  const grid = useRef<{ canvas: HTMLCanvasElement; focus: string } | null>(null)
  useEffect(() => {
    if (!canvas.current) return
    const colours = themeColours(canvas.current)
    grid.current = { canvas: paintGrid(layout, props, lo, hi, colours, window.devicePixelRatio || 1), focus: colours.focus }
  }, [layout, values, labels, lo, hi, theme])
  useEffect(() => {
    if (canvas.current && grid.current) draw(canvas.current, grid.current.canvas, layout, selected, grid.current.focus)
  }, [layout, values, labels, lo, hi, selected, theme])

  const describe = (cell: Cell) => `#${cell.row + 1} ${labels[cell.row]} against #${cell.col + 1} ${labels[cell.col]}: ${format(values[cell.row]![cell.col]!)} ${unit}`

  const onKey = (e: KeyboardEvent) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], PageUp: [-10, 0], PageDown: [10, 0] }
    const at = selected ?? { row: 0, col: 0 }
    let next: Cell | null = null
    if (moves[e.key]) {
      const [dr, dc] = moves[e.key]!
      next = selected ? { row: clamp(at.row + dr, n), col: clamp(at.col + dc, n) } : at
    } else if (e.key === 'Home') next = { row: at.row, col: 0 }
    else if (e.key === 'End') next = { row: at.row, col: n - 1 }
    if (!next) return
    e.preventDefault()
    setSelected(next)
    scrollIntoView(next)
  }

  /** Keep the selected cell visible when the chart scrolls sideways (a phone at 200 strategies). */
  const scrollIntoView = (cell: Cell) => {
    const box = wrap.current
    if (!box) return
    const x = layout.left + cell.col * layout.cell
    if (x < box.scrollLeft + layout.left) box.scrollLeft = Math.max(0, x - layout.left)
    else if (x + layout.cell > box.scrollLeft + box.clientWidth) box.scrollLeft = x + layout.cell - box.clientWidth + 8
  }

  /** Beside the pointer, but within the part of the chart in view (it may scroll sideways). */
  const tipLeft = (x: number) => {
    const box = wrap.current
    const right = box ? box.scrollLeft + box.clientWidth : layout.width
    return Math.max(0, Math.min(x + 14, right - TIP_WIDTH - 8))
  }

  const pointAt = (e: MouseEvent): (Cell & { x: number; y: number }) | null => {
    const rect = (e.currentTarget as HTMLCanvasElement).getBoundingClientRect()
    const x = e.clientX - rect.left
    const y = e.clientY - rect.top
    const cell = cellAt(layout, x, y)
    return cell ? { ...cell, x, y } : null
  }

  return (
    <figure class="heatmap">
      <div class="heatmap-scroll scroll-x" ref={wrap}>
        <div class="heatmap-stage" style={{ width: `${layout.width}px` }}>
          <canvas
            ref={canvas}
            class="heatmap-canvas"
            style={{ width: `${layout.width}px`, height: `${layout.height}px` }}
            tabIndex={0}
            role="application"
            aria-roledescription="heatmap"
            aria-label={`${title}. ${n} by ${n} cells, ordered by rank. Arrow keys move the selected cell, Page Up and Page Down by ten rows, Home and End to the row's ends; the selected cell is read out below.`}
            aria-describedby="heatmap-readout"
            data-n={n}
            data-cell={layout.cell}
            data-left={layout.left}
            data-top={layout.top}
            onKeyDown={onKey}
            onFocus={() => setSelected((s) => s ?? { row: 0, col: 0 })}
            onPointerMove={(e) => setHover(pointAt(e))}
            onPointerLeave={() => setHover(null)}
            onClick={(e) => {
              const cell = pointAt(e)
              if (cell) setSelected({ row: cell.row, col: cell.col })
            }}
          />
          {hover && (
            <div class="heatmap-tip" role="tooltip" style={{ left: `${tipLeft(hover.x)}px`, top: `${hover.y + 14}px` }}>
              {describe(hover)}
            </div>
          )}
        </div>
      </div>
      <figcaption>
        <Legend lo={lo} hi={hi} ticks={ticks} unit={unit} format={format} />
        <p id="heatmap-readout" class="heatmap-readout" aria-live="polite">
          {selected ? (
            <>
              <span class="heatmap-selected">{describe(selected)}</span>
              {props.readoutExtra?.(selected.row, selected.col)}
            </>
          ) : (
            <span class="muted">Point at a cell, or focus the chart and use the arrow keys, to read a score.</span>
          )}
        </p>
      </figcaption>
    </figure>
  )
}

function clamp(i: number, n: number): number {
  return Math.max(0, Math.min(n - 1, i))
}

/** The colour scale: a gradient bar from the lowest to the highest value, with nice ticks. */
function Legend({ lo, hi, ticks, unit, format }: { lo: number; hi: number; ticks: number[]; unit: string; format: (v: number) => string }) {
  return (
    <div class="heat-legend" aria-label={`Colour scale: from ${format(lo)} (pale) to ${format(hi)} (deep) ${unit}`} role="img">
      <div class="heat-legend-bar" />
      <div class="heat-legend-ticks">
        {ticks
          .filter((t) => t >= lo && t <= hi)
          .map((t) => (
            <span key={t} style={{ left: `${heatPosition(t, lo, hi) * 100}%` }}>
              {String(Number(t.toPrecision(4)))}
            </span>
          ))}
      </div>
      <span class="heat-legend-unit muted">{unit}</span>
    </div>
  )
}

/**
 * The heatmap's geometry, apart from drawing, so that its readability at
 * 45 and at 200 strategies is checked by a plain Node test
 * (test/web-heatmap.test.ts): how big a cell is, what the axes say, where a
 * pointer lands, and which colour a value gets.
 */
import { niceTicks } from './scale'

/** Smallest cell: at 200 strategies a 3 px cell makes a 600 px square, which scrolls on a phone. */
export const MIN_CELL = 3
/** Largest cell: beyond it a small tournament's heatmap would only be big, not clearer. */
export const MAX_CELL = 22
/** Rows are labelled with names when a cell is at least this tall (the 11 px label font fits). */
export const NAME_CELL = 12
/** Width kept for row names ("12 Omega Tit For Tat"), cut to fit with an ellipsis. */
export const NAME_WIDTH = 150
/** Room for rank numbers (up to "200") along an axis. */
export const RANK_WIDTH = 30
/** Room above the grid for the column ranks. */
export const TOP = 22
/** Least distance between two printed rank labels, in pixels: 7 px a digit of the largest rank, and 4 px of air. */
export function labelGap(n: number): number {
  return String(n).length * 7 + 4
}

export interface HeatmapLayout {
  n: number
  cell: number
  /** 'names': each row shows its rank and name; 'ranks': every `every`-th rank is printed on both axes. */
  rowLabels: 'names' | 'ranks'
  /** Rank labels print at the multiples of `every` (both axes in 'ranks' mode, the columns in 'names' mode): see labelled(). */
  every: number
  /** The grid's top-left corner in the canvas. */
  left: number
  top: number
  /** The whole canvas, in CSS pixels. */
  width: number
  height: number
}

const STEPS = [1, 2, 5, 10, 20, 25, 50, 100]

/**
 * The layout of an n×n heatmap in `available` CSS pixels of width. The grid
 * fills the width (cells from MIN_CELL to MAX_CELL); when even MIN_CELL does
 * not fit, the canvas is wider than the space and its container scrolls.
 */
export function heatmapLayout(n: number, available: number): HeatmapLayout {
  const fit = (left: number) => Math.floor((available - left - 4) / Math.max(1, n))
  let left = NAME_WIDTH
  let cell = Math.min(MAX_CELL, fit(left))
  let rowLabels: HeatmapLayout['rowLabels'] = 'names'
  if (cell < NAME_CELL) {
    rowLabels = 'ranks'
    left = RANK_WIDTH
    cell = Math.max(MIN_CELL, Math.min(MAX_CELL, fit(left)))
  }
  const gap = labelGap(n)
  const every = STEPS.find((s) => s * cell >= gap) ?? 100
  return { n, cell, rowLabels, every, left, top: TOP, width: left + n * cell + 4, height: TOP + n * cell + 4 }
}

/** Whether rank r (1-based) gets a printed label on the rank axes: rank 1 (the winner), then the multiples of `every` that are far enough from it. */
export function labelled(layout: HeatmapLayout, r: number): boolean {
  if (r === 1) return true
  return r % layout.every === 0 && (r - 1) * layout.cell >= labelGap(layout.n)
}

/** The cell under a point of the canvas (CSS pixels), or null outside the grid. */
export function cellAt(layout: HeatmapLayout, x: number, y: number): { row: number; col: number } | null {
  const col = Math.floor((x - layout.left) / layout.cell)
  const row = Math.floor((y - layout.top) / layout.cell)
  if (col < 0 || row < 0 || col >= layout.n || row >= layout.n) return null
  return { row, col }
}

/** The colour scale's ends (rounded outwards to nice ticks) and its ticks. */
export function heatScale(values: readonly (readonly number[])[]): { lo: number; hi: number; ticks: number[] } {
  let lo = Infinity
  let hi = -Infinity
  for (const row of values) for (const v of row) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v))
  if (!Number.isFinite(lo)) return { lo: 0, hi: 1, ticks: [0, 1] }
  if (hi === lo) hi = lo + 1
  const ticks = niceTicks(lo, hi, 5)
  return { lo, hi, ticks }
}

/** A value's place on the scale, 0 to 1. */
export function heatPosition(v: number, lo: number, hi: number): number {
  return Math.max(0, Math.min(1, (v - lo) / (hi - lo)))
}

/** Mix two colours given as [r, g, b], t from 0 (a) to 1 (b). */
export function mix(a: readonly number[], b: readonly number[], t: number): string {
  const c = [0, 1, 2].map((i) => Math.round(a[i]! + (b[i]! - a[i]!) * t))
  return `rgb(${c[0]},${c[1]},${c[2]})`
}

/** A CSS colour "#rrggbb" or "#rgb" as [r, g, b]; black for anything else. */
export function parseHex(color: string): [number, number, number] {
  let h = color.trim().replace(/^#/, '')
  if (/^[0-9a-f]{3}$/i.test(h)) h = [...h].map((ch) => ch + ch).join('')
  if (!/^[0-9a-f]{6}$/i.test(h)) return [0, 0, 0]
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)]
}

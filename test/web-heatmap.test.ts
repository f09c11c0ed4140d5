/**
 * The tournament page's heatmap stays readable at 45 and at 200 strategies
 * (issue 9): its layout function (web/src/charts/heatmap-layout.ts), which
 * the canvas draws from, checked at phone and desktop widths. The browser
 * test (test/browser/tournament.test.ts) checks the drawn chart of a real
 * run; a 200-strategy run is too slow for it, so 200 is checked here.
 */
import { describe, expect, it } from 'vitest'
import { cellAt, heatmapLayout, heatPosition, heatScale, labelGap, labelled, MIN_CELL, mix, parseHex } from '../web/src/charts/heatmap-layout'

/** Width the heatmap gets: main (max 1180 px, 1 rem padding) less the card's padding; a 390 px phone (0.6 rem padding). */
const DESKTOP = 1180 - 32 - 34
const PHONE = 390 - 19 - 34

const printedRanks = (n: number, layout: ReturnType<typeof heatmapLayout>) => Array.from({ length: n }, (_, i) => i + 1).filter((r) => labelled(layout, r))

/** Printed labels never crowd each other: neighbours at least labelGap(n) pixels apart (the widest label, "200", is about 21 px). */
function spaced(n: number, layout: ReturnType<typeof heatmapLayout>): void {
  const ranks = printedRanks(n, layout)
  expect(ranks[0]).toBe(1)
  for (let k = 1; k < ranks.length; k++) expect((ranks[k]! - ranks[k - 1]!) * layout.cell, `n=${n}: ${ranks[k - 1]} and ${ranks[k]}`).toBeGreaterThanOrEqual(labelGap(n))
}

describe('the heatmap layout', () => {
  it('at 45 strategies on a desktop: cells big enough for a name on every row and a rank on every column', () => {
    const l = heatmapLayout(45, DESKTOP)
    expect(l.rowLabels).toBe('names')
    expect(l.cell).toBeGreaterThanOrEqual(18)
    expect(l.every).toBe(1)
    expect(printedRanks(45, l)).toHaveLength(45)
    spaced(45, l)
    expect(l.width).toBeLessThanOrEqual(DESKTOP)
  })

  it('at 45 strategies on a phone: rank numbers, spaced so they do not overlap, and no sideways scrolling', () => {
    const l = heatmapLayout(45, PHONE)
    expect(l.rowLabels).toBe('ranks')
    expect(l.cell).toBeGreaterThanOrEqual(6)
    expect(l.width).toBeLessThanOrEqual(PHONE)
    spaced(45, l)
    expect(printedRanks(45, l)).toContain(45)
  })

  it('keeps labels apart at every size from 2 to 200 strategies, phone and desktop', () => {
    for (let n = 2; n <= 200; n++) for (const width of [PHONE, DESKTOP]) spaced(n, heatmapLayout(n, width))
  })

  it('at 200 strategies on a desktop: ranks on the axes every few cells, cells of at least 3 px, within the width', () => {
    const l = heatmapLayout(200, DESKTOP)
    expect(l.rowLabels).toBe('ranks')
    expect(l.cell).toBeGreaterThanOrEqual(MIN_CELL)
    expect(l.width).toBeLessThanOrEqual(DESKTOP)
    spaced(200, l)
    const ranks = printedRanks(200, l)
    expect(ranks.length).toBeGreaterThan(10)
    expect(ranks.length).toBeLessThan(200 / 2)
    expect(ranks).toContain(200)
  })

  it('at 200 strategies on a phone: 3 px cells, so the chart is wider than the phone and scrolls sideways', () => {
    const l = heatmapLayout(200, PHONE)
    expect(l.cell).toBe(MIN_CELL)
    expect(l.width).toBeGreaterThan(PHONE)
    expect(l.width).toBe(l.left + 200 * MIN_CELL + 4)
    spaced(200, l)
  })

  it('finds the cell under a point, at 200 strategies too, and nothing outside the grid', () => {
    const l = heatmapLayout(200, PHONE)
    expect(cellAt(l, l.left + 0.5, l.top + 0.5)).toEqual({ row: 0, col: 0 })
    expect(cellAt(l, l.left + 199 * l.cell + 1, l.top + 57 * l.cell + 1)).toEqual({ row: 57, col: 199 })
    expect(cellAt(l, l.left - 1, l.top + 1)).toBeNull()
    expect(cellAt(l, l.left + 200 * l.cell, l.top + 1)).toBeNull()
    const d = heatmapLayout(45, DESKTOP)
    expect(cellAt(d, d.left + 3.5 * d.cell, d.top + 10.5 * d.cell)).toEqual({ row: 10, col: 3 })
  })

  it('scales colours from the lowest to the highest value, with ticks inside the range', () => {
    const { lo, hi, ticks } = heatScale([
      [0.2, 3],
      [5, 1],
    ])
    expect([lo, hi]).toEqual([0.2, 5])
    expect(ticks.every((t) => t >= lo && t <= hi)).toBe(true)
    expect(ticks.length).toBeGreaterThanOrEqual(3)
    expect(heatPosition(0.2, lo, hi)).toBe(0)
    expect(heatPosition(5, lo, hi)).toBe(1)
    expect(mix(parseHex('#000'), parseHex('#ffffff'), 0.5)).toBe('rgb(128,128,128)')
    expect(parseHex('#1f6f8b')).toEqual([31, 111, 139])
  })
})

/**
 * The tournament page against the running platform: once the seeded
 * demo-classics run has finished, the rules read as the API has them, the
 * heatmap is the run's matrix in rank order (read through its tooltip and
 * its keyboard readout), the cooperation bars and the ecological chart show
 * the run's numbers, and past runs link to their pages. Signed in, a
 * strategy can be entered and a refused one says why next to the field; the
 * host of a tournament can run it now and lands on the run's page.
 */
import type { Page } from 'playwright-core'
import { beforeAll, expect, it } from 'vitest'
import { account, apiCall, describeBrowser, eventually, newPage, screenshots, signInPage } from './browser'

const DEMO = 'demo-classics'

/** The latest finished run of a tournament, once there is one (the demo's first run starts on the first tick). */
async function finishedRun(tournamentId: string): Promise<any> {
  const runId = await eventually(
    async () => {
      const h = await apiCall('GET', `/api/tournaments/${tournamentId}/history`)
      return h.status === 200 && h.body.runs.length > 0 ? (h.body.runs[0].id as string) : undefined
    },
    170_000,
    `a finished run of ${tournamentId}`,
  )
  return (await apiCall('GET', `/api/runs/${runId}`)).body
}

/** Point at a heatmap cell (0-based row and column in rank order) and read the tooltip. */
async function tooltipAt(page: Page, row: number, col: number): Promise<string> {
  const canvas = page.locator('.heatmap-canvas')
  await canvas.scrollIntoViewIfNeeded()
  const [left, top, cell] = await Promise.all(['data-left', 'data-top', 'data-cell'].map(async (a) => Number(await canvas.getAttribute(a))))
  // Scroll the cell itself into the middle of the viewport: a tall heatmap is higher than the window.
  const y = top! + (row + 0.5) * cell!
  await canvas.evaluate((el, y) => window.scrollBy(0, el.getBoundingClientRect().top + y - window.innerHeight / 2), y)
  const box = (await canvas.boundingBox())!
  await page.mouse.move(box.x + left! + (col + 0.5) * cell!, box.y + y)
  return (await page.locator('.heatmap-tip').textContent())!
}

/** The run the page shows as the latest (a scheduled run may finish while the tests run), from the API. */
async function shownRun(page: Page): Promise<any> {
  const href = await page.locator('.latest-run a').getAttribute('href')
  expect(href).toMatch(/^\/runs\/[0-9a-z]+$/)
  const res = await apiCall('GET', `/api/runs/${href!.slice('/runs/'.length)}`)
  expect(res.body).toMatchObject({ tournamentId: DEMO, status: 'finished' })
  return res.body
}

function pct(x: number): string {
  return `${(x * 100).toFixed(0)}%`
}

describeBrowser('the tournament page', () => {
  let tournament: any
  beforeAll(async () => {
    await finishedRun(DEMO)
    tournament = (await apiCall('GET', `/api/tournaments/${DEMO}`)).body
  }, 180_000)

  it('says the rules, the game and the schedule as the API has them, with a live countdown', async () => {
    const page = await newPage()
    await page.goto(`/tournaments/${DEMO}`)
    await page.getByRole('heading', { name: tournament.name }).waitFor()
    const { payoffs, turns, repetitions } = tournament.rules
    for (const key of ['R', 'S', 'T', 'P']) expect(await page.locator(`[data-payoff=${key}] .payoff-value`).textContent()).toBe(String(payoffs[key]))
    const rules = await page.locator('.rules-list').textContent()
    expect(rules).toContain(`Each match lasts ${turns} rounds`)
    expect(rules).toContain(`plays ${repetitions} times per run`)
    expect(rules).toContain('No noise')
    expect(rules).toContain('No mechanisms')
    expect(await page.locator('[data-kind]').getAttribute('data-kind')).toBe(tournament.classification.kind)
    expect(await page.locator('[data-kind]').textContent()).toBe("a prisoner's dilemma")
    expect(await page.locator('.verdict').getAttribute('data-verdict')).toBe(tournament.dilemmaTest.verdict.code)
    expect(await page.locator('.verdict').textContent()).toContain(tournament.dilemmaTest.verdict.text)
    expect(await page.locator('.schedule').textContent()).toContain('Runs every 10 minutes (cron */10 * * * *, UTC)')
    expect(await page.locator('.entry-policy').textContent()).toContain('Open: anyone signed in may enter, 1 strategy per account.')
    const first = await page.locator('.countdown').textContent()
    expect(first).toMatch(/^in (\d+ min )?\d+ s$|^starting now$/)
    await eventually(async () => (await page.locator('.countdown').textContent()) !== first, 5000, 'the countdown to move')
    expect(await page.locator('.entrants summary').textContent()).toBe(`${tournament.entries.length} strategies entered`)
    // Signed out: where to sign in and to write a strategy, and no host button.
    expect(await page.locator('.card a[href="/account"]').count()).toBe(1)
    expect(await page.locator('.card a[href="/submit"]').count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Run now' }).count()).toBe(0)
    expect(page.errors).toEqual([])
  })

  it("shows the latest run's standings, its heatmap in rank order, cooperation bars and the ecology", async () => {
    const page = await newPage()
    await page.goto(`/tournaments/${DEMO}`)
    const canvas = page.locator('.heatmap-canvas')
    await canvas.waitFor()
    const run = await shownRun(page)
    const n = run.players.length
    expect(n).toBeGreaterThanOrEqual(45)
    // Standings, linked to the strategies.
    const shown = await page.locator('table.standings tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-strategy')))
    expect(shown).toEqual(run.standings.slice(0, 20).map((s: any) => s.strategyId))
    expect(await page.locator('table.standings tbody tr').first().locator('a').getAttribute('href')).toBe(`/strategies/${run.standings[0].strategyId}`)
    await page.getByRole('button', { name: `Show all ${n}` }).click()
    expect(await page.locator('table.standings tbody tr').count()).toBe(n)

    // The heatmap: n × n cells, rows and columns in rank order, values from the run's matrix.
    expect(Number(await canvas.getAttribute('data-n'))).toBe(n)
    const index = new Map(run.players.map((p: any, i: number) => [p.strategyId, i]))
    const value = (r: number, c: number) => run.payoffMatrix[index.get(run.standings[r].strategyId) as number][index.get(run.standings[c].strategyId) as number] as number
    const expected = (r: number, c: number) => `#${r + 1} ${run.standings[r].name} against #${c + 1} ${run.standings[c].name}: ${value(r, c).toFixed(2)} points per round`
    for (const [r, c] of [
      [0, 0],
      [0, n - 1],
      [n - 1, 0],
      [7, 3],
      [20, 33],
    ] as const) {
      expect(await tooltipAt(page, r, c)).toBe(expected(r, c))
    }
    // The canvas really paints the scale: the lowest and the highest cells differ in colour.
    let lowest: [number, number] = [0, 0]
    let highest: [number, number] = [0, 0]
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++) {
        if (value(r, c) < value(...lowest)) lowest = [r, c]
        if (value(r, c) > value(...highest)) highest = [r, c]
      }
    const pixel = ([r, c]: [number, number]) =>
      canvas.evaluate((el: HTMLCanvasElement, [r, c]) => {
        const cell = Number(el.dataset.cell)
        const dpr = el.width / el.getBoundingClientRect().width
        const x = (Number(el.dataset.left) + (c + 0.5) * cell) * dpr
        const y = (Number(el.dataset.top) + (r + 0.5) * cell) * dpr
        return Array.from(el.getContext('2d')!.getImageData(x, y, 1, 1).data).join(',')
      }, [r, c] as const)
    expect(await pixel(lowest)).not.toBe(await pixel(highest))
    // The keyboard: focus selects the first cell, the arrows move it, the readout says it.
    await canvas.focus()
    await expect.poll(() => page.locator('.heatmap-selected').textContent()).toBe(expected(0, 0))
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => page.locator('.heatmap-selected').textContent()).toBe(expected(1, 2))
    await page.keyboard.press('End')
    await expect.poll(() => page.locator('.heatmap-selected').textContent()).toBe(expected(1, n - 1))
    expect(await page.locator('.heat-legend-ticks span').count()).toBeGreaterThanOrEqual(3)

    // Cooperation bars, one per strategy in rank order.
    expect(await page.locator('.coop-row').count()).toBe(n)
    expect(await page.locator('.coop-row').first().getAttribute('data-strategy')).toBe(run.standings[0].strategyId)
    expect(await page.locator('.coop-row .coop-value').nth(3).textContent()).toBe(pct(run.standings[3].cooperationRate))

    // The ecology: the largest final share is named first, with its share.
    const last = run.ecology.shares[run.ecology.shares.length - 1] as number[]
    const top = last.indexOf(Math.max(...last))
    expect(await page.locator('.stacked-area path').count()).toBe(9)
    const legend = page.locator('.ecology-legend li').first()
    expect(await legend.locator('a').textContent()).toBe(run.players[top].name)
    expect(await legend.textContent()).toContain(`${(last[top]! * 100).toFixed(1)}%`)
    expect(page.errors).toEqual([])
  })

  it('lists past runs with their winners and ranks, and a run links to its page', async () => {
    const page = await newPage()
    await page.goto(`/tournaments/${DEMO}`)
    await page.locator('.latest-run a').waitFor()
    const run = await shownRun(page)
    const link = page.locator(`table.past-runs tr[data-run="${run.id}"] a[href="/runs/${run.id}"]`)
    await link.waitFor()
    expect(await page.locator(`table.past-runs tr[data-run="${run.id}"]`).textContent()).toContain(run.standings[0].name)
    expect(await page.locator('.rank-history tbody tr').count()).toBe(10)
    const firstRow = page.locator('.rank-history tbody tr').first()
    expect(await firstRow.getAttribute('data-strategy')).toBe(run.standings[0].strategyId)
    expect(await firstRow.locator('td').last().textContent()).toBe('1')
    expect(await page.locator('.bump-chart circle').count()).toBeGreaterThanOrEqual(10)
    await link.click()
    await page.waitForURL(`**/runs/${run.id}`)
    expect(page.errors).toEqual([])
  })

  it('enters a strategy of the signed-in account, and shows a refused entry next to the field', async () => {
    const who = await account('tourn')
    const made: { id: string; name: string }[] = []
    for (const name of ['Always C', 'Always D']) {
      const res = await apiCall('POST', '/api/strategies', { name, source: `export default () => '${name.slice(-1)}'`, public: true }, who.token)
      expect(res.status).toBe(201)
      made.push({ id: res.body.id, name })
    }
    const page = await newPage()
    await signInPage(page, who)
    await page.goto(`/tournaments/${DEMO}`)
    const select = page.getByLabel('Your strategy')
    await select.waitFor()
    expect(await select.locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value).sort())).toEqual(made.map((m) => m.id).sort())
    await select.selectOption(made[0]!.id)
    await page.getByRole('button', { name: 'Enter this strategy' }).click()
    await page.getByText(`Entered ${made[0]!.name}: it plays from the next run.`).waitFor()
    const entries = (await apiCall('GET', `/api/tournaments/${DEMO}`)).body.entries.map((e: any) => e.strategyId)
    expect(entries).toContain(made[0]!.id)
    await page.getByText(`Your ${made[0]!.name} is entered.`).waitFor()
    // One strategy per account: the second is refused (409), and the form says so beside the select.
    expect(await select.locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual([made[1]!.id])
    await page.getByRole('button', { name: 'Enter this strategy' }).click()
    const error = page.locator('label:has(select[name=strategyId]) .field-error')
    await error.waitFor()
    expect(await error.textContent()).toContain('this tournament takes at most 1 strategy per account')
    expect(await select.getAttribute('aria-invalid')).toBe('true')
    expect((await apiCall('GET', `/api/tournaments/${DEMO}`)).body.entries.map((e: any) => e.strategyId)).not.toContain(made[1]!.id)
    expect(await page.getByRole('button', { name: 'Run now' }).count()).toBe(0)
    expect(page.errors).toEqual([])
  })

  it("lets the host run the tournament now and goes to the run's page", async () => {
    const host = await account('thost')
    const created = await apiCall('POST', '/api/tournaments', { name: 'A small cup', rules: { turns: 10, repetitions: 1, noise: 0.05 }, entry: 'invite' }, host.token)
    expect(created.status).toBe(201)
    const id = created.body.id as string
    for (const strategyId of ['tit-for-tat', 'defector']) expect((await apiCall('POST', `/api/tournaments/${id}/entries`, { strategyId }, host.token)).status).toBe(201)
    const page = await newPage()
    await signInPage(page, host)
    await page.goto(`/tournaments/${id}`)
    await page.getByRole('heading', { name: 'A small cup' }).waitFor()
    expect(await page.locator('.rules-list').textContent()).toContain('Noise: each intended move is flipped with probability 5% (about 0.5 of 10 rounds a side).')
    expect(await page.locator('.schedule').textContent()).toBe('No schedule: runs start when the host starts one.')
    expect(await page.locator('.entry-policy').textContent()).toContain('By invitation')
    await page.getByText('No run has finished yet').waitFor()
    await page.getByRole('button', { name: 'Run now' }).click()
    await page.waitForURL(/\/runs\/[0-9a-z]+$/)
    const runId = new URL(page.url()).pathname.split('/').pop()
    expect((await apiCall('GET', `/api/tournaments/${id}`)).body.runs.map((r: any) => r.id)).toEqual([runId])
    expect(page.errors).toEqual([])
  })

  it('says the commons rules in words and shows its restraint rates', async () => {
    const commons = await finishedRun('demo-commons')
    const page = await newPage()
    await page.goto('/tournaments/demo-commons')
    await page.locator('.coop-row').first().waitFor()
    const t = (await apiCall('GET', '/api/tournaments/demo-commons')).body
    const rules = await page.locator('.rules-list').textContent()
    expect(rules).toContain(`Groups of ${t.rules.group} share a stock that holds at most ${t.rules.maxStock}`)
    expect(rules).toContain(`Restraint is a request of at most ${t.dilemmaTest.restraint} (the sustainable share)`)
    expect(await page.locator('[data-payoff=R] .payoff-value').textContent()).toBe(String(t.dilemmaTest.payoffs.R))
    expect(await page.locator('.coop-row').count()).toBe(commons.standings.length)
    expect(await page.locator('.coop-row .coop-value').first().textContent()).toBe(pct(commons.standings[0].cooperation))
    expect(await page.locator('.heatmap-canvas').count()).toBe(0)
    expect(page.errors).toEqual([])
  })

  it('saves screenshots in light and dark at phone and desktop widths', async () => {
    const files = await screenshots('tournament', `/tournaments/${DEMO}`, '.heatmap-canvas')
    expect(files).toHaveLength(4)
  })
})

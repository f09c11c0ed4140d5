/**
 * The match replay (/matches/:id) and the commons group replay
 * (/runs/:id/groups/:index) against the seeded demo runs: every round on the
 * strip, stepping with the buttons and the keys, the #round= permalink both
 * ways, verification in the browser (identical, and a tampered replay's
 * first difference), a 10,000-round match that stays light, and a group's
 * stock and seats.
 */
import type { Page } from 'playwright-core'
import { beforeAll, expect, it } from 'vitest'
import { account, apiCall, describeBrowser, eventually, newPage, screenshots } from './browser'

interface Side {
  strategyId: string
  name: string
  moves: string
  score: number
}
interface Match {
  id: string
  runId: string
  tournamentId: string
  a: Side
  b: Side
  payoffs: [number, number][]
}

/** The latest finished run of a tournament, waiting for the scheduler to start and finish one. */
async function finishedRun(tournamentId: string, ms = 150_000): Promise<string> {
  return eventually(
    async () => {
      const t = await apiCall<{ runs?: { id: string }[] }>('GET', `/api/tournaments/${tournamentId}`)
      for (const r of t.body?.runs ?? []) {
        const run = await apiCall<{ status: string }>('GET', `/api/runs/${r.id}`)
        if (run.body.status === 'finished') return r.id
      }
      return undefined
    },
    ms,
    `a finished run of ${tournamentId}`,
  )
}

/** The text a page shows for a number (replay/Heat.tsx's fmt). */
const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(Math.abs(x) >= 100 ? 0 : 2))

const readoutRound = (page: Page) => page.locator('.readout .readout-round').textContent()
const readoutMoves = async (page: Page) => [
  (await page.locator('.readout-move[data-side="A"] .cell').textContent())!,
  (await page.locator('.readout-move[data-side="B"] .cell').textContent())!,
]
const hashIs = (page: Page, hash: string) => page.waitForFunction((h) => location.hash === h, hash, { timeout: 5000 })

describeBrowser('the match replay', () => {
  let match: Match
  let totals: [number[], number[]]
  let tournamentName: string

  beforeAll(async () => {
    const list = await apiCall<{ entries: { id: string; name: string }[] }>('GET', '/api/tournaments?limit=100')
    tournamentName = list.body.entries.find((t) => t.id === 'demo-classics')!.name
    const runId = await finishedRun('demo-classics')
    const entries = (await apiCall<{ entries: { id: string; a: { strategyId: string }; b: { strategyId: string } }[] }>('GET', `/api/runs/${runId}/matches?strategyId=alternator`)).body.entries
    const entry = entries.find((m) => m.a.strategyId === 'alternator' && m.b.strategyId === 'tit-for-tat') ?? entries.find((m) => m.b.strategyId === 'alternator' && m.a.strategyId === 'tit-for-tat')
    expect(entry, 'a match of alternator and tit-for-tat in the demo run').toBeTruthy()
    match = (await apiCall<Match>('GET', `/api/matches/${entry!.id}`)).body
    const sum = (side: 0 | 1) => {
      let s = 0
      return match.payoffs.map((p) => (s += p[side]))
    }
    totals = [sum(0), sum(1)]
  }, 200_000)

  it('shows every round on the strip and steps with the buttons and the keys, keeping the round in the hash', async () => {
    const page = await newPage()
    // A clipboard that records what the page copies (a headless browser's own may refuse).
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (text: string) => void ((window as unknown as { copied: string }).copied = text) } })
    })
    await page.goto(`/matches/${match.id}`)
    await page.getByRole('heading', { level: 1 }).filter({ hasText: match.a.name }).waitFor()
    // Every round is a cell, in the API's order, for both players.
    const n = match.a.moves.length
    expect(n).toBe(200)
    expect(await page.locator('.strip-row.a .cell').count()).toBe(n)
    expect((await page.locator('.strip-row.a .cell').allTextContents()).join('')).toBe(match.a.moves)
    expect((await page.locator('.strip-row.b .cell').allTextContents()).join('')).toBe(match.b.moves)
    // Links to the run, the tournament and both strategies.
    await expect.poll(() => page.locator(`a[href="/runs/${match.runId}"]`).count()).toBeGreaterThan(0)
    await page.locator(`a[href="/tournaments/${match.tournamentId}"]`).filter({ hasText: tournamentName }).waitFor()
    await expect.poll(() => page.locator(`a[href="/strategies/${match.a.strategyId}"]`).count()).toBeGreaterThan(0)
    await expect.poll(() => page.locator(`a[href="/strategies/${match.b.strategyId}"]`).count()).toBeGreaterThan(0)

    const expectRound = async (r: number) => {
      await page.waitForFunction((want) => document.querySelector('.readout .readout-round')?.textContent === want, String(r + 1), { timeout: 5000 })
      expect(await readoutMoves(page)).toEqual([match.a.moves[r], match.b.moves[r]])
      expect(await page.locator('.readout-total[data-side="A"]').textContent()).toBe(fmt(totals[0][r]!))
      expect(await page.locator('.readout-total[data-side="B"]').textContent()).toBe(fmt(totals[1][r]!))
    }
    await expectRound(0)
    expect(await page.evaluate(() => location.hash)).toBe('')

    await page.getByRole('button', { name: 'Next round' }).click()
    await expectRound(1)
    await hashIs(page, '#round=2')
    await page.getByRole('button', { name: 'Next round' }).click()
    await page.getByRole('button', { name: 'Previous round' }).click()
    await page.getByRole('button', { name: 'Next round' }).click()
    await expectRound(2)
    await page.getByRole('button', { name: 'Last round' }).click()
    await expectRound(n - 1)
    expect(await page.locator('.readout-total[data-side="A"]').textContent()).toBe(fmt(match.a.score))
    await hashIs(page, `#round=${n}`)
    await page.getByRole('button', { name: 'First round' }).click()
    await expectRound(0)

    // The keys, with the focus on the page (not in a field).
    await page.locator('h1').click()
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    await expectRound(2)
    await hashIs(page, '#round=3')
    await page.keyboard.press('Shift+ArrowRight')
    await expectRound(12)
    await page.keyboard.press('ArrowLeft')
    await expectRound(11)
    await page.keyboard.press('End')
    await expectRound(n - 1)
    await page.keyboard.press('Home')
    await expectRound(0)
    // Space plays (the rounds advance by themselves), and pauses.
    await page.keyboard.press('Space')
    await page.getByRole('button', { name: 'Pause' }).waitFor()
    await page.waitForFunction(() => Number(document.querySelector('.readout .readout-round')?.textContent) > 3, undefined, { timeout: 10_000 })
    await page.keyboard.press('Space')
    await page.getByRole('button', { name: 'Play' }).waitFor()
    const paused = Number(await readoutRound(page))
    await page.waitForTimeout(400)
    expect(Number(await readoutRound(page))).toBe(paused)
    await hashIs(page, `#round=${paused}`)
    // The permalink of the current round goes to the clipboard.
    await page.getByRole('button', { name: `Copy link to round ${paused}` }).click()
    await page.getByText('Link copied.').waitFor()
    expect(await page.evaluate(() => (window as unknown as { copied: string }).copied)).toMatch(new RegExp(`/matches/${match.id}#round=${paused}$`))
    expect(page.errors).toEqual([])
  })

  it('opens at the round a #round= link names, follows the hash, and jumps to a typed round', async () => {
    const page = await newPage({ width: 390, height: 844 })
    await page.goto(`/matches/${match.id}#round=57`)
    await page.locator('.readout .readout-round').filter({ hasText: '57' }).waitFor()
    expect(await readoutMoves(page)).toEqual([match.a.moves[56], match.b.moves[56]])
    expect(await page.locator('.replay-position strong').textContent()).toBe('57')
    await page.evaluate(() => (location.hash = '#round=120'))
    await page.locator('.readout .readout-round').filter({ hasText: '120' }).waitFor()
    expect(await readoutMoves(page)).toEqual([match.a.moves[119], match.b.moves[119]])
    await page.getByLabel('Go to round').fill('150')
    await page.getByRole('button', { name: 'Go', exact: true }).click()
    await page.locator('.readout .readout-round').filter({ hasText: '150' }).waitFor()
    await hashIs(page, '#round=150')
    await page.getByLabel('Go to round').fill('999')
    await page.getByRole('button', { name: 'Go', exact: true }).click()
    await page.getByText('Give a round from 1 to 200.').waitFor()
    // The strip fits the phone: it scrolls inside itself, the page does not.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    expect(page.errors).toEqual([])
  })

  it('verifies the match in the browser: identical move for move', async () => {
    const page = await newPage()
    await page.goto(`/matches/${match.id}`)
    await page.getByRole('button', { name: 'Verify in the browser' }).click()
    const result = page.locator('.verify-identical')
    await result.waitFor({ timeout: 90_000 })
    expect(await result.textContent()).toMatch(/Identical move for move.*Played 200 rounds in \d+ ms/)
    expect(page.errors).toEqual([])
  })

  it('reports where a tampered replay differs from the match played again', async () => {
    const page = await newPage()
    const k = 42
    const changed = match.a.moves[k] === 'C' ? 'D' : 'C'
    await page.route(`**/api/matches/${match.id}`, async (route) => {
      const res = await route.fetch()
      const body = (await res.json()) as Match
      body.a.moves = body.a.moves.slice(0, k) + changed + body.a.moves.slice(k + 1)
      await route.fulfill({ response: res, json: body })
    })
    await page.goto(`/matches/${match.id}#round=${k + 1}`)
    // The page shows the replay it was given...
    await page.locator('.readout .readout-round').filter({ hasText: String(k + 1) }).waitFor()
    expect((await readoutMoves(page))[0]).toBe(changed)
    // ...and playing it again finds the round that was changed.
    await page.getByRole('button', { name: 'Verify in the browser' }).click()
    const result = page.locator('.verify-different')
    await result.waitFor({ timeout: 90_000 })
    expect(await result.textContent()).toContain(`The moves first differ at round ${k + 1}: A was recorded as ${changed}, played ${match.a.moves[k]}`)
    expect(await page.locator('.verify-identical').count()).toBe(0)
    expect(page.errors).toEqual([])
  })

  it("says when a source is not public, and offers the server's verification instead", async () => {
    const page = await newPage()
    // As if the strategies were private: their versions' sources answer 403.
    await page.route('**/api/strategies/*/versions/*', (route) =>
      route.fulfill({ status: 403, json: { error: { code: 'forbidden', message: 'this strategy is not public' } } }),
    )
    await page.goto(`/matches/${match.id}`)
    await page.getByText('A source is not public, so this match cannot be verified here.').waitFor()
    expect(await page.getByRole('button', { name: 'Verify in the browser' }).count()).toBe(0)
    await page.getByRole('button', { name: 'Verify on the server' }).click()
    await page.getByText('✓ The server played it again: identical.').waitFor({ timeout: 60_000 })
    expect(page.errors).toEqual([])
  })

  it('saves screenshots of a match', async () => {
    const files = await screenshots('match', `/matches/${match.id}#round=60`, '.strip-row.a .cell')
    expect(files).toHaveLength(4)
  })
})

describeBrowser('a 10,000-round match', () => {
  it('renders within a few seconds with few elements, the strip a window of the rounds', async () => {
    const host = await account('replay')
    const created = await apiCall<{ id: string }>('POST', '/api/tournaments', { name: 'Ten thousand rounds', rules: { turns: 10000, repetitions: 1 } }, host.token)
    expect(created.status).toBe(201)
    for (const strategyId of ['tit-for-tat', 'alternator']) {
      const entered = await apiCall('POST', `/api/tournaments/${created.body.id}/entries`, { strategyId }, host.token)
      expect(entered.status).toBe(201)
    }
    const started = await apiCall<{ runId: string }>('POST', `/api/tournaments/${created.body.id}/runs`, {}, host.token)
    expect(started.status).toBe(201)
    const runId = started.body.runId
    await eventually(async () => (await apiCall<{ status: string }>('GET', `/api/runs/${runId}`)).body.status === 'finished', 150_000, 'the 10,000-round run')
    const entries = (await apiCall<{ entries: { id: string; a: { strategyId: string }; b: { strategyId: string } }[] }>('GET', `/api/runs/${runId}/matches`)).body.entries
    const entry = entries.find((m) => m.a.strategyId !== m.b.strategyId)!
    const match = (await apiCall<Match>('GET', `/api/matches/${entry.id}`)).body
    expect(match.a.moves).toHaveLength(10000)

    const page = await newPage()
    const t0 = Date.now()
    await page.goto(`/matches/${match.id}`)
    await page.locator('.strip-row.a .cell').first().waitFor()
    const ms = Date.now() - t0
    expect(ms, `rendered in ${ms} ms`).toBeLessThan(8000)
    const elements = await page.evaluate(() => document.querySelectorAll('*').length)
    expect(elements, `${elements} elements`).toBeLessThan(3000)
    // A window of the rounds as cells, the overview of all of them, and the whole match to step through.
    expect(await page.locator('.strip-row.a .cell').count()).toBe(200)
    expect(await page.locator('.strip-row.a .cell').allTextContents().then((t) => t.join(''))).toBe(match.a.moves.slice(0, 200))
    expect(await page.locator('.overview canvas').getAttribute('aria-label')).toContain('All 10000 rounds')
    await page.locator('h1').click()
    await page.keyboard.press('End')
    await page.locator('.readout .readout-round').filter({ hasText: '10000' }).waitFor()
    expect(await page.locator('.readout-total[data-side="A"]').textContent()).toBe(fmt(match.a.score))
    expect((await page.locator('.strip-row.a .cell').allTextContents()).join('')).toBe(match.a.moves.slice(9800))
    await page.goto(`/matches/${match.id}#round=5000`)
    await page.locator('.readout .readout-round').filter({ hasText: '5000' }).waitFor()
    expect(await readoutMoves(page)).toEqual([match.a.moves[4999], match.b.moves[4999]])
    expect(await page.evaluate(() => document.querySelectorAll('*').length)).toBeLessThan(3000)
    expect(page.errors).toEqual([])
  })
})

describeBrowser('the commons group replay', () => {
  interface Group {
    runId: string
    index: number
    players: string[]
    names: string[]
    rounds: number
    requests: number[][]
    stock: number[]
    scores: number[]
    rules: { maxStock: number; collapseBelow: number }
  }
  let group: Group

  beforeAll(async () => {
    const runId = await finishedRun('demo-commons')
    const groups = (await apiCall<{ entries: { index: number }[] }>('GET', `/api/runs/${runId}/groups`)).body.entries
    expect(groups.length).toBeGreaterThan(0)
    group = (await apiCall<Group>('GET', `/api/runs/${runId}/groups/${groups[0]!.index}`)).body
  }, 200_000)

  it('shows the stock, every seat with its requests and totals, and steps like the match replay', async () => {
    const page = await newPage()
    await page.goto(`/runs/${group.runId}/groups/${group.index}`)
    await page.getByRole('heading', { name: `Commons group ${group.index}` }).waitFor()
    // The run and the seats' strategies are links.
    await expect.poll(() => page.locator(`a[href="/runs/${group.runId}"]`).count()).toBeGreaterThan(0)
    const rows = page.locator('.group-seats tbody tr')
    expect(await rows.count()).toBe(group.players.length)
    for (let s = 0; s < group.players.length; s++) {
      const row = rows.nth(s)
      expect(await row.locator('.seat-name a').textContent()).toBe(group.names[s])
      expect(await row.locator('.seat-name a').getAttribute('href')).toBe(`/strategies/${group.players[s]}`)
      expect(await row.locator('.seat-score').textContent()).toBe(fmt(group.scores[s]!))
      expect(await row.locator('.seat-asked').textContent()).toBe(fmt(group.requests[s]![0]!))
    }
    // The stock line with its references, and the heat strip of requests.
    const stockChart = page.locator('section[aria-labelledby="stock-heading"]')
    expect(await stockChart.locator('svg[role="img"]').getAttribute('aria-label')).toContain('The stock after each round')
    expect(await stockChart.locator('path').count()).toBe(3)
    await stockChart.locator('.legend').getByText(`largest stock (${fmt(group.rules.maxStock)})`).waitFor()
    await stockChart.locator('.legend').getByText(`collapse below ${fmt(group.rules.collapseBelow)}`).waitFor()
    expect(await page.locator('.heat canvas').getAttribute('aria-label')).toContain(`${group.rounds} rounds`)
    expect(await page.locator('.heat-labels > span').count()).toBe(group.players.length)
    const caption = page.locator('.seat-round')
    expect(await caption.textContent()).toContain(`the stock was ${fmt(group.stock[0]!)} at its start and ${fmt(group.stock[1]!)} after it`)

    // The same controls, keys and permalink as a match.
    await page.getByRole('button', { name: 'Next round' }).click()
    await caption.filter({ hasText: `Round 2 of ${group.rounds}` }).waitFor()
    expect(await rows.nth(0).locator('.seat-asked').textContent()).toBe(fmt(group.requests[0]![1]!))
    await hashIs(page, '#round=2')
    await page.locator('h1').click()
    await page.keyboard.press('End')
    await caption.filter({ hasText: `Round ${group.rounds} of ${group.rounds}` }).waitFor()
    expect(await caption.textContent()).toContain(`and ${fmt(group.stock[group.rounds]!)} after it`)
    await page.goto(`/runs/${group.runId}/groups/${group.index}#round=5`)
    await caption.filter({ hasText: `Round 5 of ${group.rounds}` }).waitFor()
    expect(await rows.nth(1).locator('.seat-asked').textContent()).toBe(fmt(group.requests[1]![4]!))
    expect(page.errors).toEqual([])
  })

  it('saves screenshots of a group', async () => {
    const files = await screenshots('group', `/runs/${group.runId}/groups/${group.index}#round=3`, '.group-seats tbody tr')
    expect(files).toHaveLength(4)
  })
})

/**
 * The home page against the running platform: the global leaderboard in the
 * API's order with its ratings (and its next page, and the commons' board),
 * the scheduled demo tournaments with countdowns that tick, and the latest
 * results with their winners and links to their runs.
 */
import { existsSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { apiCall, describeBrowser, eventually, newPage, screenshots } from './browser'

interface BoardEntry {
  rank: number
  strategy: { id: string; name: string; owner: string }
  rating: { mu: number; sigma: number; ordinal: number }
  runs: number
  lastRunId: string
  cooperationRate?: number | null
}

/** A finished run of a tournament (the demo ones start on the first tick after the platform starts). */
async function finishedRun(tournamentId: string): Promise<string> {
  return eventually(
    async () => {
      const t = await apiCall<{ runs: { id: string; status: string }[] }>('GET', `/api/tournaments/${tournamentId}`)
      return t.body.runs.find((r) => r.status === 'finished')?.id
    },
    170_000,
    `a finished run of ${tournamentId}`,
  )
}

async function board(game: string, pages: number): Promise<BoardEntry[]> {
  const entries: BoardEntry[] = []
  let cursor: string | null = null
  for (let i = 0; i < pages; i++) {
    const res: { body: { entries: BoardEntry[]; nextCursor: string | null } } = await apiCall('GET', `/api/leaderboard?game=${game}&limit=25${cursor ? `&cursor=${cursor}` : ''}`)
    entries.push(...res.body.entries)
    cursor = res.body.nextCursor
    if (!cursor) break
  }
  return entries
}

/** What a row of the board should say, from the API. */
function expectedRow(e: BoardEntry) {
  return {
    id: e.strategy.id,
    rank: String(e.rank),
    name: e.strategy.name,
    href: `/strategies/${e.strategy.id}`,
    owner: e.strategy.owner,
    rating: `${e.rating.mu.toFixed(1)} ± ${e.rating.sigma.toFixed(1)}`,
    ordinal: `ordinal ${e.rating.ordinal.toFixed(2)}`,
    runs: String(e.runs),
  }
}

async function rowsOf(page: Page) {
  return page.$$eval('table.leaderboard tbody tr', (trs) =>
    trs.map((tr) => {
      const cell = (i: number) => tr.children[i]!.textContent!.trim()
      const link = tr.querySelector('td:nth-child(2) a')!
      return {
        id: (tr as HTMLElement).dataset.strategy,
        rank: cell(0),
        name: link.textContent,
        href: link.getAttribute('href'),
        owner: cell(2),
        rating: tr.querySelector('.mu-sigma')!.textContent,
        ordinal: tr.querySelector('.ordinal')!.textContent,
        runs: cell(5),
      }
    }),
  )
}

/**
 * Runs `show` (which puts the page in the state to read) and compares what it
 * shows with the API, read before and after; a run finishing in between
 * changes the API's answer, and then it tries again.
 */
async function agreeWithApi<T, R>(readApi: () => Promise<T>, show: () => Promise<R>, expected: (api: T) => R): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const before = await readApi()
    const shown = await show()
    const after = await readApi()
    if (JSON.stringify(before) !== JSON.stringify(after) && attempt < 4) continue
    expect(shown).toEqual(expected(after))
    return after
  }
}

describeBrowser('home page', () => {
  test('the leaderboard lists the API entries in order with their ratings, the next page on "More", and the commons board on the switch', async () => {
    await finishedRun('demo-classics')
    await finishedRun('demo-commons')
    const page = await newPage()
    const first = await agreeWithApi(
      () => board('dilemma', 1),
      async () => {
        await page.goto('/')
        await page.waitForSelector('table.leaderboard tbody tr')
        return rowsOf(page)
      },
      (api) => api.map(expectedRow),
    )
    expect(first.length).toBe(25)
    // The demo's 45 classics and more: a second page, appended by "More".
    await agreeWithApi(
      () => board('dilemma', 2),
      async () => {
        await page.goto('/')
        await page.waitForSelector('table.leaderboard tbody tr')
        await page.getByRole('button', { name: 'More' }).click()
        await page.waitForFunction(() => document.querySelectorAll('table.leaderboard tbody tr').length > 25)
        return rowsOf(page)
      },
      (api) => api.map(expectedRow),
    )
    // Each row's uncertainty is drawn, its label saying the interval.
    const label = await page.locator('table.leaderboard tbody tr').first().locator('svg.rating-bar').getAttribute('aria-label')
    expect(label).toMatch(/^mu \d+\.\d, likely between -?\d+\.\d and \d+\.\d$/)

    await page.getByRole('button', { name: 'The commons' }).click()
    await page.waitForFunction(() => document.querySelector('table.leaderboard')?.getAttribute('data-game') === 'commons')
    expect(new URL(page.url()).search).toBe('?game=commons')
    await agreeWithApi(
      () => board('commons', 1),
      async () => {
        await page.goto('/?game=commons')
        await page.waitForSelector('table.leaderboard[data-game="commons"] tbody tr')
        return rowsOf(page)
      },
      (api) => api.map(expectedRow),
    )
    const commons = await board('commons', 1)
    const lastRun = page.locator(`table.leaderboard tr[data-strategy="${commons[0]!.strategy.id}"] a`, { hasText: 'results' })
    expect(await lastRun.getAttribute('href')).toBe(`/runs/${commons[0]!.lastRunId}`)
    expect(page.errors).toEqual([])
  })

  test('the demo tournaments come up with a countdown that ticks, and a recent result names the winner and links to its run', async () => {
    await finishedRun('demo-classics')
    const page = await newPage()
    await page.goto('/')
    const countdown = page.locator('.upcoming-item[data-tournament="demo-classics"] .countdown')
    await countdown.waitFor()
    // The countdown is the API's next slot, in words that agree with the clock.
    await eventually(
      async () => {
        const t = await apiCall<{ nextRunAt: string }>('GET', '/api/tournaments/demo-classics')
        return (await countdown.getAttribute('datetime')) === t.body.nextRunAt
      },
      30_000,
      "the countdown to be the API's nextRunAt",
    )
    const first = await eventually(
      async () => {
        const text = (await countdown.textContent())!
        const m = /^in (?:(\d+) min )?(\d+) s$/.exec(text)
        if (!m) return undefined // "starting now…" at the slot itself
        const left = Number(m[1] ?? 0) * 60 + Number(m[2])
        const at = Date.parse((await countdown.getAttribute('datetime'))!)
        expect(Math.abs(left - (at - Date.now()) / 1000)).toBeLessThan(3)
        return text
      },
      30_000,
      'a countdown in minutes and seconds',
    )
    await eventually(async () => (await countdown.textContent()) !== first, 10_000, 'the countdown to tick')
    const link = page.locator('.upcoming-item[data-tournament="demo-classics"] a[href="/tournaments/demo-classics"]')
    expect(await link.textContent()).toBe('The classics, every ten minutes')

    // The latest finished run of the demo, its winner as the tournament's leaderboard says.
    const latest = async () => {
      const t = await apiCall<{ runs: { id: string; status: string }[] }>('GET', '/api/tournaments/demo-classics')
      const run = t.body.runs.find((r) => r.status === 'finished')!
      const b = await apiCall<{ runId: string; entries: { strategyId: string; name: string }[] }>('GET', '/api/tournaments/demo-classics/leaderboard')
      const top = b.body.runId === run.id ? b.body.entries[0] : undefined
      return { run: run.id as string | null, winner: top ? { strategyId: top.strategyId, name: top.name as string | null } : null }
    }
    const shown = await agreeWithApi(
      latest,
      async () => {
        await page.goto('/')
        const item = page.locator('.recent-item').filter({ has: page.locator('a[href="/tournaments/demo-classics"]') })
        await item.waitFor()
        const winner = item.locator('a.winner')
        return { run: await item.getAttribute('data-run'), winner: { strategyId: (await winner.getAttribute('href'))!.replace('/strategies/', ''), name: await winner.textContent() } }
      },
      (api) => ({ run: api.run, winner: api.winner }),
    )
    const item = page.locator(`.recent-item[data-run="${shown.run}"]`)
    await item.locator(`a[href="/runs/${shown.run}"]`).click()
    await page.waitForSelector('table.standings')
    expect(new URL(page.url()).pathname).toBe(`/runs/${shown.run}`)
    expect(await page.locator('table.standings tbody tr').first().getAttribute('data-strategy')).toBe(shown.winner!.strategyId)

    // The idea, with its links.
    await page.goto('/')
    await page.waitForSelector('.intro')
    expect(await page.locator('.intro').textContent()).toContain("prisoner's dilemma")
    for (const href of ['/explorer', '/submit', '/host']) expect(await page.locator(`.intro a[href="${href}"]`).count()).toBe(1)
    expect(page.errors).toEqual([])
  })

  test('screenshots of the home page', async () => {
    await finishedRun('demo-classics')
    const files = await screenshots('home', '/', '.recent-item')
    expect(files.filter((f) => existsSync(f))).toHaveLength(4)
  })
})

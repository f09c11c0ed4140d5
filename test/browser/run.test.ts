/**
 * The run page against the running platform: a run the test starts shows its
 * progress live and then its standings in the same page (never reloaded),
 * standings that agree with the API, its seed and commitment, export links
 * that answer, and matches that link to their replays; a commons run shows
 * its resource and groups. A strategy and a tournament named like markup
 * show as text, here and on the home page.
 */
import type { Page } from 'playwright-core'
import { beforeAll, expect, test } from 'vitest'
import { account, apiCall, baseUrl, describeBrowser, eventually, newPage, screenshots } from './browser'

const XSS = '<script>alert(1)</script>'
const XSS_TOURNAMENT = '<img src=x onerror=alert(2)> cup'
/**
 * House classics the host enters beside its own strategy: 14 players, 105
 * pairings (self-play included) of 5 × 4,000 rounds, long enough (seconds,
 * even on a quiet machine) for the page to show the run part-way.
 */
const CLASSICS = ['tit-for-tat', 'defector', 'cooperator', 'grudger', 'random', 'alternator', 'joss', 'detective', 'prober', 'tit-for-two-tats', 'gradual', 'hard-prober', 'win-stay-lose-shift']
const REPETITIONS = 5
/** Every pairing, each strategy against itself too, times the repetitions. */
const MATCHES = (((CLASSICS.length + 1) * (CLASSICS.length + 2)) / 2) * REPETITIONS
const TFT = "export default function move(view) { return view.round === 0 ? 'C' : view.their[view.round - 1] }"

interface Standing {
  rank: number
  strategyId: string
  name: string
  medianScore: number
  meanScore: number
  wins: number
  cooperationRate: number
  faults: number
}
interface RunBody {
  id: string
  tournamentId: string
  status: string
  progress: { done: number; total: number }
  commitment: string
  seed: number
  salt: string
  standings: Standing[]
}

let host: { handle: string; token: string }
let strategyId: string
let tournamentId: string
let runId: string

/** A page that records every progress its bar showed, and every dialog (none may open). */
async function watchedPage(): Promise<Page & { errors: string[]; dialogs: string[] }> {
  const page = (await newPage()) as Page & { errors: string[]; dialogs: string[] }
  page.dialogs = []
  page.on('dialog', (d) => {
    page.dialogs.push(d.message())
    void d.dismiss()
  })
  await page.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { seen: string[] }).seen = seen
    new MutationObserver(() => {
      const bar = document.querySelector<HTMLProgressElement>('progress.progress-bar')
      const text = document.querySelector('.progress-text')?.textContent
      if (!bar || !text) return
      const state = `${bar.value}/${bar.max}|${text}`
      if (seen[seen.length - 1] !== state) seen.push(state)
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true })
  })
  return page
}

beforeAll(async () => {
  if (!baseUrl) return
  host = await account('run')
  const s = await apiCall<{ id: string }>('POST', '/api/strategies', { name: XSS, source: TFT, public: true }, host.token)
  expect(s.status).toBe(201)
  strategyId = s.body.id
  const t = await apiCall<{ id: string }>('POST', '/api/tournaments', { name: XSS_TOURNAMENT, rules: { payoffs: { R: 3, S: 0, T: 5, P: 1 }, turns: 4000, noise: 0, repetitions: REPETITIONS } }, host.token)
  expect(t.status).toBe(201)
  tournamentId = t.body.id
  for (const id of [strategyId, ...CLASSICS]) {
    const e = await apiCall('POST', `/api/tournaments/${tournamentId}/entries`, { strategyId: id }, host.token)
    expect(e.status, JSON.stringify(e.body)).toBe(201)
  }
})

describeBrowser('run page', () => {
  test('a run started now shows its progress live, then standings that agree with the API, its seed, and exports that answer, without reloading', async () => {
    const started = await apiCall<{ runId: string; commitment: string }>('POST', `/api/tournaments/${tournamentId}/runs`, {}, host.token)
    expect(started.status).toBe(201)
    runId = started.body.runId
    const page = await watchedPage()
    const home = await newPage()
    await page.goto(`/runs/${runId}`)
    await page.waitForSelector('progress.progress-bar')
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true))
    // Meanwhile the home page lists it as playing now, with a link to it.
    await home.goto('/')
    await home.waitForSelector(`.running-item[data-tournament="${tournamentId}"] a[href="/runs/${runId}"]`, { timeout: 60_000 })
    expect(await home.locator(`.running-item[data-tournament="${tournamentId}"] a[href="/tournaments/${tournamentId}"]`).textContent()).toBe(XSS_TOURNAMENT)

    await page.waitForSelector('table.standings', { timeout: 150_000 })
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true)
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen)
    // The bar showed the run part-way, and its words said the same as the bar.
    const partial = seen.filter((s) => /^\d+\/\d+\|/.test(s)).map((s) => s.split('|'))
    expect(partial.some(([bar]) => Number(bar!.split('/')[0]) < Number(bar!.split('/')[1])), seen.join(', ')).toBe(true)
    // ...and moved while the page stayed open: more than one state, done never going back.
    const dones = partial.map(([bar]) => Number(bar!.split('/')[0]))
    expect(dones.length, seen.join(', ')).toBeGreaterThan(1)
    expect([...dones].sort((a, b) => a - b)).toEqual(dones)
    for (const [bar, text] of partial) {
      const [done, total] = bar!.split('/').map(Number) as [number, number]
      expect(text).toBe(`${done} / ${total} jobs · ${((done / total) * 100).toFixed(0)}%`)
    }
    expect(await page.locator('progress.progress-bar').count()).toBe(0)

    const run = (await apiCall<RunBody>('GET', `/api/runs/${runId}`)).body
    expect(run.status).toBe('finished')
    const rows = await page.$$eval('table.standings tbody tr', (trs) => trs.map((tr) => Array.from(tr.children).map((td) => td.textContent!.trim())))
    const ids = await page.$$eval('table.standings tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.strategy))
    expect(ids).toEqual(run.standings.map((s) => s.strategyId))
    expect(rows.map((r) => [r[0], r[1], r[2], r[3], r[4], r[5], r[7]])).toEqual(
      run.standings.map((s) => [String(s.rank), s.name, s.medianScore.toFixed(3), s.meanScore.toFixed(3), String(s.wins), `${(s.cooperationRate * 100).toFixed(0)}%`, String(s.faults)]),
    )
    expect(await page.locator(`table.standings a[href="/strategies/${run.standings[0]!.strategyId}"]`).count()).toBe(1)

    // The seed and salt, revealed, and the commitment they hash to, checked in the page.
    const seedList = await page.locator('.seed-list dd').allTextContents()
    expect(seedList).toEqual([started.body.commitment, String(run.seed), run.salt])
    await page.getByText('computed in this browser, equals the commitment').waitFor()

    for (const [format, type] of [
      ['csv', 'text/csv'],
      ['json', 'application/json'],
    ] as const) {
      const href = await page.locator('.exports a', { hasText: format.toUpperCase() }).getAttribute('href')
      expect(href).toBe(`/api/runs/${runId}/export?format=${format}`)
      const res = await fetch(baseUrl + href)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain(type)
    }
    expect(await page.locator(`a[href="/tournaments/${tournamentId}"]`).first().textContent()).toBe(XSS_TOURNAMENT)
    expect(page.errors).toEqual([])
    expect(page.dialogs).toEqual([])
    expect(home.errors).toEqual([])
  })

  test("its matches: every one listed, a page at a time, filtered by strategy and opponent, each linking to its replay", async () => {
    expect(runId).toBeTruthy()
    const all = (await apiCall<{ entries: { id: string }[] }>('GET', `/api/runs/${runId}/matches`)).body.entries
    expect(all.length).toBe(MATCHES)
    const pages = Math.ceil(MATCHES / 50)
    const page = await watchedPage()
    await page.goto(`/runs/${runId}`)
    await page.waitForSelector('table.match-table')
    await page.getByText(`${all.length} matches`).waitFor()
    await page.getByText(`page 1 of ${pages}`).waitFor()
    const hrefs = () => page.$$eval('table.match-table tbody a', (as) => as.map((a) => a.getAttribute('href')))
    expect(await hrefs()).toEqual(all.slice(0, 50).map((m) => `/matches/${m.id}`))
    await page.getByRole('button', { name: 'Next' }).click()
    await page.getByText(`page 2 of ${pages}`).waitFor()
    expect(await hrefs()).toEqual(all.slice(50, 100).map((m) => `/matches/${m.id}`))

    const own = (await apiCall<{ entries: { id: string; a: { strategyId: string }; b: { strategyId: string } }[] }>('GET', `/api/runs/${runId}/matches?strategyId=${strategyId}`)).body.entries
    await page.getByLabel('Strategy').selectOption(strategyId)
    await page.getByText(`${own.length} matches`).waitFor()
    await page.getByLabel('Against').selectOption('defector')
    const against = own.filter((m) => m.a.strategyId === 'defector' || m.b.strategyId === 'defector')
    await page.getByText(`${against.length} matches`).waitFor()
    expect(against.length).toBe(REPETITIONS)
    expect(await hrefs()).toEqual(against.map((m) => `/matches/${m.id}`))
    const links = await page.locator('table.match-table tbody a').allTextContents()
    for (const text of links) expect(text).toMatch(/^(<script>alert\(1\)<\/script> vs Defector|Defector vs <script>alert\(1\)<\/script>)$/)

    await page.locator('table.match-table tbody a').first().click()
    await page.waitForURL(`**/matches/${against[0]!.id}`)
    expect(page.errors).toEqual([])
    expect(page.dialogs).toEqual([])
  })

  test('a strategy and a tournament named like markup show as text on the run page and the home page', async () => {
    expect(runId).toBeTruthy()
    const page = await watchedPage()
    await page.goto(`/runs/${runId}`)
    const row = page.locator(`table.standings tr[data-strategy="${strategyId}"] a`)
    await row.waitFor()
    expect(await row.textContent()).toBe(XSS)
    expect(await row.isVisible()).toBe(true)
    await page.locator('h1', { hasText: XSS_TOURNAMENT }).waitFor()
    expect(await page.locator('h1').textContent()).toBe(`Run of ${XSS_TOURNAMENT}`)
    expect(await page.locator('main script, main img').count()).toBe(0)

    // Rated by the run: on the global board, on whichever page its rank falls.
    const rank = await eventually(
      async () => {
        const b = await apiCall<{ entries: { rank: number; strategy: { id: string } }[] }>('GET', '/api/leaderboard?game=dilemma&limit=100')
        return b.body.entries.find((e) => e.strategy.id === strategyId)?.rank
      },
      60_000,
      'the strategy to be rated',
    )
    await page.goto('/')
    await page.waitForSelector('table.leaderboard tbody tr')
    for (let shown = 25; shown < rank; shown += 25) {
      await page.getByRole('button', { name: 'More' }).click()
      await page.waitForFunction((n) => document.querySelectorAll('table.leaderboard tbody tr').length > n, shown)
    }
    const entry = page.locator(`table.leaderboard tr[data-strategy="${strategyId}"]`)
    expect(await entry.locator('a').textContent()).toBe(XSS)
    expect(await entry.locator('td.owner').textContent()).toBe(host.handle)
    expect(await entry.locator('a').isVisible()).toBe(true)
    const recent = page.locator(`.recent-item[data-run="${runId}"] a[href="/tournaments/${tournamentId}"]`)
    await recent.waitFor()
    expect(await recent.textContent()).toBe(XSS_TOURNAMENT)
    expect(await page.locator('main script, main img').count()).toBe(0)
    expect(page.dialogs).toEqual([])
    expect(page.errors).toEqual([])
  })

  test("a commons run: standings by mean payoff, the resource's figures and stock over time, and its groups linking to their replays", async () => {
    const id = await eventually(
      async () => (await apiCall<{ runs: { id: string; status: string }[] }>('GET', '/api/tournaments/demo-commons')).body.runs.find((r) => r.status === 'finished')?.id,
      170_000,
      'a finished commons run',
    )
    const run = (
      await apiCall<{ standings: { strategyId: string; name: string; meanPayoff: number; groups: number }[]; welfare: number; collapsed: number; groups: { index: number }[] }>(
        'GET',
        `/api/runs/${id}`,
      )
    ).body
    const page = await watchedPage()
    await page.goto(`/runs/${id}`)
    await page.waitForSelector('table.standings')
    const rows = await page.$$eval('table.standings tbody tr', (trs) => trs.map((tr) => Array.from(tr.children).slice(1, 4).map((td) => td.textContent!.trim())))
    expect(rows).toEqual(run.standings.map((s) => [s.name, s.meanPayoff.toFixed(3), String(s.groups)]))
    const figures = await page.locator('.figures dd:first-of-type').allTextContents()
    expect(figures[0]).toBe(`${(run.welfare * 100).toFixed(0)}%`)
    expect(figures[2]).toBe(`${(run.collapsed * 100).toFixed(0)}%`)
    expect(await page.locator('svg[aria-label^="The mean stock"] path').count()).toBeGreaterThan(0)
    const groupLinks = await page.$$eval('table.group-table tbody a', (as) => as.map((a) => a.getAttribute('href')))
    expect(groupLinks).toEqual(run.groups.slice(0, 25).map((g) => `/runs/${id}/groups/${g.index}`))
    expect(await page.locator('a[download]').count()).toBe(2)
    expect(page.errors).toEqual([])
  })

  test('a run that does not exist says so', async () => {
    const page = await newPage()
    await page.goto('/runs/no-such-run')
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toContain('404')
    expect(await alert.textContent()).toContain('no run with id "no-such-run"')
  })

  test('screenshots of a finished run page', async () => {
    const id = (await apiCall<{ runs: { id: string; status: string }[] }>('GET', '/api/tournaments/demo-classics')).body.runs.find((r) => r.status === 'finished')?.id
    expect(id).toBeTruthy()
    const files = await screenshots('run', `/runs/${id}`, 'table.match-table')
    expect(files).toHaveLength(4)
  })
})

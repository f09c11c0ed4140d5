/**
 * An experiment's page: created through the API (house classics, with and
 * without a referee), it shows the runs' progress without reloading, then
 * the side-by-side result, whose numbers, winners, verdicts and ranks are
 * the API's, with a link to each rule set's run.
 */
import { expect, it } from 'vitest'
import { account, apiCall, describeBrowser, newPage, screenshots } from './browser'

const SPEC = {
  players: ['tit-for-tat', 'defector', 'grudger', 'best-response'],
  seed: 7,
  // Enough matches (2,000 with the referee, whose draws forbid reuse) that the runs take a few seconds: long enough to watch.
  repetitions: 100,
  ruleSets: [
    { name: 'no-referee', rules: { turns: 200 } },
    { name: 'referee', rules: { turns: 200, referee: { fine: 5, detection: 0.5, fines: 'shared' } } },
  ],
}

const attributes = (page: import('playwright-core').Page, selector: string, name: string) => page.locator(selector).evaluateAll((els, n) => els.map((e) => e.getAttribute(n)), name)

describeBrowser('the experiment page', () => {
  it('says when there is no such experiment, then shows one playing and its side-by-side results as the API gives them, with links to each run', async () => {
    const page = await newPage()
    await page.goto('/experiments/no-such-experiment')
    await page.getByRole('alert').filter({ hasText: 'no experiment with id "no-such-experiment"' }).waitFor()

    const who = await account('experiment')
    const created = await apiCall<{ id: string; runs: { name: string; runId: string }[] }>('POST', '/api/experiments', SPEC, who.token)
    expect(created.status).toBe(201)
    const { id, runs } = created.body
    // Followed as a visitor follows a link, within the loaded page: its first request goes out at once, while the runs play.
    await page.evaluate((href) => {
      const a = document.createElement('a')
      a.href = href
      document.body.append(a)
      a.click()
    }, `/experiments/${id}`)
    await page.getByRole('heading', { name: 'no-referee vs referee' }).waitFor()

    // While it plays: a live status and the jobs played of all (10 pairings a rule set).
    const live = page.locator('[data-status="queued"], [data-status="running"]')
    await live.waitFor()
    expect(await page.locator('[data-progress]').getAttribute('data-progress')).toMatch(/^\d+\/20$/)
    // Marked, so that finding it later proves the page updated itself rather than reloaded.
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true))
    await page.locator('[data-status="finished"]').waitFor({ timeout: 150_000 })
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true)

    const shown = await apiCall('GET', `/api/experiments/${id}`)
    const result = shown.body.result
    expect(result.ruleSets.map((r: { name: string }) => r.name)).toEqual(['no-referee', 'referee'])
    await page.locator('.side-by-side').waitFor()

    // Each rule set's column heads to its run.
    const heads = await page.locator('.side-by-side thead th a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]))
    expect(heads).toEqual(runs.map((r) => [r.name, `/runs/${r.runId}`]))
    const runLinks = await page.locator('.experiment-runs a[href^="/runs/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))
    expect(runLinks).toEqual(runs.map((r) => `/runs/${r.runId}`))

    // The numbers side by side are the API's.
    type RuleSet = { winner: { id: string }; cooperation: number; welfare: number; meanPayoff: number; verdict: { code: string }; standings: { id: string; rank: number }[] }
    const sets = result.ruleSets as RuleSet[]
    expect(await attributes(page, '.side-by-side [data-winner]', 'data-winner')).toEqual(sets.map((s) => s.winner.id))
    expect((await attributes(page, '.side-by-side [data-cooperation]', 'data-cooperation')).map(Number)).toEqual(sets.map((s) => s.cooperation))
    expect((await attributes(page, '.side-by-side [data-welfare]', 'data-welfare')).map(Number)).toEqual(sets.map((s) => s.welfare))
    expect((await attributes(page, '.side-by-side [data-mean-payoff]', 'data-mean-payoff')).map(Number)).toEqual(sets.map((s) => s.meanPayoff))
    expect(await page.locator('.side-by-side [data-cooperation]').allTextContents()).toEqual(sets.map((s) => `${(s.cooperation * 100).toFixed(1)}%`))
    expect(await attributes(page, '.side-by-side [data-verdict]', 'data-verdict')).toEqual(sets.map((s) => s.verdict.code))
    // The referee (p × f = 2.5 > T − R) turns the dilemma into not-a-dilemma, and the field cooperates more.
    expect(sets.map((s) => s.verdict.code)).toEqual(['dilemma-with-future', 'not-a-dilemma'])
    expect(sets[1]!.cooperation).toBeGreaterThan(sets[0]!.cooperation)

    // The chart draws a bar per rule set and measure, labelled with the same numbers.
    const firstChart = page.locator('.grouped-bars').first()
    expect(await firstChart.locator('rect').count()).toBe(4)
    expect(await firstChart.locator('.bar-value').allTextContents()).toEqual([
      `${(sets[0]!.cooperation * 100).toFixed(0)}%`,
      `${(sets[0]!.welfare * 100).toFixed(0)}%`,
      `${(sets[1]!.cooperation * 100).toFixed(0)}%`,
      `${(sets[1]!.welfare * 100).toFixed(0)}%`,
    ])

    // Every strategy's rank under every rule set.
    for (const [k, set] of sets.entries()) {
      for (const s of set.standings) {
        const cell = page.locator(`.experiment-standings tr[data-strategy="${s.id}"] td[data-rank]`).nth(k)
        expect(await cell.getAttribute('data-rank'), `${s.id} under ${SPEC.ruleSets[k]!.name}`).toBe(String(s.rank))
      }
    }
    expect(page.errors).toEqual([])

    const files = await screenshots('experiment', `/experiments/${id}`, '.side-by-side')
    expect(files).toHaveLength(4)
  })
})

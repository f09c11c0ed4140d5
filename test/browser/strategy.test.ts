/**
 * The strategy page in a real Chromium against npm start: after the seeded
 * demo run, tit-for-tat's page shows its source highlighted, its rating
 * history, its reputation and head-to-head records, and recent matches
 * linking to their replays, all agreeing with the API; a private source
 * is shown to its owner only; the owner can retire it; and a name and a
 * description full of HTML are shown as text.
 */
import { expect, it } from 'vitest'
import { account, apiCall, describeBrowser, eventually, newPage, screenshots, signInPage } from './browser'

const SECRET = "// secret sauce 7\nexport default function move(view) {\n  return view.round % 3 === 2 ? 'D' : 'C'\n}\n"

describeBrowser('the strategy page', () => {
  it("shows tit-for-tat after the demo run: source highlighted, rating history, reputation, head-to-head and recent matches", async () => {
    // The demo tournament runs on the first tick; its finalize rates tit-for-tat.
    const profile = await eventually(
      async () => {
        const p = (await apiCall('GET', '/api/strategies/tit-for-tat')).body
        return p.ratings.length > 0 && p.recentMatches.length > 0 && p
      },
      180_000,
      'the demo run to rate tit-for-tat',
    )
    const opponents = (await apiCall('GET', '/api/strategies/tit-for-tat/opponents?limit=200')).body
    expect(opponents.entries.length).toBeGreaterThan(40)

    const page = await newPage()
    await page.goto('/strategies/tit-for-tat')
    await page.locator('.source-code').waitFor()
    await expect(page.locator('h1').textContent()).resolves.toBe('Tit For Tat')
    await expect(page.locator('.strategy-description').textContent()).resolves.toBe(profile.description)

    // Source: the API's text exactly, one numbered line each, with keywords, strings, numbers and comments marked.
    const code = page.locator('.source-code')
    const lines = profile.source.replace(/\n$/, '').split('\n')
    await expect.poll(() => code.locator('.source-line').count()).toBe(lines.length)
    await expect(code.locator('.lc').allTextContents()).resolves.toEqual(lines.map((l: string) => l + '\n'))
    await expect(code.locator('.ln').last().textContent()).resolves.toBe(String(lines.length))
    const keywords = await code.locator('.tok-keyword').allTextContents()
    expect(keywords).toEqual(expect.arrayContaining(['export', 'default', 'function', 'return']))
    await expect(code.locator('.tok-string').allTextContents()).resolves.toContain("'C'")
    await expect(code.locator('.tok-number').allTextContents()).resolves.toEqual(expect.arrayContaining(['0', '1']))
    expect((await code.locator('.tok-comment').allTextContents()).join('\n')).toContain('Tit For Tat')

    // Ratings: the table agrees with the API; the chart has a point for the prior and for each rated run.
    const rating = profile.ratings.find((r: { game: string }) => r.game === 'dilemma')
    const row = page.locator('table.ratings tbody tr').first()
    await expect(row.locator('td').allTextContents()).resolves.toEqual(expect.arrayContaining(['dilemma', rating.mu.toFixed(2), rating.sigma.toFixed(2), rating.ordinal.toFixed(2), String(rating.runs)]))
    const history = profile.ratingHistory.filter((h: { game: string }) => h.game === 'dilemma')
    const chart = page.locator('.rating-chart svg')
    await expect(chart.getAttribute('aria-label')).resolves.toContain(`over ${history.length} rated runs`)
    await expect.poll(() => chart.locator('circle.rating-point').count()).toBe(history.length + 1)
    expect((await chart.locator('path.rating-mu').getAttribute('d'))!.split('L')).toHaveLength(history.length + 1)
    await expect(chart.locator('path.rating-band').getAttribute('d')).resolves.toMatch(/Z$/)
    await expect.poll(() => page.locator(`.rating-history a[href="/runs/${history[history.length - 1].runId}"]`).count()).toBe(1)

    // Behaviour and reputation, as the API's rates.
    const rep = profile.reputation.find((r: { game: string }) => r.game === 'dilemma')
    const nice = page.locator('.trait', { hasText: 'Nice' })
    await expect(nice.locator('.trait-bar .num').first().textContent()).resolves.toBe(`${(rep.nice * 100).toFixed(0)}%`)
    const kv = page.locator('.reputation-view dl')
    await expect(kv.locator('div', { hasText: 'matches' }).locator('dd').textContent()).resolves.toBe(String(rep.matches))
    await expect(kv.locator('div', { hasText: 'cooperationRate' }).locator('dd').textContent()).resolves.toBe(`${(rep.cooperationRate * 100).toFixed(0)}%`)

    // Head to head: the first rows as the API orders them; all of them after "Show all".
    const h2h = page.locator('table.head-to-head tbody tr')
    await expect.poll(() => h2h.count()).toBe(12)
    const first = opponents.entries[0]
    await expect(h2h.first().locator('a').textContent()).resolves.toBe(first.opponent.name)
    await expect(h2h.first().locator('a').getAttribute('href')).resolves.toBe(`/strategies/${first.opponent.id}`)
    await expect(h2h.first().locator('td').nth(1).textContent()).resolves.toBe(String(first.matches))
    await expect(h2h.first().locator('td').nth(2).textContent()).resolves.toBe(`${first.wins}–${first.draws}–${first.losses}`)
    await expect(h2h.first().locator('.moves[data-who="mine"] .move').allTextContents()).resolves.toEqual(first.lastRounds.mine)
    await expect(h2h.first().locator('.moves[data-who="theirs"] .move').allTextContents()).resolves.toEqual(first.lastRounds.theirs)
    await page.getByRole('button', { name: `Show all ${opponents.entries.length} opponents` }).click()
    await expect.poll(() => h2h.count()).toBe(opponents.entries.length)

    // Recent matches link to real replays and to their run.
    const links = page.locator('table.recent-matches a[href^="/matches/"]')
    await expect.poll(() => links.count()).toBe(profile.recentMatches.length)
    const m = profile.recentMatches[0]
    const matchId = `${m.runId}-${m.jobIndex}-${m.repetition}`
    await expect(links.first().getAttribute('href')).resolves.toBe(`/matches/${matchId}`)
    await expect.poll(() => page.locator(`table.recent-matches a[href="/runs/${m.runId}"]`).count()).toBeGreaterThan(0)
    const replay = await apiCall('GET', `/api/matches/${matchId}`)
    expect(replay.status).toBe(200)
    await links.first().click()
    await page.waitForURL(`**/matches/${matchId}`)
    expect(page.errors).toEqual([])
  })

  it('shows a private source to its owner only, and lets the owner retire it', async () => {
    const owner = await account('own')
    const other = await account('other')
    const made = await apiCall('POST', '/api/strategies', { name: 'Hidden e2e', source: SECRET, description: 'Cooperates, except every third round.' }, owner.token)
    expect(made.status).toBe(201)
    const id = made.body.id

    for (const viewer of [other, null]) {
      const page = await newPage()
      if (viewer) await signInPage(page, viewer)
      await page.goto(`/strategies/${id}`)
      await page.locator('.source-private').waitFor()
      await expect(page.locator('h1').textContent()).resolves.toBe('Hidden e2e')
      await expect(page.locator('main').textContent()).resolves.not.toContain('secret sauce')
      await expect.poll(() => page.locator('.source-code').count()).toBe(0)
      await expect.poll(() => page.locator('.owner-actions').count()).toBe(0)
      expect(page.errors).toEqual([])
    }

    const page = await newPage()
    await signInPage(page, owner)
    await page.goto(`/strategies/${id}`)
    await page.locator('.source-code').waitFor()
    await expect(page.locator('.source-code .tok-comment').first().textContent()).resolves.toBe('// secret sauce 7')
    await expect(page.locator('.strategy-meta').textContent()).resolves.toContain(`@${owner.handle} (you)`)
    await expect(page.getByRole('link', { name: 'Edit (new version)' }).getAttribute('href')).resolves.toBe(`/strategies/${id}/edit`)
    // Its validation games give it a behaviour profile before any tournament.
    await expect(page.locator('.trait', { hasText: 'Cooperation' }).locator('.trait-source').first().textContent()).resolves.toBe('v1 vs classics')

    await page.getByRole('button', { name: 'Retire…' }).click()
    await page.getByRole('button', { name: 'Cancel' }).click()
    expect((await apiCall('GET', `/api/strategies/${id}`)).body.retired).toBe(false)
    await page.getByRole('button', { name: 'Retire…' }).click()
    await page.getByRole('button', { name: 'Yes, retire it' }).click()
    await page.locator('.badge.retired').waitFor()
    await expect(page.locator('.strategy-header').textContent()).resolves.toContain('You retired this strategy')
    expect((await apiCall('GET', `/api/strategies/${id}`)).body.retired).toBe(true)
    expect(page.errors).toEqual([])
  })

  it('shows a name and a description full of HTML as text, running nothing', async () => {
    const owner = await account('xss')
    const name = '<script>alert(1)</script>'
    const description = '<img src=x onerror=alert(2)>'
    const made = await apiCall('POST', '/api/strategies', { name, description, source: "export default () => 'C'", public: true }, owner.token)
    expect(made.status).toBe(201)

    const page = await newPage()
    const dialogs: string[] = []
    page.on('dialog', async (d) => {
      dialogs.push(d.message())
      await d.dismiss()
    })
    await page.goto(`/strategies/${made.body.id}`)
    await page.locator('.source-code').waitFor()
    await expect(page.locator('h1').textContent()).resolves.toBe(name)
    await expect(page.locator('.strategy-description').textContent()).resolves.toBe(description)
    await expect.poll(() => page.locator('main img').count()).toBe(0)
    await expect.poll(() => page.locator('main script').count()).toBe(0)
    await expect(page.title()).resolves.toBe(`${name} · Dilemma Arena`)
    await page.waitForTimeout(500)
    expect(dialogs).toEqual([])
    expect(page.errors).toEqual([])
  })

  it('says there is no such strategy for an unknown id', async () => {
    const page = await newPage()
    await page.goto('/strategies/no-such-strategy-e2e')
    await expect(page.locator('h1').textContent()).resolves.toBe('No such strategy')
    await expect(page.locator('main').textContent()).resolves.toContain('no-such-strategy-e2e')
    expect(page.errors).toEqual([])
  })

  it('saves screenshots', async () => {
    expect(await screenshots('strategy', '/strategies/tit-for-tat', 'table.head-to-head')).toHaveLength(4)
  })
})

/**
 * A newcomer's whole visit, through the pages alone, in one browser: create
 * an identity, write a strategy in the editor and submit it, host a
 * tournament, enter the strategy and a classic from the tournament's and the
 * host's pages, run it, and find the strategy in the standings and in a
 * replay verified in the browser. The API is read only to check what the
 * pages say.
 */
import { expect, it } from 'vitest'
import { apiCall, describeBrowser, eventually, newPage } from './browser'

const SOURCE = "// Cooperates, and answers a defection once.\nexport default function move(view) {\n  return view.round > 0 && view.their[view.round - 1] === 'D' ? 'D' : 'C'\n}\n"

describeBrowser('a newcomer with only a browser', () => {
  it('signs up, submits a strategy, hosts and runs a tournament, and finds the strategy in the standings and a verified replay', async () => {
    const page = await newPage()
    const handle = `new-${Date.now().toString(36)}`

    // An identity.
    await page.goto('/')
    await page.getByRole('link', { name: 'Sign in' }).click()
    await page.getByLabel('Handle').fill(handle)
    await page.getByRole('button', { name: 'Create identity' }).click()
    await page.getByRole('region', { name: /your API token/ }).waitFor()
    await expect(page.locator('.site-header nav a[href="/account"]').textContent()).resolves.toBe(`@${handle}`)

    // A strategy, typed into the editor.
    await page.getByRole('link', { name: 'Submit', exact: true }).click()
    await page.locator('.cm-editor').waitFor()
    const name = `Echo ${handle}`
    await page.getByLabel('Name', { exact: true }).fill(name)
    // Public, so that anyone (this test's replay below too) can verify its matches in the browser.
    await page.getByRole('checkbox', { name: /Public source/ }).check()
    await page.locator('.cm-content').click()
    await page.keyboard.press('Control+A')
    await page.keyboard.press('Delete')
    // As a paste: typed key by key, the editor would close brackets and indent by itself.
    await page.keyboard.insertText(SOURCE)
    await page.getByRole('button', { name: 'Submit strategy' }).click()
    await page.waitForURL(/\/strategies\/[^/]+$/)
    const strategyId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!)
    await page.getByRole('heading', { name }).waitFor()
    const stored = await apiCall('GET', `/api/strategies/${strategyId}`)
    expect(stored.body.name).toBe(name)
    expect(stored.body.source).toBe(SOURCE)

    // A tournament, with one classic entered from the host's page.
    await page.getByRole('link', { name: 'Host', exact: true }).click()
    const cup = `Newcomer cup ${handle}`
    await page.getByLabel('Name', { exact: true }).fill(cup)
    await page.locator('[data-field="rules.turns"] input').first().fill('30')
    await page.locator('[data-field="rules.repetitions"] input').first().fill('1')
    await page.getByText('prisoner’s dilemma').or(page.getByText("prisoner's dilemma")).first().waitFor()
    await page.getByRole('button', { name: 'On demand' }).click()
    await page.getByRole('button', { name: 'Create the tournament' }).click()
    const created = page.getByRole('heading', { name: /^Created/ })
    await created.waitFor()
    await page.getByRole('button', { name: 'None', exact: true }).click()
    await page.locator('input[name="classic"][value="tit-for-tat"]').check()
    await page.getByRole('button', { name: 'Enter 1 classic' }).click()
    await page.getByText('1 chosen, 1 entered').waitFor()

    // The strategy, entered from the tournament's page; then the host runs it there.
    await created.getByRole('link', { name: cup }).click()
    await page.getByRole('heading', { name: cup }).waitFor()
    await page.getByLabel('Your strategy').selectOption(strategyId)
    await page.getByRole('button', { name: 'Enter this strategy' }).click()
    await page.getByText(`Your ${name} is entered.`).waitFor()
    await page.getByRole('button', { name: 'Run now' }).click()
    await page.waitForURL(/\/runs\/[^/]+$/)
    const runId = new URL(page.url()).pathname.split('/').pop()!

    // The standings appear on the run's page without a reload, and agree with the API.
    const standings = page.locator('table.standings')
    await standings.waitFor({ timeout: 120_000 })
    const run = await eventually(async () => {
      const r = await apiCall('GET', `/api/runs/${runId}`)
      return r.body?.status === 'finished' ? r.body : undefined
    })
    expect(run.standings.map((s: { strategyId: string }) => s.strategyId).sort()).toEqual([strategyId, 'tit-for-tat'].sort())
    await standings.getByRole('link', { name }).waitFor()

    // One of its matches, replayed and verified in the browser.
    const matches = (await apiCall('GET', `/api/runs/${runId}/matches?strategyId=${encodeURIComponent(strategyId)}`)).body.entries
    expect(matches.length).toBeGreaterThan(0)
    await page.goto(`/matches/${matches[0].id}`)
    await page.getByRole('button', { name: /Verify in the browser/ }).click()
    await page.getByText(/identical move for move/i).waitFor({ timeout: 60_000 })
    expect(page.errors).toEqual([])
  })
})

/**
 * Hosting a tournament in the browser: the payoff matrix is judged live by
 * the engine's classifier and dilemma test (the same answers as in Node), an
 * API error lands beside its field, the schedule's next runs are the
 * platform's, and a created tournament takes house classics and runs to
 * standings that name them.
 */
import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { beforeAll, expect, it } from 'vitest'
import { classifyGame } from '../../src/engine/classify'
import { commonsDilemmaTest, commonsMatrix } from '../../src/engine/commons/matrix'
import { makeCommonsRules } from '../../src/engine/commons/rules'
import { dilemmaTest } from '../../src/engine/dilemma-test'
import type { Payoffs } from '../../src/engine/types'
import { nextSlot } from '../../src/jobs/cron'
import { account, apiCall, describeBrowser, eventually, newPage, screenshots, signInPage } from './browser'

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** The payoff input the matrix editor shows for R, S, T or P. */
const payoff = (page: Page, key: keyof Payoffs) => page.locator(`input[data-payoff="${key}"]`)
/** The number input of an API field, e.g. `rules.noise`. */
const input = (page: Page, field: string) => page.locator(`[data-field="${field}"] input`).first()

async function verdictShows(page: Page, payoffs: Payoffs, rules: { turns?: number; continuation?: number } = { turns: 200 }) {
  const classification = classifyGame(payoffs)
  const test = dilemmaTest({ payoffs, ...rules })
  const verdict = page.locator('.verdict')
  await expect.poll(() => verdict.getAttribute('data-kind')).toBe(classification.kind)
  expect(await verdict.locator('.verdict-reason').textContent()).toBe(`${capitalise(classification.reason)}.`)
  expect(await verdict.getAttribute('data-verdict')).toBe(test.verdict.code)
  expect(await verdict.locator('.verdict-text').textContent()).toBe(test.verdict.text)
  return verdict
}

describeBrowser('hosting a tournament', () => {
  let host: { handle: string; token: string }
  beforeAll(async () => {
    host = await account('host')
  })

  it('names the game of the matrix as it is typed, as the engine does in Node', async () => {
    const page = await newPage()
    await signInPage(page, host)
    await page.goto('/host')
    await page.getByRole('heading', { name: 'Host a tournament' }).waitFor()

    // Axelrod's matrix, the default.
    const axelrod = { R: 3, S: 0, T: 5, P: 1 }
    const verdict = await verdictShows(page, axelrod)
    expect(await verdict.locator('.verdict-name').textContent()).toBe("prisoner's dilemma")
    expect(await verdict.locator('.verdict-kind').textContent()).toContain('a dilemma')
    expect(await page.locator('.mx-T .mx-theirs').textContent()).toBe('they get S = 0')

    // T = 2 < R = 3: no temptation any more; a stag hunt. The mirrored payoff follows.
    await payoff(page, 'T').fill('2')
    const stag = { R: 3, S: 0, T: 2, P: 1 }
    await verdictShows(page, stag)
    expect(await verdict.locator('.verdict-name').textContent()).toBe('stag hunt')
    expect(await verdict.locator('.verdict-kind').textContent()).toContain('not a dilemma')
    expect(await page.locator('.mx-S .mx-theirs').textContent()).toBe('they get T = 2')

    // A payoff being typed is no number yet: the classifier's "invalid", not a stale answer.
    await payoff(page, 'R').fill('')
    await expect.poll(() => verdict.getAttribute('data-kind')).toBe('invalid')

    // Presets fill the four inputs.
    await page.getByRole('button', { name: 'Harmony' }).click()
    expect(await payoff(page, 'R').inputValue()).toBe('4')
    await verdictShows(page, { R: 4, S: 2, T: 3, P: 1 })
    expect(await verdict.locator('.verdict-name').textContent()).toBe('harmony')
    await page.getByRole('button', { name: 'Chicken / snowdrift' }).click()
    await verdictShows(page, { R: 3, S: 1, T: 5, P: 0 })
    await page.getByRole('button', { name: 'Deadlock' }).click()
    await verdictShows(page, { R: 1, S: 0, T: 3, P: 2 })

    // Back to Axelrod's with a referee: the effective matrix, and the verdict the CLI's `arena rules` gives.
    await page.getByRole('button', { name: "Axelrod's", exact: true }).click()
    await page.getByLabel('A referee').check()
    await input(page, 'rules.referee.fine').fill('3')
    await input(page, 'rules.referee.detection').fill('1')
    const fined = dilemmaTest({ payoffs: axelrod, referee: { fine: 3, detection: 1, fines: 'destroyed' }, turns: 200 })
    await expect.poll(() => verdict.getAttribute('data-verdict')).toBe('not-a-dilemma')
    expect(await verdict.locator('.verdict-text').textContent()).toBe(fined.verdict.text)
    expect(await verdict.locator('[data-effective-kind]').getAttribute('data-effective-kind')).toBe(fined.classification.kind)
    expect(fined.effective.payoffs).toEqual({ R: 3, S: 0, T: 2, P: -2 })
    expect(await verdict.locator('.mx-table tbody').textContent()).toBe('I C3, 30, 2I D2, 0-2, -2')

    // A continuation probability: its expected length, and the verdict with that w.
    await page.getByLabel('A referee').uncheck()
    await page.getByLabel('A continuation probability').check()
    await input(page, 'rules.continuation').fill('0.95')
    expect(await page.locator('.expected-length').textContent()).toContain('1/(1 − w) = 20 rounds')
    await verdictShows(page, axelrod, { continuation: 0.95 })
    await input(page, 'rules.continuation').fill('0.4')
    await verdictShows(page, axelrod, { continuation: 0.4 })
    expect(await verdict.getAttribute('data-verdict')).toBe('real-dilemma')
    expect(page.errors).toEqual([])
  })

  it("judges the commons' 2×2 for the group, as the engine does in Node", async () => {
    const page = await newPage()
    await signInPage(page, host)
    await page.goto('/host')
    await page.getByLabel("The prisoner's dilemma").waitFor()
    await page.getByLabel('The commons').check()
    expect(await page.locator('input[data-payoff]').count()).toBe(0)
    expect(await page.locator('[data-field="rules.noise"]').count()).toBe(0)
    const verdict = page.locator('.verdict')
    const shows = async (given: Parameters<typeof makeCommonsRules>[0], group: number) => {
      const rules = makeCommonsRules(given)
      const test = commonsDilemmaTest(rules, group)
      await expect.poll(() => verdict.locator('.verdict-text').textContent()).toBe(test.verdict.text)
      expect(await verdict.getAttribute('data-kind')).toBe(classifyGame(commonsMatrix(rules, group)).kind)
      expect(await verdict.getAttribute('data-verdict')).toBe(test.verdict.code)
      return test
    }
    // The defaults, in groups of 4: greed pays in one round.
    const plain = await shows({}, 4)
    expect(plain.classification.dilemma).toBe(true)
    expect(await verdict.textContent()).toContain('For a group of 4: restraint is a request of 20')
    // A quota under the sustainable share of a group of 7 (80/7): greed and restraint become one request, no dilemma.
    await input(page, 'rules.group').fill('7')
    await shows({}, 7)
    await input(page, 'rules.quota').fill('10')
    const quota = await shows({ quota: 10 }, 7)
    expect(quota.verdict.code).toBe('not-a-dilemma')
    mkdirSync('screenshots', { recursive: true })
    await page.screenshot({ path: 'screenshots/host-commons-light-desktop.png', fullPage: true })
    // A quota above the largest request is refused by the engine, and the page says so before sending.
    await input(page, 'rules.quota').fill('500')
    await page.getByText('As typed, the rules would be refused: quota must be a number from 0 to maxRequest (100)').waitFor()
    expect(await verdict.count()).toBe(0)
    expect(page.errors).toEqual([])
  })

  it('keeps the form in this browser and asks a visitor to sign in', async () => {
    const page = await newPage()
    await page.goto('/host')
    await page.getByLabel('Name', { exact: true }).fill('Kept while signing in')
    await payoff(page, 'P').fill('2')
    const signIn = page.getByRole('link', { name: 'Sign in to create it' })
    expect(await signIn.getAttribute('href')).toBe('/account')
    expect(await page.getByRole('button', { name: 'Create the tournament' }).count()).toBe(0)
    await page.reload()
    await page.getByRole('heading', { name: 'Host a tournament' }).waitFor()
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Kept while signing in')
    expect(await payoff(page, 'P').inputValue()).toBe('2')
    expect(page.errors).toEqual([])
  })

  it("shows the API's error beside the field it names", async () => {
    const page = await newPage()
    await signInPage(page, host)
    await page.goto('/host')
    await page.getByLabel('Name', { exact: true }).fill('Too noisy')
    await input(page, 'rules.noise').fill('2')
    await page.getByRole('button', { name: 'Create the tournament' }).click()
    // The same body through the API: the page shows its own words, at rules.noise.
    const refused = await apiCall('POST', '/api/tournaments', { name: 'Too noisy', game: 'dilemma', rules: { payoffs: { R: 3, S: 0, T: 5, P: 1 }, turns: 200, noise: 2, repetitions: 5 } }, host.token)
    expect(refused.status).toBe(400)
    expect(refused.body.error.field).toBe('rules.noise')
    const error = page.locator('[data-field="rules.noise"] .field-error')
    await error.waitFor()
    expect(await error.textContent()).toBe(refused.body.error.message)
    expect(await input(page, 'rules.noise').getAttribute('aria-invalid')).toBe('true')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('rules.noise')
    // Nothing else is marked, and no tournament was made.
    expect(await page.locator('.field-error').count()).toBe(1)
    expect(await page.getByRole('heading', { name: /^Created/ }).count()).toBe(0)

    // A schedule croner cannot read is named by the page before sending.
    await page.locator('input[name="schedule"]').fill('every day')
    await page.getByText(/Not a schedule yet: not a 5-field cron expression/).waitFor()
    expect(page.errors).toEqual([])
  })

  it('creates a tournament, enters three classics, runs it and shows the run', async () => {
    const page = await newPage()
    await signInPage(page, host)
    await page.goto('/host')
    const name = `Host test ${Date.now()}`
    await page.getByLabel('Name', { exact: true }).fill(name)
    await input(page, 'rules.turns').fill('20')
    await input(page, 'rules.repetitions').fill('2')

    // A schedule's next three runs, as the platform reads it (the test runs across midnight UTC only by bad luck: then either day is right).
    const before = new Date()
    await page.getByRole('button', { name: 'Daily (00:00 UTC)' }).click()
    const times = page.locator('.host-times time')
    await expect.poll(() => times.count()).toBe(3)
    const shown = await times.evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')))
    const expected = (from: Date) => {
      const first = nextSlot('0 0 * * *', from)!
      const second = nextSlot('0 0 * * *', first)!
      return [first, second, nextSlot('0 0 * * *', second)!].map((d) => d.toISOString())
    }
    expect([expected(before), expected(new Date())]).toContainEqual(shown)
    // Runs on demand only: this test starts its own.
    await page.getByRole('button', { name: 'On demand' }).click()
    await page.getByText('No schedule: it runs when you press').waitFor()

    await page.getByRole('button', { name: 'Create the tournament' }).click()
    const created = page.getByRole('heading', { name: /^Created/ })
    await created.waitFor()
    const tournamentLink = created.getByRole('link', { name })
    const tournamentId = (await tournamentLink.getAttribute('href'))!.replace('/tournaments/', '')
    const t = await apiCall('GET', `/api/tournaments/${tournamentId}`)
    expect(t.status).toBe(200)
    expect(t.body.name).toBe(name)
    expect(t.body.rules).toMatchObject({ payoffs: { R: 3, S: 0, T: 5, P: 1 }, turns: 20, repetitions: 2, noise: 0 })
    expect(t.body.schedule).toBeNull()
    expect(t.body.hostId).toBeTruthy()

    // The "Axelrod's" shortcut chooses the classics the API says mirror Axelrod-Python.
    const classics = await apiCall<{ id: string; axelrod: string | null }[]>('GET', '/api/classics?game=dilemma')
    const axelrod = classics.body.filter((c) => c.axelrod !== null)
    await page.getByRole('button', { name: `Axelrod's ${axelrod.length}` }).click()
    await page.getByText(`${axelrod.length} chosen, 0 entered`).waitFor()
    await page.getByRole('button', { name: 'None', exact: true }).click()

    const three = ['tit-for-tat', 'grudger', 'defector']
    for (const id of three) await page.locator(`input[name="classic"][value="${id}"]`).check()
    await page.getByRole('button', { name: 'Enter 3 classics' }).click()
    await page.getByText('3 chosen, 3 entered').waitFor()
    const entries = await apiCall('GET', `/api/tournaments/${tournamentId}`)
    expect(entries.body.entries.map((e: { strategyId: string }) => e.strategyId).sort()).toEqual([...three].sort())

    mkdirSync('screenshots', { recursive: true })
    await page.screenshot({ path: 'screenshots/host-created-light-desktop.png', fullPage: true })

    await page.getByRole('button', { name: 'Run now' }).click()
    await page.waitForURL(/\/runs\/[^/]+$/)
    const runId = new URL(page.url()).pathname.split('/').pop()!
    const run = await eventually(
      async () => {
        const r = await apiCall('GET', `/api/runs/${runId}`)
        return r.body?.status === 'finished' ? r.body : r.body?.status === 'failed' ? Promise.reject(new Error(`run failed: ${r.body.error}`)) : undefined
      },
      120_000,
      'the run to finish',
    )
    expect(run.tournamentId).toBe(tournamentId)
    expect(run.standings.map((s: { strategyId: string }) => s.strategyId).sort()).toEqual([...three].sort())
    expect(page.errors).toEqual([])
  })

  it('takes screenshots of the page', async () => {
    const files = await screenshots('host', '/host', '.verdict', (page) => signInPage(page, host))
    expect(files).toHaveLength(4)
  })
})

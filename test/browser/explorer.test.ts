/**
 * The dilemma explorer: the verdict at Axelrod's payoffs, raising the fine
 * with the keyboard until the verdict changes (and agrees with the engine's
 * dilemma test run here in Node on the same numbers), the small experiment
 * played in the page ranking the defector lower under a high fine, preset
 * links that set the sliders, the commons with and without a quota.
 */
import { expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { dilemmaTest } from '../../src/engine/dilemma-test'
import { describeBrowser, newPage, screenshots } from './browser'

const slider = (page: Page, name: string) => page.getByRole('slider', { name, exact: true })
const exact = (page: Page, name: string) => page.getByRole('spinbutton', { name: `${name}, exact value`, exact: true })
const verdictCode = (page: Page) => page.locator('[data-verdict]').getAttribute('data-verdict')

/** The ranking once the page has played the rules it shows (the played key holds them), and nothing is playing. */
async function rankingFor(page: Page, fine: number): Promise<Map<string, number>> {
  const played = page.locator(`.live-experiment[aria-busy="false"] [data-played*='"fine":${fine},']`)
  const noReferee = page.locator(`.live-experiment[aria-busy="false"] [data-played*='"referee":null']`)
  await (fine === 0 ? noReferee : played).waitFor({ timeout: 60_000 })
  const rows = await page.locator('.ranking-table tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-strategy')!, Number(tr.getAttribute('data-rank'))] as const))
  return new Map(rows)
}

describeBrowser('the dilemma explorer', () => {
  it('changes the verdict as the fine goes up, as the engine says, and the game played in the page ranks the defector lower', async () => {
    const page = await newPage()
    await page.goto('/explorer')
    await page.getByRole('heading', { name: 'The dilemma explorer' }).waitFor()
    // Axelrod's payoffs and w = 0.98: defection dominates each round, and the future can sustain cooperation.
    expect(await verdictCode(page)).toBe('dilemma-with-future')
    await expect(page.locator('.verdict').textContent()).resolves.toContain('Is defection dominant, in one round? Yes')
    const before = await rankingFor(page, 0)
    expect(before.size).toBe(9)
    const defectorBefore = before.get('defector')!

    // Up with the arrow key, one step (0.5) at a time, until the verdict changes.
    const fine = slider(page, 'Fine')
    await fine.focus()
    let presses = 0
    while ((await verdictCode(page)) === 'dilemma-with-future') {
      await page.keyboard.press('ArrowRight')
      if (++presses > 20) throw new Error('the verdict never changed')
    }
    const value = Number(await exact(page, 'Fine').inputValue())
    expect(value).toBe(presses * 0.5)
    // The engine agrees, step for step: the verdict changed exactly where its dilemma test says it does.
    const engineAt = (f: number) => dilemmaTest({ payoffs: { R: 3, S: 0, T: 5, P: 1 }, referee: { fine: f, detection: 1, fines: 'destroyed' }, align: 0, continuation: 0.98 })
    expect(engineAt(value - 0.5).verdict.code).toBe('dilemma-with-future')
    const engine = engineAt(value)
    expect(await verdictCode(page)).toBe(engine.verdict.code)
    expect(engine.verdict.code).toBe('not-a-dilemma')
    await expect(page.locator('.verdict-text').textContent()).resolves.toBe(engine.verdict.text)
    const cells = await page.locator('.matrix [data-cell] .matrix-value').allTextContents()
    const { R, S, T, P } = engine.effective.payoffs
    expect(cells.map(Number)).toEqual([R, S, T, P])
    expect(await page.locator('.kind').getAttribute('data-kind')).toBe(engine.classification.kind)

    // A high fine, typed: the game is played again and the defector falls.
    await exact(page, 'Fine').fill('6')
    await exact(page, 'Fine').press('Enter')
    expect(await slider(page, 'Fine').inputValue()).toBe('6')
    const after = await rankingFor(page, 6)
    expect(after.get('defector')!).toBeGreaterThan(defectorBefore)
    expect(after.get('defector')).toBe(9)
    // The settings are in the address, so this view is a link.
    await page.waitForURL(/fine=6/)
    expect(page.errors).toEqual([])
  })

  it('sets the sliders from a preset link, and plays the commons with and without the quota', async () => {
    const page = await newPage()
    await page.goto('/explorer')
    const doping = page.locator('[data-preset="doping"]')
    await doping.getByRole('link', { name: 'doping-tests' }).click()
    await page.waitForURL(/preset=doping/)
    // The address changes before the page re-renders, so the first reading waits for the new values.
    await expect.poll(() => exact(page, 'T, you defect, they cooperate').inputValue()).toBe('6')
    expect(await exact(page, 'R, both cooperate').inputValue()).toBe('4')
    expect(await exact(page, 'Fine').inputValue()).toBe('5')
    expect(await exact(page, 'Detection probability').inputValue()).toBe('0.8')
    expect(await exact(page, 'Rounds').inputValue()).toBe('1')
    expect(await verdictCode(page)).toBe('not-a-dilemma')
    expect(await doping.getByRole('link', { name: 'doping-tests' }).getAttribute('aria-current')).toBe('true')

    // The other rule set of the same preset, one click away: no tests, a single round, a real dilemma.
    await doping.getByRole('link', { name: 'no-tests' }).click()
    await page.waitForURL(/ruleSet=no-tests/)
    await expect.poll(() => exact(page, 'Fine').inputValue()).toBe('0')
    expect(await verdictCode(page)).toBe('real-dilemma')

    // A preset opened from its link: the commons with a quota of 10.
    await page.goto('/explorer?preset=commons&ruleSet=quota')
    await expect.poll(() => exact(page, 'Quota per request').inputValue()).toBe('10')
    const noQuota = page.locator('.commons-table tr[data-rules="no quota"]')
    const quota = page.locator('.commons-table tr[data-rules="quota 10"]')
    await quota.waitFor({ timeout: 90_000 })
    const welfare = async (row: typeof quota) => Number(await row.locator('[data-welfare]').getAttribute('data-welfare'))
    const stock = async (row: typeof quota) => Number(await row.locator('[data-final-stock]').getAttribute('data-final-stock'))
    // Without a quota the stock collapses; with one it survives and the group earns far more.
    expect(await stock(noQuota)).toBe(0)
    expect(await stock(quota)).toBeGreaterThan(500)
    expect(await welfare(quota)).toBeGreaterThan((await welfare(noQuota)) + 0.5)
    expect(page.errors).toEqual([])
  })

  it('lists the experiments run on the platform', async () => {
    const page = await newPage()
    await page.goto('/explorer')
    await page.getByRole('heading', { name: 'Experiments run on the platform' }).waitFor()
    const section = page.locator('section[aria-labelledby="latest-title"]')
    await section.locator('ul, p').first().waitFor()
    const res = await fetch(new URL('/api/experiments?limit=8', page.url()))
    const { entries } = (await res.json()) as { entries: { id: string }[] }
    const links = await section.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')).filter((h) => h?.startsWith('/experiments/')))
    expect(links).toEqual(entries.map((e) => `/experiments/${e.id}`))
    if (entries.length === 0) await expect(section.textContent()).resolves.toContain('No experiment has been run here yet')
    expect(page.errors).toEqual([])
  })

  it('takes screenshots', async () => {
    const files = await screenshots('explorer', '/explorer', '[data-winner]')
    expect(files).toHaveLength(4)
  })
})

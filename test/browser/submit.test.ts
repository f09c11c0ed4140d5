/**
 * The submit page in a real browser: a template from the classics, "Try it"
 * in the browser's sandbox (the scores and moves a Node-side playMatch of the
 * same sources gives), a syntax error shown and marked at its line both by
 * the browser's sandbox and by the API's 422, a draft that survives a
 * reload, a submission that lands on the strategy's page, a new version from
 * /strategies/:id/edit, keyboard focus leaving the editor, and the editor's
 * chunk never loaded by the home page.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { beforeAll, expect, it } from 'vitest'
import { createNodeRunner } from '../../sandbox/node'
import { classicAsSource, findClassic } from '../../src/classics'
import { playMatch } from '../../src/engine/match'
import { DEFAULT_OPPONENTS, STRIP_ROUNDS, TRY_SEED } from '../../web/src/submit/try-rules'
import { account, apiCall, baseUrl, describeBrowser, eventually, newPage, screenshots, signInPage } from './browser'

const BROKEN = "// a draft with a mistake on line 3\nexport default function move(view) {\n  return (;\n}\n"
const FIXED = "// cooperate twice, then copy\nexport default function move(view) {\n  return view.round < 2 ? 'C' : view.their[view.round - 1]\n}\n"

/** A full-page screenshot of the page as it is now, light and dark at its width and at a phone's, under screenshots/. */
async function shoot(page: Page, name: string): Promise<void> {
  const dir = fileURLToPath(new URL('../../screenshots', import.meta.url))
  mkdirSync(dir, { recursive: true })
  const size = page.viewportSize()!
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    await page.screenshot({ path: join(dir, `${name}-${colorScheme}-desktop.png`), fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.screenshot({ path: join(dir, `${name}-${colorScheme}-phone.png`), fullPage: true })
    await page.setViewportSize(size)
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

/** The editor's text (short sources are rendered whole; an empty line reads as its <br>). */
async function editorText(page: Page): Promise<string> {
  const lines = await page.locator('.cm-content .cm-line').allInnerTexts()
  return lines.map((l) => l.replace(/\n$/, '')).join('\n')
}

/** Replace the editor's whole text, as a paste would (no auto-closed brackets). */
async function replaceSource(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click()
  await page.keyboard.press('Control+A')
  await page.keyboard.press('Delete')
  await page.keyboard.insertText(text)
  await eventually(async () => (await editorText(page)) === text, 10_000, 'the editor to hold the new source')
}

/** The JavaScript files a page requested from the site. */
function scriptsOf(page: Page): Set<string> {
  const seen = new Set<string>()
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname
    if (path.endsWith('.js')) seen.add(path)
  })
  return seen
}

describeBrowser('submitting a strategy', () => {
  let who: { handle: string; token: string }
  beforeAll(async () => {
    who = await account('submit')
  })

  it('tries a template against the classics in the browser, marks a syntax error at its line, keeps the draft, and submits', async () => {
    const page = await newPage()
    await signInPage(page, who)
    await page.goto('/submit')
    await page.getByRole('heading', { name: 'Submit a strategy' }).waitFor()
    await page.locator('.cm-editor').waitFor()
    // The blank template explains view.
    expect(await editorText(page)).toContain('view.round       index of this round, from 0')

    // A classic as the template.
    await page.getByLabel('Start from').selectOption('tit-for-tat')
    await page.getByRole('button', { name: 'Use this template' }).click()
    const tft = findClassic('tit-for-tat')!
    await eventually(async () => (await editorText(page)) === tft.source, 10_000, 'the Tit For Tat template')

    // Try it: the usual six, with the scores and moves the platform's engine gives for the same sources and seed.
    await page.getByRole('button', { name: 'Try it', exact: true }).click()
    await page.locator('.try-result').nth(DEFAULT_OPPONENTS.length - 1).waitFor({ timeout: 60_000 })
    const runner = await createNodeRunner()
    for (const id of DEFAULT_OPPONENTS) {
      const m = await playMatch(runner, { id: 'draft', name: 'draft', source: tft.source }, classicAsSource(findClassic(id)!), { seed: TRY_SEED })
      const item = page.locator(`.try-result[data-opponent="${id}"]`)
      expect(await item.locator('.try-score').innerText(), id).toMatch(new RegExp(`you ${m.scores[0]}\\s*–\\s*them ${m.scores[1]}`))
      const strips = item.locator('.try-strip')
      expect((await strips.nth(0).innerText()).replace(/\s/g, ''), id).toBe(m.moves[0].slice(0, STRIP_ROUNDS))
      expect((await strips.nth(1).innerText()).replace(/\s/g, ''), id).toBe(m.moves[1].slice(0, STRIP_ROUNDS))
      expect(await item.getByRole('link').getAttribute('href')).toBe(`/strategies/${id}`)
    }
    // Tit for tat against the defector: one sucker's payoff, then mutual defection.
    const vsDefector = page.locator('.try-result[data-opponent="defector"]')
    expect((await vsDefector.locator('.try-strip').first().innerText()).replace(/\s/g, '')).toBe('C' + 'D'.repeat(STRIP_ROUNDS - 1))
    expect(await vsDefector.locator('.try-score').innerText()).toMatch(/you 199\s*–\s*them 204/)
    await shoot(page, 'submit-tried')

    // A syntax error on line 3: the browser's sandbox names it, the editor marks line 3.
    await replaceSource(page, BROKEN)
    await page.getByRole('button', { name: 'Try it', exact: true }).click()
    const sourceError = page.locator('.source-error')
    await sourceError.getByText('Your draft does not load').waitFor()
    expect(await sourceError.innerText()).toContain('line 3, column 11: SyntaxError')
    await expectMarkedLine(page, 3)
    await sourceError.getByRole('button', { name: 'Go to line 3, column 11' }).click()
    expect(await page.evaluate(() => !!document.activeElement?.closest('.cm-editor'))).toBe(true)
    expect(await page.locator('.cm-activeLine').innerText()).toBe('  return (;')

    // Without a name, the API's 400 shows beside the name input.
    await page.getByRole('button', { name: 'Submit strategy' }).click()
    const nameError = page.locator('label:has(input[type="text"]) .field-error[data-field="name"]')
    await nameError.waitFor()
    expect(await nameError.innerText()).toMatch(/^name: /)
    expect(await page.getByLabel('Name').getAttribute('aria-invalid')).toBe('true')

    // The same error through the API's 422, shown under the editor and marked at line 3.
    await page.getByLabel('Name').fill('Twice Then Copy')
    await page.getByLabel(/Public source/).check()
    await page.getByRole('button', { name: 'Submit strategy' }).click()
    await sourceError.getByText('The arena refused the source').waitFor()
    expect(await sourceError.innerText()).toMatch(/line 3, column \d+: SyntaxError/)
    await expectMarkedLine(page, 3)
    expect(page.url()).toBe(baseUrl + '/submit')
    await shoot(page, 'submit-error')

    // The draft survives a reload.
    await page.reload()
    await page.locator('.cm-editor').waitFor()
    await page.locator('[data-note="restored"]').waitFor()
    expect(await editorText(page)).toBe(BROKEN)
    expect(await page.getByLabel('Name').inputValue()).toBe('Twice Then Copy')
    expect(await page.getByLabel(/Public source/).isChecked()).toBe(true)

    // Over a quota, the 429 says when submitting works again (the API's answer, as its ErrorSchema has it).
    await replaceSource(page, FIXED)
    const resetAt = new Date(Date.now() + 42 * 60_000).toISOString()
    const quota = { code: 'quota_exceeded', message: "strategy-versions-per-hour: at most 20 strategy versions per account per UTC hour, and this hour's are used up", quota: 'strategy-versions-per-hour', limit: 20, resetAt }
    await page.route('**/api/strategies', (route) => route.fulfill({ status: 429, json: { error: quota }, headers: { 'retry-after': '2520' } }), { times: 1 })
    await page.getByRole('button', { name: 'Submit strategy' }).click()
    const limit = page.getByRole('alert').filter({ hasText: 'Too many submissions' })
    await limit.waitFor()
    expect(await limit.innerText()).toMatch(/this hour's are used up\. You can submit again in 4[12] min/)
    expect(await limit.innerText()).toContain(resetAt.replace('T', ' ').slice(0, 16) + ' UTC')

    // Fixed, it is accepted and the page moves to the strategy.
    await page.getByRole('button', { name: 'Submit strategy' }).click()
    await page.waitForURL(/\/strategies\/[^/]+$/)
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!)
    const created = await apiCall('GET', `/api/strategies/${id}`, undefined, who.token)
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({ id, name: 'Twice Then Copy', owner: who.handle, public: true, version: 1, source: FIXED })
    expect(await page.evaluate(() => localStorage.getItem('arena.draft.new'))).toBeNull()

    // A new version from /strategies/:id/edit: the current source is loaded, the new one becomes version 2.
    await page.goto(`/strategies/${id}/edit`)
    await page.getByRole('heading', { name: 'New version of Twice Then Copy' }).waitFor()
    await eventually(async () => (await editorText(page)) === FIXED, 10_000, 'the current source in the editor')
    const v2 = FIXED.replace('< 2', '< 3')
    await replaceSource(page, v2)
    await page.getByRole('button', { name: 'Submit new version' }).click()
    await page.waitForURL(new RegExp(`/strategies/${id}$`))
    const updated = await apiCall('GET', `/api/strategies/${id}`, undefined, who.token)
    expect(updated.body).toMatchObject({ version: 2, source: v2 })
    expect(page.errors).toEqual([])
  })

  it('asks a visitor to sign in before submitting, and lets the keyboard leave the editor', async () => {
    const page = await newPage({ width: 390, height: 844 })
    await page.goto('/submit')
    await page.locator('.cm-editor').waitFor()
    const note = page.locator('[data-note="sign-in"]')
    await note.waitFor()
    expect(await note.getByRole('link').getAttribute('href')).toBe('/account')
    expect(await page.getByRole('button', { name: 'Submit strategy' }).isDisabled()).toBe(true)

    // Tab indents inside the editor; Escape then Tab moves on to the next control.
    await page.locator('.cm-content').click()
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => !!document.activeElement?.closest('.cm-editor'))).toBe(true)
    await page.keyboard.press('Escape')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => !document.activeElement?.closest('.cm-editor') && document.activeElement !== document.body)).toBe(true)
    expect(page.errors).toEqual([])
  })

  it('loads the editor chunk on /submit only, never on the home page', async () => {
    const report = JSON.parse(readFileSync(new URL('../../web/dist/build-report.json', import.meta.url), 'utf8')) as { mainBundle: { files: string[] }; lazy: { file: string }[] }
    const submit = await newPage()
    const onSubmit = scriptsOf(submit)
    await submit.goto('/submit')
    await submit.locator('.cm-editor').waitFor()
    let editorChunk: string | undefined
    for (const file of onSubmit) {
      const text = await (await fetch(baseUrl + file)).text()
      if (text.includes('cm-content')) editorChunk = file
    }
    expect(editorChunk).toBeDefined()
    expect(report.lazy.map((l) => l.file)).toContain(editorChunk)
    expect(report.mainBundle.files).not.toContain(editorChunk)

    const home = await newPage()
    const onHome = scriptsOf(home)
    await home.goto('/')
    await home.waitForLoadState('networkidle')
    expect(onHome.size).toBeGreaterThan(0)
    expect([...onHome]).not.toContain(editorChunk)
  })

  it('takes screenshots', async () => {
    const files = await screenshots('submit', '/submit', '.cm-editor', async (page) => {
      await signInPage(page, who)
      await page.addInitScript((source) => {
        localStorage.setItem('arena.draft.new', JSON.stringify({ name: 'Twice Then Copy', description: 'Cooperates twice, then copies.', isPublic: true, source, savedAt: new Date().toISOString() }))
      }, FIXED)
    })
    expect(files).toHaveLength(4)
  })
})

/** The editor marks exactly one line, the given one, in its text and its gutter. */
async function expectMarkedLine(page: Page, line: number): Promise<void> {
  const marked = page.locator('.cm-line.cm-error-line')
  await marked.waitFor()
  expect(await marked.count()).toBe(1)
  expect(await marked.getAttribute('data-error-line')).toBe(String(line))
  const index = await marked.evaluate((el) => Array.from(el.parentElement!.children).filter((c) => c.classList.contains('cm-line')).indexOf(el))
  expect(index + 1).toBe(line)
  expect(await page.locator('.cm-lint-marker-error').count()).toBe(1)
}

/**
 * The site as served by the Worker: every route of the site answers with the
 * page (the single-page fallback) and shows it, /api/* is the API's, assets
 * are cached by ETag, and the main bundle is within its size.
 */
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { baseUrl, describeBrowser, newPage } from './browser'

const ROUTES = ['/', '/tournaments/x', '/runs/x', '/matches/x', '/strategies/x', '/submit', '/host', '/explorer', '/experiments/x', '/account']

describeBrowser('the site shell', () => {
  it('serves the page for every route of the site and leaves /api/* to the Worker', async () => {
    for (const route of ROUTES) {
      const res = await fetch(baseUrl + route)
      expect(res.status, route).toBe(200)
      expect(res.headers.get('content-type'), route).toMatch(/text\/html/)
      expect(await res.text(), route).toContain('<div id="app">')
    }
    const policy = (await fetch(baseUrl + '/')).headers.get('content-security-policy')
    expect(policy).toContain("default-src 'self'")
    expect(policy).toContain("connect-src 'self'")
    const api = await fetch(baseUrl + '/api/no-such-thing')
    expect(api.status).toBe(404)
    expect(await api.json()).toEqual({ error: { code: 'not_found', message: 'no such endpoint: GET /api/no-such-thing' } })
  })

  it('sends assets with an ETag and answers 304 when unchanged', async () => {
    const wasm = await fetch(baseUrl + '/assets/quickjs-metered.wasm')
    expect(wasm.status).toBe(200)
    const etag = wasm.headers.get('etag')
    expect(etag).toBeTruthy()
    const again = await fetch(baseUrl + '/assets/quickjs-metered.wasm', { headers: { 'if-none-match': etag! } })
    expect(again.status).toBe(304)
  })

  it('keeps the main bundle within 100 KB gzipped', () => {
    const report = JSON.parse(readFileSync(new URL('../../web/dist/build-report.json', import.meta.url), 'utf8'))
    expect(report.mainBundle.gzipBytes).toBeGreaterThan(1000)
    expect(report.mainBundle.gzipBytes).toBeLessThanOrEqual(100 * 1024)
  })

  it('routes on the client: a deep link shows its page, an unknown path says not found, and the theme can be switched', async () => {
    const page = await newPage()
    await page.goto('/no/such/page')
    await page.getByRole('heading', { name: 'Not found' }).waitFor()
    await page.getByRole('link', { name: 'Explorer' }).first().click()
    await page.waitForURL('**/explorer')
    const before = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    await page.getByRole('button', { name: /Theme: system/ }).click()
    await page.getByRole('button', { name: /Theme: light/ }).click()
    const after = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    expect(after).not.toBe(before)
    expect(await page.evaluate(() => localStorage.getItem('arena.theme'))).toBe('dark')
    expect(page.errors).toEqual([])
  })

  it("leaves the Worker's own pages to the browser: the footer's API docs link opens Swagger UI", async () => {
    const page = await newPage()
    await page.goto('/')
    await page.getByRole('link', { name: 'API docs' }).click()
    await page.waitForURL('**/api/docs')
    await page.locator('.swagger-ui').first().waitFor()
    expect(await page.title()).not.toBe('Dilemma Arena')
  })

  it('asks nothing of any server but its own: no CDN fonts, scripts or styles', async () => {
    const page = await newPage()
    const elsewhere: string[] = []
    page.on('request', (r) => {
      const url = r.url()
      if (!url.startsWith(baseUrl) && !url.startsWith('data:')) elsewhere.push(url)
    })
    for (const path of ['/', '/explorer', '/submit', '/host', '/account', '/tournaments/demo-classics']) {
      await page.goto(path)
      await page.waitForLoadState('networkidle')
    }
    expect(elsewhere).toEqual([])
    expect(page.errors).toEqual([])
  })

  it('refuses, by its Content-Security-Policy, a script the page did not ship', async () => {
    const page = await newPage()
    await page.goto('/')
    await page.locator('.site-header').waitFor()
    const ran = await page.evaluate(async () => {
      const el = document.createElement('script')
      el.textContent = 'window.injected = true'
      document.body.append(el)
      await new Promise((r) => setTimeout(r, 100))
      return (window as unknown as { injected?: boolean }).injected === true
    })
    expect(ran).toBe(false)
    expect(page.errors.some((e) => /Content Security Policy/i.test(e))).toBe(true)
  })
})

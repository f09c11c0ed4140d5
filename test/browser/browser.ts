/**
 * What every browser test uses: the platform's address, a headless Chromium
 * driven by playwright-core, the API as a client would call it, and
 * screenshots in light and dark at phone and desktop widths (under the
 * git-ignored screenshots/ folder).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, describe, inject } from 'vitest'
import { chromiumPath } from './chromium'

export const baseUrl = inject('baseUrl')

/** describe() when Chromium and the platform are there; the set-up has said loudly why not otherwise. */
export const describeBrowser = baseUrl ? describe : describe.skip

let browser: Browser | null = null
const contexts: BrowserContext[] = []

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close()
  browser = null
})

export async function launch(): Promise<Browser> {
  browser ??= await chromium.launch({
    executablePath: chromiumPath()!,
    headless: true,
    // This machine's network is closed: Chromium's own background traffic is turned off, not left to fail.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  })
  return browser
}

export interface PageOptions {
  width?: number
  height?: number
  colorScheme?: 'light' | 'dark'
}

/** A fresh page (its own storage) that fails the test on any uncaught page error. */
export async function newPage(options: PageOptions = {}): Promise<Page & { errors: string[] }> {
  const b = await launch()
  const context = await b.newContext({
    baseURL: baseUrl,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
  })
  contexts.push(context)
  const page = (await context.newPage()) as Page & { errors: string[] }
  page.errors = []
  page.on('pageerror', (e) => page.errors.push(String(e)))
  // Whatever the site's Content-Security-Policy refused is an error of the page too.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) page.errors.push(m.text())
  })
  page.setDefaultTimeout(30_000)
  return page
}

const shots = join(fileURLToPath(new URL('../..', import.meta.url)), 'screenshots')

export const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1366, height: 900 } } as const

/**
 * Screenshots of `path` in light and dark, at phone and desktop widths:
 * screenshots/NAME-{light,dark}-{phone,desktop}.png. `ready` waits for the
 * page's content (a selector).
 */
export async function screenshots(name: string, path: string, ready: string, prepare?: (page: Page) => Promise<void>): Promise<string[]> {
  mkdirSync(shots, { recursive: true })
  const files: string[] = []
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      const page = await newPage({ ...viewport, colorScheme })
      if (prepare) await prepare(page)
      await page.goto(path)
      await page.waitForSelector(ready)
      const file = join(shots, `${name}-${colorScheme}-${size}.png`)
      await page.screenshot({ path: file, fullPage: true })
      files.push(file)
      await page.context().close()
    }
  }
  return files
}

/** A JSON call to the platform's API, as any client makes it. */
export async function apiCall<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

/** A new account through the API: its handle and token. */
export async function account(prefix = 'e2e'): Promise<{ handle: string; token: string }> {
  const handle = `${prefix}-${Math.random().toString(36).slice(2, 10)}`
  const res = await apiCall<{ token: string }>('POST', '/api/accounts', { handle })
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`)
  return { handle, token: res.body.token }
}

/** Signs the page in with a token, as the account page does (localStorage), before the first visit. */
export async function signInPage(page: Page, who: { handle: string; token: string }): Promise<void> {
  await page.addInitScript(([token, handle]) => {
    localStorage.setItem('arena.token', token!)
    localStorage.setItem('arena.handle', handle!)
  }, [who.token, who.handle])
}

/** Polls until `check` returns a value (not undefined/false), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, ms = 60_000, what = 'the condition'): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await check()
    if (v !== undefined && v !== false) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 500))
  }
}

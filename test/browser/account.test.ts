/**
 * The account page in a real Chromium: create an identity (its token shown
 * once, the header signed in), the token working against the API, a second
 * token made and revoked (the API refusing it afterwards), signing out and in
 * again by pasting the token, errors beside their fields (a taken handle, an
 * invalid one, a wrong token), and deleting the account after two confirmations.
 */
import { expect, it } from 'vitest'
import { apiCall, describeBrowser, newPage, screenshots, signInPage } from './browser'

const handleField = 'form[aria-labelledby="create-title"]'
const tokenField = 'form[aria-labelledby="signin-title"]'

describeBrowser('the account page', () => {
  // One identity, made through the page, for the whole file (sign-ups are limited per IP).
  const handle = `acct-${Math.random().toString(36).slice(2, 10)}`
  let token = ''

  it('creates an identity: the token is shown once with a warning, the header says @handle, and the token works against the API', async () => {
    const page = await newPage()
    await page.goto('/account')
    await page.getByLabel('Handle').fill(handle)
    await page.getByRole('button', { name: 'Create identity' }).click()

    const shown = page.getByRole('region', { name: new RegExp(`your API token`) })
    await shown.waitFor()
    await expect(shown.textContent()).resolves.toMatch(/shown only this once/)
    token = await shown.getByLabel('The new API token').inputValue()
    expect(token).toMatch(/^da_[0-9a-z]{26}_[0-9a-z]{52}$/)
    await expect(page.locator('.site-header nav a[href="/account"]').textContent()).resolves.toBe(`@${handle}`)
    await expect(page.locator('#who').textContent()).resolves.toBe(`Signed in as @${handle}`)

    const me = await apiCall('GET', '/api/accounts/me', undefined, token)
    expect(me.status).toBe(200)
    expect(me.body.handle).toBe(handle)
    // The token list shows the first token, marked as this browser's.
    await expect.poll(() => page.locator('.token-list tbody tr').count()).toBe(1)
    await expect(page.locator('.token-list .in-use').textContent()).resolves.toBe('this browser')
    expect(page.errors).toEqual([])
  })

  it('creates a second token with a label, shows it once, and revokes it: the API then refuses it', async () => {
    const page = await newPage()
    await signInPage(page, { handle, token })
    await page.goto('/account')
    await page.getByLabel('Label for a new token').fill('e2e-ci')
    await page.getByRole('button', { name: 'Create token' }).click()
    const shown = page.getByRole('region', { name: 'New token “e2e-ci”' })
    const second = await shown.getByLabel('The new API token').inputValue()
    expect(second).toMatch(/^da_/)
    expect(second).not.toBe(token)
    expect((await apiCall('GET', '/api/accounts/me', undefined, second)).status).toBe(200)

    const row = page.locator('.token-list tbody tr', { hasText: 'e2e-ci' })
    // The list is read again after the token is made: wait for it rather than count at once.
    await row.waitFor()
    await expect.poll(() => page.locator('.token-list tbody tr').count()).toBe(2)
    await row.getByRole('button', { name: /Revoke the token e2e-ci/ }).click()
    await expect(row.locator('.confirm-question').textContent()).resolves.toMatch(/Anything using it stops working/)
    await row.getByRole('button', { name: 'Yes, revoke' }).click()
    await row.getByText(/^revoked /).waitFor()

    expect((await apiCall('GET', '/api/accounts/me', undefined, second)).status).toBe(401)
    expect((await apiCall('GET', '/api/accounts/me', undefined, token)).status).toBe(200)
    const listed = await apiCall('GET', '/api/tokens', undefined, token)
    expect(listed.body.entries.find((t: { label: string }) => t.label === 'e2e-ci').revokedAt).not.toBeNull()
    // Still signed in: the revoked token was not this browser's.
    await expect(page.locator('#who').textContent()).resolves.toBe(`Signed in as @${handle}`)
    expect(page.errors).toEqual([])
  })

  it('signs out, then signs in again by pasting the token; a wrong token is refused beside the token field', async () => {
    const page = await newPage()
    await signInPage(page, { handle, token })
    await page.goto('/account')
    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await expect(page.locator('.site-header nav a[href="/account"]').textContent()).resolves.toBe('Sign in')
    expect(await page.evaluate(() => localStorage.getItem('arena.token'))).toBeNull()

    const field = page.getByLabel('API token')
    await field.fill('da_not-a-real-token')
    await page.getByRole('button', { name: 'Sign in' }).click()
    const error = page.locator(`${tokenField} .field-error[data-field="token"]`)
    await expect(error.textContent()).resolves.toBe('This token is unknown or revoked.')
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(page.locator('.site-header nav a[href="/account"]').textContent()).resolves.toBe('Sign in')

    await field.fill(token)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.locator('#who').textContent()).resolves.toBe(`Signed in as @${handle}`)
    await expect(page.locator('.site-header nav a[href="/account"]').textContent()).resolves.toBe(`@${handle}`)
    expect(await page.evaluate(() => localStorage.getItem('arena.token'))).toBe(token)
    expect(page.errors).toEqual([])
  })

  it('shows a taken handle and an invalid one under the handle field', async () => {
    const page = await newPage()
    await page.goto('/account')
    const input = page.getByLabel('Handle')
    const error = page.locator(`${handleField} label .field-error[data-field="handle"]`)

    await input.fill('no spaces!')
    await page.getByRole('button', { name: 'Create identity' }).click()
    await expect(error.textContent()).resolves.toMatch(/2 to 32 characters/)

    await input.fill(handle.toUpperCase())
    await page.getByRole('button', { name: 'Create identity' }).click()
    await expect(error.textContent()).resolves.toBe(`the handle "${handle}" is taken`)
    await expect(input.getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(page.locator('.site-header nav a[href="/account"]').textContent()).resolves.toBe('Sign in')
    expect(page.errors).toEqual([])
  })

  it('links to the API docs (served by the Worker, not the site) and the OpenAPI description', async () => {
    const page = await newPage()
    await page.goto('/account')
    await page.locator('.api-links').waitFor()
    await expect.poll(() => page.locator('.api-links a[href="/api/openapi.json"]').count()).toBe(1)
    await page.locator('.api-links a[href="/api/docs"]').click()
    await page.waitForURL('**/api/docs')
    await expect(page.title()).resolves.toBe('Dilemma Arena API')
    await page.locator('#swagger-ui').waitFor({ state: 'attached' })
    expect(page.errors).toEqual([])
  })

  it('saves screenshots signed out and signed in', async () => {
    const files = [
      ...(await screenshots('account', '/account', '.token-list', (page) => signInPage(page, { handle, token }))),
      ...(await screenshots('account-signed-out', '/account', '#create-title')),
    ]
    expect(files).toHaveLength(8)
  })

  it('revoking the token this browser uses signs it out; deleting the account asks twice, then the API refuses its token', async () => {
    const third = await apiCall('POST', '/api/tokens', { label: 'in-use' }, token)
    expect(third.status).toBe(201)
    const page = await newPage()
    await signInPage(page, { handle, token: third.body.token })
    await page.goto('/account')
    const row = page.locator('.token-list tbody tr', { has: page.locator('.in-use') })
    await expect(row.locator('td').first().textContent()).resolves.toMatch(/^in-use/)
    await row.getByRole('button', { name: /Revoke the token in-use/ }).click()
    await expect(row.locator('.confirm-question').textContent()).resolves.toMatch(/You will be signed out/)
    await row.getByRole('button', { name: 'Yes, revoke' }).click()
    await page.locator('#create-title').waitFor()
    await expect(page.locator('.site-header nav a[href="/account"]').textContent()).resolves.toBe('Sign in')
    expect((await apiCall('GET', '/api/accounts/me', undefined, third.body.token)).status).toBe(401)

    await page.getByLabel('API token').fill(token)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('button', { name: 'Delete my account…' }).click()
    const final = page.getByRole('button', { name: `Delete @${handle} for good` })
    await expect(final.isDisabled()).resolves.toBe(true)
    await page.getByLabel(/Type your handle/).fill('someone-else')
    await expect(final.isDisabled()).resolves.toBe(true)
    await page.getByLabel(/Type your handle/).fill(handle)
    await final.click()
    await page.locator('#create-title').waitFor()
    await expect(page.locator('.site-header nav a[href="/account"]').textContent()).resolves.toBe('Sign in')
    expect((await apiCall('GET', '/api/accounts/me', undefined, token)).status).toBe(401)
    expect(page.errors).toEqual([])
  })
})

/**
 * Accounts and API tokens.
 *
 * - `POST /api/accounts {handle}` → `{handle, token}` (201): the token is shown once.
 * - `GET /api/accounts/me`, `DELETE /api/accounts/me` (retires the account's
 *   strategies, revokes its tokens; past results show "deleted account").
 * - `GET /api/tokens`, `POST /api/tokens {label?}`, `DELETE /api/tokens/:id`.
 *
 * Handles are 2–32 characters of [a-z0-9_-], compared and stored in lower
 * case. Token hashes never leave the store.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { and, desc, eq, sql } from 'drizzle-orm'
import { accounts, apiTokens, deleteAccount, generateApiToken, issueApiToken, newId, RESERVED_HANDLES, revokeApiToken, type Account, type ApiToken } from '../store'
import { requireAccount } from './auth'
import { subApp } from './context'
import { ApiError, errorResponses } from './errors'
import { anonymousBurst, signedWrite } from './quotas'

export const HANDLE_PATTERN = /^[a-z0-9_-]{2,32}$/i

/** Extra names nobody may take (besides the store's RESERVED_HANDLES). */
const MORE_RESERVED = ['admin', 'api', 'root', 'system', 'deleted', 'deleted-account', 'anonymous', 'me']

export function isReservedHandle(handle: string): boolean {
  const h = handle.toLowerCase()
  return RESERVED_HANDLES.includes(h) || MORE_RESERVED.includes(h)
}

/** `security` of routes that need `Authorization: Bearer <token>`. */
export const BEARER = [{ bearer: [] as string[] }]

const Handle = z
  .string()
  .regex(HANDLE_PATTERN, '2 to 32 characters: letters, digits, "_" or "-"')
  .openapi({ example: 'alice' })

const AccountSchema = z
  .object({
    id: z.string(),
    handle: z.string(),
    kind: z.enum(['user', 'house']),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Account')

const NewAccountSchema = z
  .object({
    handle: z.string(),
    token: z.string().openapi({ description: 'The API token, shown only this once', example: 'da_0123…' }),
    tokenId: z.string(),
  })
  .openapi('NewAccount')

const TokenSchema = z
  .object({
    id: z.string(),
    label: z.string().nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    lastUsedAt: z.string().nullable().openapi({ format: 'date-time' }),
    revokedAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('ApiToken')

const NewTokenSchema = TokenSchema.extend({ token: z.string().openapi({ description: 'The API token, shown only this once' }) }).openapi('NewApiToken')

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null)

function accountView(a: Account): z.infer<typeof AccountSchema> {
  return { id: a.id, handle: a.handle, kind: a.kind, createdAt: a.createdAt.toISOString() }
}

function tokenView(t: Pick<ApiToken, 'id' | 'label' | 'createdAt' | 'lastUsedAt' | 'revokedAt'>): z.infer<typeof TokenSchema> {
  return { id: t.id, label: t.label, createdAt: t.createdAt.toISOString(), lastUsedAt: iso(t.lastUsedAt), revokedAt: iso(t.revokedAt) }
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if (/UNIQUE constraint failed/i.test(String((e as { message?: unknown }).message ?? e))) return true
  }
  return false
}

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } })

const createAccountRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'Create an account',
  description: "Returns the account's first API token, shown only this once. At most 20 sign-ups (and other writes without a token) a minute per client IP.",
  middleware: [anonymousBurst] as const,
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ handle: Handle }) } } } },
  responses: { 201: json(NewAccountSchema, 'The account and its token'), ...errorResponses('invalid_input', 'conflict', 'rate_limited') },
})

const getMeRoute = createRoute({
  method: 'get',
  path: '/me',
  summary: 'The signed-in account',
  security: BEARER,
  middleware: [requireAccount] as const,
  responses: { 200: json(AccountSchema, 'The account'), ...errorResponses('unauthorized') },
})

const deleteMeRoute = createRoute({
  method: 'delete',
  path: '/me',
  summary: 'Delete the signed-in account',
  description: 'Its strategies are retired and its tokens revoked; past results stay, attributed to "deleted account".',
  security: BEARER,
  middleware: signedWrite,
  responses: { 204: { description: 'Deleted' }, ...errorResponses('unauthorized', 'rate_limited') },
})

export const accountsApi = subApp()
  .openapi(createAccountRoute, async (c) => {
    const handle = c.req.valid('json').handle.toLowerCase()
    if (isReservedHandle(handle)) throw new ApiError('conflict', `the handle "${handle}" is reserved`, 'handle')
    const db = c.get('db')
    const [taken] = await db.select({ id: accounts.id }).from(accounts).where(eq(sql`lower(${accounts.handle})`, handle)).limit(1)
    if (taken) throw new ApiError('conflict', `the handle "${handle}" is taken`, 'handle')
    // The account and its first token in one batch: never an account nobody can sign in to.
    const accountId = newId()
    const tokenId = newId()
    const { token, hash } = await generateApiToken(tokenId)
    const now = new Date()
    try {
      await db.batch([
        db.insert(accounts).values({ id: accountId, handle, kind: 'user', createdAt: now }),
        db.insert(apiTokens).values({ id: tokenId, accountId, tokenHash: hash, label: null, createdAt: now }),
      ])
    } catch (error) {
      if (isUniqueViolation(error)) throw new ApiError('conflict', `the handle "${handle}" is taken`, 'handle')
      throw error
    }
    return c.json({ handle, token, tokenId }, 201)
  })
  .openapi(getMeRoute, (c) => c.json(accountView(c.get('account')), 200))
  .openapi(deleteMeRoute, async (c) => {
    await deleteAccount(c.get('db'), c.get('account').id)
    return c.body(null, 204)
  })

const listTokensRoute = createRoute({
  method: 'get',
  path: '/',
  summary: "The signed-in account's tokens (never the tokens themselves)",
  security: BEARER,
  middleware: [requireAccount] as const,
  responses: { 200: json(z.object({ entries: z.array(TokenSchema) }), 'Tokens, newest first, revoked ones included'), ...errorResponses('unauthorized') },
})

const createTokenRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'Create a token',
  security: BEARER,
  middleware: signedWrite,
  request: {
    body: {
      required: false,
      content: { 'application/json': { schema: z.object({ label: z.string().trim().min(1).max(64).nullable().optional().openapi({ example: 'laptop' }) }) } },
    },
  },
  responses: { 201: json(NewTokenSchema, 'The token, shown only this once'), ...errorResponses('invalid_input', 'unauthorized', 'rate_limited') },
})

const revokeTokenRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  summary: 'Revoke a token',
  security: BEARER,
  middleware: signedWrite,
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: { 204: { description: 'Revoked' }, ...errorResponses('unauthorized', 'not_found', 'rate_limited') },
})

export const tokensApi = subApp()
  .openapi(listTokensRoute, async (c) => {
    const rows = await c
      .get('db')
      .select({ id: apiTokens.id, label: apiTokens.label, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
      .from(apiTokens)
      .where(eq(apiTokens.accountId, c.get('account').id))
      .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
      .limit(200)
    return c.json({ entries: rows.map(tokenView) }, 200)
  })
  .openapi(createTokenRoute, async (c) => {
    const label = (c.req.header('content-type') ? c.req.valid('json').label : null) ?? null
    const db = c.get('db')
    const { id, token } = await issueApiToken(db, c.get('account').id, label)
    const [row] = await db.select().from(apiTokens).where(and(eq(apiTokens.id, id)))
    return c.json({ ...tokenView(row!), token }, 201)
  })
  .openapi(revokeTokenRoute, async (c) => {
    const { id } = c.req.valid('param')
    if (!(await revokeApiToken(c.get('db'), c.get('account').id, id))) throw new ApiError('not_found', `you have no live token with id "${id}"`, 'id')
    return c.body(null, 204)
  })

/**
 * Accounts and API tokens. Tokens carry their row's id and 256 random bits,
 * are shown once, and are stored only as their SHA-256 hash. Deleting an account keeps its row (past
 * results stay attributed, to "deleted account"), retires its strategies and
 * revokes its tokens, in one atomic batch.
 */
import { and, eq, isNull } from 'drizzle-orm'
import { apiTokenId, generateApiToken, hashApiToken, newId, sameHash } from './crypto'
import type { Db } from './db'
import { accounts, apiTokens, strategies, type Account } from './schema'

/** What the API shows for the owner of a deleted account. */
export const DELETED_ACCOUNT_LABEL = 'deleted account'

/** Handles that no user may take (the house account owns the classics). */
export const RESERVED_HANDLES: readonly string[] = ['house']

export async function createAccount(db: Db, handle: string, now: Date = new Date()): Promise<Account> {
  const [account] = await db.insert(accounts).values({ id: newId(), handle, kind: 'user', createdAt: now }).returning()
  return account!
}

/** A new token for `accountId`: `token` is to be shown once; only its hash is stored. */
export async function issueApiToken(db: Db, accountId: string, label: string | null = null, now: Date = new Date()): Promise<{ id: string; token: string }> {
  const id = newId()
  const { token, hash } = await generateApiToken(id)
  await db.insert(apiTokens).values({ id, accountId, tokenHash: hash, label, createdAt: now })
  return { id, token }
}

/**
 * The live account a presented token belongs to, or null (unknown, revoked,
 * or the account deleted). Records the use (`last_used_at`).
 */
export async function authenticate(db: Db, token: string, now: Date = new Date()): Promise<{ account: Account; tokenId: string } | null> {
  const id = apiTokenId(token)
  if (id === null) return null
  const hash = await hashApiToken(token)
  const [row] = await db
    .select({ account: accounts, tokenId: apiTokens.id, tokenHash: apiTokens.tokenHash })
    .from(apiTokens)
    .innerJoin(accounts, eq(accounts.id, apiTokens.accountId))
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt), isNull(accounts.deletedAt)))
    .limit(1)
  if (!row || !sameHash(hash, row.tokenHash)) return null
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId))
  return { account: row.account, tokenId: row.tokenId }
}

/** Revoke one of the account's tokens; false when it has no such live token. */
export async function revokeApiToken(db: Db, accountId: string, tokenId: string, now: Date = new Date()): Promise<boolean> {
  const done = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.accountId, accountId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id })
  return done.length > 0
}

/** Delete an account: mark it, retire its strategies, revoke its tokens (atomically). */
export async function deleteAccount(db: Db, accountId: string, now: Date = new Date()): Promise<void> {
  await db.batch([
    db.update(accounts).set({ deletedAt: now }).where(and(eq(accounts.id, accountId), isNull(accounts.deletedAt))),
    db.update(strategies).set({ retiredAt: now }).where(and(eq(strategies.ownerId, accountId), isNull(strategies.retiredAt))),
    db.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.accountId, accountId), isNull(apiTokens.revokedAt))),
  ])
}

/** How to show an owner: its handle, or "deleted account". */
export function ownerLabel(account: Pick<Account, 'handle' | 'deletedAt'>): string {
  return account.deletedAt ? DELETED_ACCOUNT_LABEL : account.handle
}

/** Shared set-up of the API tests: the seeded classics, accounts with tokens, and calls to the app. */
import { env } from 'cloudflare:workers'
import type { Game } from '../../src/engine/types'
import { app } from '../../src/index'
import { createAccount, createDb, createStrategy, issueApiToken, seedStatements } from '../../src/store'

export const db = () => createDb(env.DB)

let seeded = false
export async function seedClassics(): Promise<void> {
  if (seeded) return
  const statements = await seedStatements()
  await env.DB.batch(statements.map((s) => env.DB.prepare(s)))
  seeded = true
}

let counter = 0
export async function newUser(prefix = 'user'): Promise<{ id: string; handle: string; token: string }> {
  const handle = `${prefix}${++counter}${Math.floor(Math.random() * 1e6)}`
  const account = await createAccount(db(), handle)
  const { token } = await issueApiToken(db(), account.id)
  return { id: account.id, handle, token }
}

export async function newStrategy(ownerId: string, name: string, source: string, games: Game[] = ['dilemma']): Promise<string> {
  const { strategy } = await createStrategy(db(), { ownerId, name, source, validation: null, games })
  return strategy.id
}

export function call(path: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  if (init.token) headers.set('authorization', `Bearer ${init.token}`)
  let body = init.body
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json')
    body = JSON.stringify(init.json)
  }
  return Promise.resolve(app.request(path, { ...init, headers, body }, env))
}

export async function post<T = any>(path: string, token: string | undefined, json: unknown): Promise<{ status: number; body: T }> {
  const res = await call(path, { method: 'POST', token, json })
  return { status: res.status, body: (await res.json()) as T }
}

export async function get<T = any>(path: string): Promise<{ status: number; body: T; res: Response }> {
  const res = await call(path)
  return { status: res.status, body: (await res.clone().json()) as T, res }
}

/**
 * A tournament hosted by `host` with `entrants` (classic ids or own strategy
 * ids) entered. The host may enter as many strategies of its own as there are
 * entrants, unless `extra` says otherwise.
 */
export async function tournamentWith(host: { token: string }, entrants: string[], rules: object = { turns: 5, repetitions: 2 }, extra: object = {}): Promise<string> {
  const created = await post<{ id: string }>('/api/tournaments', host.token, { name: 'Test cup', rules, maxEntriesPerAccount: Math.max(1, entrants.length), ...extra })
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`)
  for (const strategyId of entrants) {
    const entered = await post(`/api/tournaments/${created.body.id}/entries`, host.token, { strategyId })
    if (entered.status !== 201) throw new Error(`enter ${strategyId}: ${entered.status} ${JSON.stringify(entered.body)}`)
  }
  return created.body.id
}

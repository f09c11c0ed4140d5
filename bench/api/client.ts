/**
 * The API as a client sees it, and the run the bench times, set up through
 * the public API only: an account (POST /api/accounts), a tournament that
 * takes every classic, the 45 classics entered by their host (house
 * strategies do not count against `maxEntriesPerAccount`), and
 * POST /api/tournaments/:id/runs. Signed writes are paced to stay inside
 * the burst limit (`writes-per-10s`, src/quotas.ts); a 429 is still retried
 * after its Retry-After, and counted.
 */
import { AXELROD_CLASSICS } from '../../src/classics'
import { BURST_LIMITS } from '../../src/quotas'
import type { Rules } from '../../src/engine/types'
import { log, now, sleep } from './options'
import type { Server } from './server'

export const RUN_RULES = { turns: 200, repetitions: 5 }

/** What GET /api/runs/:id answers (the parts the bench reads). */
export interface RunView {
  id: string
  status: string
  progress: { done: number; total: number }
  rules: Rules
  repetitions: number
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  error: string | null
  seed?: number
  players?: { strategyId: string; name: string }[]
  standings?: { rank: number; strategyId: string; meanScore: number }[] | null
}

/** Responses 429 seen outside the load tests: setting up and polling (retried after Retry-After). */
export let setupRateLimited = 0

const WRITES = BURST_LIMITS['writes-per-10s']
/** Times of this bench's signed writes, to keep under the burst limit with a margin. */
const writes: number[] = []

async function paceWrite(): Promise<void> {
  const windowMs = WRITES.period * 1000
  for (;;) {
    const t = now()
    while (writes.length > 0 && t - writes[0]! > windowMs) writes.shift()
    if (writes.length < WRITES.limit - 5) break
    await sleep(windowMs - (t - writes[0]!) + 50)
  }
  writes.push(now())
}

export async function api<T = unknown>(server: Server, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    if (token && method !== 'GET') await paceWrite()
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    if (res.status === 429 && attempt < 60) {
      setupRateLimited++
      const wait = Number(res.headers.get('retry-after'))
      await sleep(Number.isFinite(wait) && wait > 0 ? Math.min(wait, 30) * 1000 : 1000)
      continue
    }
    if (res.status !== 200 && res.status !== 201) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`)
    return (text ? JSON.parse(text) : null) as T
  }
}

export interface ClassicsTournament {
  token: string
  tournamentId: string
  entrants: string[]
  /** Starts the run (POST /api/tournaments/:id/runs); answers its id. */
  start: () => Promise<string>
}

/** An account, a tournament with the 45 classics entered, ready to start. */
export async function classicsTournament(server: Server, seed: number): Promise<ClassicsTournament> {
  const { token } = await api<{ token: string }>(server, 'POST', '/api/accounts', { handle: `bench-${Date.now().toString(36)}` })
  const entrants = AXELROD_CLASSICS.map((c) => c.id)
  const { id } = await api<{ id: string }>(
    server,
    'POST',
    '/api/tournaments',
    { name: `bench: the ${entrants.length} classics`, rules: RUN_RULES, entry: 'invite', shareIdentities: false },
    token,
  )
  const t0 = now()
  for (const strategyId of entrants) await api(server, 'POST', `/api/tournaments/${id}/entries`, { strategyId }, token)
  log(`entered ${entrants.length} classics in ${Math.round(now() - t0)} ms`)
  return {
    token,
    tournamentId: id,
    entrants,
    start: async () => (await api<{ runId: string }>(server, 'POST', `/api/tournaments/${id}/runs`, { seed }, token)).runId,
  }
}

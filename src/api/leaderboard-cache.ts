/**
 * GET /api/leaderboard's pages, kept for a few seconds in the isolate's
 * memory. The board is one join over every rated strategy, asked for far
 * more often than it changes (at finalize, a retirement, a rename, a
 * deleted account): `npm run bench:api` measured the page's Worker CPU at
 * 3.4-4.1 ms a request against 1.5 ms served from here (docs/scale.md).
 *
 * Staleness: a page is at most `LEADERBOARD_TTL_MS` old, and this isolate
 * forgets every page as soon as it handles anything that may change one: a
 * write (any API request but GET and HEAD), a queue batch (the last one
 * finalizes its run) or a scheduled tick (src/index.ts). Locally one isolate
 * does everything, so `npm start` never shows a stale board; on Cloudflare
 * another isolate's change shows here within `LEADERBOARD_TTL_MS`. A change
 * made to D1 without this Worker (`wrangler d1 execute`, a test writing
 * through src/store) also waits out the TTL, unless it calls
 * invalidateLeaderboard().
 *
 * Why memory and not the Cache API (`caches.default`): locally a cache hit
 * cost 2.2 ms of Worker CPU, this 1.5 ms, no cache 3.4 ms; and the Cache API
 * would need a purge for every change instead of a Map.clear().
 */

/** How long a page is served from memory. */
export const LEADERBOARD_TTL_MS = 5_000
/** Pages kept at most (the board has a few games × limits × cursors): past that the oldest go. */
export const LEADERBOARD_MAX_PAGES = 64

interface Page {
  body: string
  expires: number
}

export class PageCache {
  private pages = new Map<string, Page>()
  /** Bumped by clear(): a page made while something changed is not kept. */
  private generation = 0

  constructor(
    readonly ttlMs = LEADERBOARD_TTL_MS,
    readonly maxPages = LEADERBOARD_MAX_PAGES,
  ) {}

  /** The body cached for `key` at time `now`, or made by `make` (and kept unless clear() ran meanwhile). */
  async get(key: string, make: () => Promise<string>, now: () => number = Date.now): Promise<string> {
    const hit = this.pages.get(key)
    if (hit && hit.expires > now()) return hit.body
    const generation = this.generation
    const body = await make()
    if (generation === this.generation) {
      this.pages.delete(key)
      this.pages.set(key, { body, expires: now() + this.ttlMs })
      for (const oldest of this.pages.keys()) {
        if (this.pages.size <= this.maxPages) break
        this.pages.delete(oldest)
      }
    }
    return body
  }

  clear(): void {
    this.pages.clear()
    this.generation++
  }

  get size(): number {
    return this.pages.size
  }
}

/** This isolate's leaderboard pages. */
export const leaderboardPages = new PageCache()

/** Forget every cached page: this isolate is changing something a leaderboard may show. */
export function invalidateLeaderboard(): void {
  leaderboardPages.clear()
}

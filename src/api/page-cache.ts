/**
 * Response bodies kept in the isolate's memory: a Map with an expiry per
 * entry, a bound on entries (the oldest go first) and on the size of a
 * body worth keeping, and clear(), which also keeps a body made while it
 * ran from being stored. Used for GET /api/leaderboard
 * (src/api/leaderboard-cache.ts) and finished runs (src/api/runs.ts).
 */

interface Page {
  body: string
  expires: number
}

export class PageCache {
  private pages = new Map<string, Page>()
  /** Bumped by clear(): a page made while something changed is not kept. */
  private generation = 0

  constructor(
    readonly ttlMs: number,
    readonly maxPages: number,
    /** Bodies longer than this (in characters) are answered but not kept. */
    readonly maxBodyChars = 1 << 20,
  ) {}

  /** The body cached for `key` at time `now`, or made by `make` (and kept unless clear() ran meanwhile). */
  async get(key: string, make: () => Promise<string>, now: () => number = Date.now): Promise<string> {
    const hit = this.pages.get(key)
    if (hit && hit.expires > now()) return hit.body
    const generation = this.generation
    const body = await make()
    if (generation === this.generation && body.length <= this.maxBodyChars) {
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

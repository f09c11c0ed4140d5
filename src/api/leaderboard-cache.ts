/**
 * GET /api/leaderboard's pages, kept for a few seconds in the isolate's
 * memory. The board is one join over every rated strategy, asked for far
 * more often than it changes (at finalize, a retirement, a rename, a
 * deleted account): `npm run bench:api` measured the page's Worker CPU at
 * 3.4-4.1 ms a request against 1.0-1.6 ms served from here (docs/scale.md §6).
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
 * cost 2.2 ms of Worker CPU, this 1.5 ms, no cache 3.4 ms (one run each);
 * and the Cache API would need a purge of every page for every change
 * instead of a Map.clear().
 */
import { PageCache } from './page-cache'

/** How long a page is served from memory. */
export const LEADERBOARD_TTL_MS = 5_000
/** Pages kept at most (the board has a few games × limits × cursors): past that the oldest go. */
export const LEADERBOARD_MAX_PAGES = 64

/** This isolate's leaderboard pages. */
export const leaderboardPages = new PageCache(LEADERBOARD_TTL_MS, LEADERBOARD_MAX_PAGES)

/** Forget every cached page: this isolate is changing something a leaderboard may show. */
export function invalidateLeaderboard(): void {
  leaderboardPages.clear()
}

/**
 * The page cache of the leaderboard and finished runs (src/api/page-cache.ts), on an explicit
 * clock: a page is made once and served until it expires, clear() forgets
 * every page and keeps a page made across it from being stored, and the
 * cache holds at most its maximum number of pages.
 */
import { describe, expect, it } from 'vitest'
import { PageCache } from '../src/api/page-cache'

describe('the page cache', () => {
  it('serves a page until it expires, then makes it again', async () => {
    const cache = new PageCache(5_000, 10)
    let t = 1_000
    let made = 0
    const make = async () => `page ${++made}`
    expect(await cache.get('dilemma/50/', make, () => t)).toBe('page 1')
    t += 4_999
    expect(await cache.get('dilemma/50/', make, () => t)).toBe('page 1')
    expect(await cache.get('dilemma/10/', make, () => t)).toBe('page 2')
    t += 1
    expect(await cache.get('dilemma/50/', make, () => t)).toBe('page 3')
  })

  it('forgets every page on clear(), and does not keep a page made while clear() ran', async () => {
    const cache = new PageCache(5_000, 10)
    let made = 0
    expect(await cache.get('k', async () => `page ${++made}`, () => 0)).toBe('page 1')
    cache.clear()
    expect(cache.size).toBe(0)
    // A write lands while this page is being read from the database: the page is answered but not kept.
    expect(await cache.get('k', async () => (cache.clear(), `page ${++made}`), () => 0)).toBe('page 2')
    expect(cache.size).toBe(0)
    expect(await cache.get('k', async () => `page ${++made}`, () => 0)).toBe('page 3')
    expect(await cache.get('k', async () => `page ${++made}`, () => 0)).toBe('page 3')
  })

  it('keeps at most its maximum number of pages, dropping the oldest', async () => {
    const cache = new PageCache(5_000, 3)
    for (const k of ['a', 'b', 'c', 'd']) await cache.get(k, async () => k, () => 0)
    expect(cache.size).toBe(3)
    expect(await cache.get('a', async () => 'a again', () => 0)).toBe('a again')
    expect(await cache.get('d', async () => 'd again', () => 0)).toBe('d')
  })

  it('answers a body past its size bound without keeping it', async () => {
    const cache = new PageCache(5_000, 3, 4)
    expect(await cache.get('big', async () => '12345', () => 0)).toBe('12345')
    expect(cache.size).toBe(0)
    expect(await cache.get('small', async () => '1234', () => 0)).toBe('1234')
    expect(cache.size).toBe(1)
  })
})

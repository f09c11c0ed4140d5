/**
 * GET /api/classics names, for each built-in, the Axelrod-Python class it
 * mirrors (null for the arena's own examples and the commons'): the host page
 * offers "Axelrod's classics" as one choice from this list alone.
 */
import { describe, expect, it } from 'vitest'
import { ALL_CLASSICS, AXELROD_CLASSICS, EXAMPLES } from '../../src/classics'
import { get } from './helpers'

describe('GET /api/classics', () => {
  it("says which Axelrod-Python class each built-in mirrors, null for the arena's examples", async () => {
    const all = (await get('/api/classics')).body as { id: string; axelrod: string | null }[]
    expect(all.map((c) => [c.id, c.axelrod])).toEqual(ALL_CLASSICS.map((c) => [c.id, c.axelrod]))
    const dilemma = (await get('/api/classics?game=dilemma')).body as { id: string; axelrod: string | null; source?: string }[]
    expect(dilemma.filter((c) => c.axelrod !== null).map((c) => c.id)).toEqual(AXELROD_CLASSICS.map((c) => c.id))
    expect(dilemma.filter((c) => c.axelrod === null).map((c) => c.id)).toEqual(EXAMPLES.map((c) => c.id))
    expect(AXELROD_CLASSICS.find((c) => c.id === 'tit-for-tat')?.axelrod).toBe('TitForTat')
    // Still a list: no sources.
    expect(dilemma.every((c) => c.source === undefined)).toBe(true)
  })
})

/** How a run is cut into queue messages: by the work in turns, whatever the rules. */
import { describe, expect, it } from 'vitest'
import { jobsPerBatch, TURNS_PER_BATCH } from '../../src/jobs/runs'

describe('jobsPerBatch', () => {
  it('fills a batch up to TURNS_PER_BATCH turns × repetitions, never below one job', () => {
    expect(jobsPerBatch({ turns: 200, continuation: null }, 5)).toBe(16)
    expect(jobsPerBatch({ turns: 200, continuation: null }, 5) * 200 * 5).toBeLessThanOrEqual(TURNS_PER_BATCH)
    expect(jobsPerBatch({ turns: 1, continuation: null }, 1)).toBe(TURNS_PER_BATCH)
    expect(jobsPerBatch({ turns: 20_000, continuation: null }, 1)).toBe(1)
    expect(jobsPerBatch({ turns: 10_000, continuation: null }, 2)).toBe(1)
  })

  it('counts the expected length when the length is uncertain', () => {
    // w = 0.99: 100 rounds expected.
    expect(jobsPerBatch({ turns: null, continuation: 0.99 }, 5)).toBe(Math.floor(TURNS_PER_BATCH / 500))
    expect(jobsPerBatch({ turns: null, continuation: 0 }, 1)).toBe(TURNS_PER_BATCH)
  })
})

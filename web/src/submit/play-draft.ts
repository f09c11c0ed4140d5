/**
 * "Try it": the draft plays the chosen classics in this browser, in the same
 * metered QuickJS sandbox and engine the platform uses (web/src/lib/sandbox,
 * a lazy chunk with its WebAssembly), so what it shows is what the platform
 * would play. Nothing is sent to the server.
 */
import type { Fault } from '../../../src/engine/types'
import type { SandboxRunner } from '../../../sandbox/runner'
import { TRY_SEED } from './try-rules'

export interface TryResult {
  opponent: { id: string; name: string }
  turns: number
  /** The draft's moves, then the opponent's, as played. */
  moves: [string, string]
  scores: [number, number]
  /** The draft's recorded faults (the first few) and how many it made in all. */
  faults: Fault[]
  faultCount: number
}

export interface TryOutcome {
  results: TryResult[]
  /** The fault that kept the draft from loading (round -1), which stops the try. */
  setupFault: Fault | null
}

export interface TryProgress {
  done: number
  total: number
  playing: string
}

// One runner for the page: it plays one match at a time, and keeps its warm sandboxes between tries.
let runner: Promise<SandboxRunner> | null = null

export async function tryDraft(source: string, name: string, opponentIds: readonly string[], onProgress: (p: TryProgress) => void): Promise<TryOutcome> {
  const sb = await import('../lib/sandbox')
  runner ??= sb.browserRunner()
  runner.catch(() => (runner = null))
  const r = await runner
  const draft = { id: 'draft', name: name.trim() || 'Your draft', source }
  const results: TryResult[] = []
  const opponents = opponentIds.map((id) => sb.CLASSICS.find((c) => c.id === id)).filter((c) => c !== undefined)
  for (const [i, opponent] of opponents.entries()) {
    onProgress({ done: i, total: opponents.length, playing: opponent.name })
    // Let the page paint the progress before the (synchronous) match runs.
    await new Promise((resolve) => setTimeout(resolve, 0))
    const m = await sb.playMatch(r, draft, { id: opponent.id, name: opponent.name, source: opponent.source }, { seed: TRY_SEED })
    const setupFault = m.faults[0].find((f) => f.round === -1) ?? null
    if (setupFault) return { results, setupFault }
    results.push({ opponent: { id: opponent.id, name: opponent.name }, turns: m.turns, moves: m.moves, scores: m.scores, faults: m.faults[0], faultCount: m.faultCounts[0] })
  }
  onProgress({ done: opponents.length, total: opponents.length, playing: '' })
  return { results, setupFault: null }
}

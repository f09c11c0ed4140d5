/**
 * The explorer's small experiments, played in the page with the platform's
 * own sandbox and engine (loaded on first use: the sandbox is a chunk of its
 * own). A run can be cancelled between matches, and it hands the page back
 * to the browser between matches, so typing and dragging never wait for
 * more than one match.
 */
import type { CommonsResult } from '../../../src/engine/commons/aggregate'
import type { GroupRunner } from '../../../src/engine/commons/types'
import type { MatchRunner } from '../../../src/engine/match-runner'
import type { TournamentResult } from '../../../src/engine/tournament-result'
import type { RulesInput } from '../../../src/engine/rules'
import type { CommonsRulesInput } from '../../../src/engine/commons/rules'

/** The dilemma's field: the classics everyone knows, and two that read the rules (a fine changes only their minds). */
export const DILEMMA_FIELD = ['tit-for-tat', 'grudger', 'win-stay-lose-shift', 'suspicious-tit-for-tat', 'cooperator', 'defector', 'random', 'best-response', 'dilemma-tester'] as const

/** Thrown inside a run that a newer one replaced. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled')
  }
}

export interface Token {
  cancelled: boolean
}

/**
 * Back to the event loop (a macrotask, so input and paint get their turn).
 * A MessageChannel rather than setTimeout, which browsers stretch to 4 ms
 * once nested: 45 matches would lose 180 ms to waiting.
 */
function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => resolve()
    channel.port2.postMessage(null)
  })
}

/** Each match waits its turn behind the browser and stops the run once it is stale. */
function yielding(runner: MatchRunner, token: Token): MatchRunner {
  return {
    async play(a, b, setup) {
      await yieldToBrowser()
      if (token.cancelled) throw new Cancelled()
      return runner.play(a, b, setup)
    },
  }
}

function yieldingGroups(runner: GroupRunner, token: Token): GroupRunner {
  return {
    async playGroup(sources, setup, resolve) {
      await yieldToBrowser()
      if (token.cancelled) throw new Cancelled()
      return runner.playGroup(sources, setup, resolve)
    },
  }
}

type Sandbox = typeof import('../lib/sandbox')
let sandbox: Promise<Sandbox> | null = null
let matchRunner: Promise<MatchRunner> | null = null
let groupRunner: Promise<GroupRunner> | null = null

function loadSandbox(): Promise<Sandbox> {
  sandbox ??= import('../lib/sandbox')
  sandbox.catch(() => (sandbox = null))
  return sandbox
}

/**
 * A runner plays one match at a time, so runs take turns: each waits for
 * the one before it, which a newer run has cancelled and which therefore
 * ends at its next match.
 */
let dilemmaQueue: Promise<unknown> = Promise.resolve()
let commonsQueue: Promise<unknown> = Promise.resolve()

function inTurn<T>(queue: 'dilemma' | 'commons', task: () => Promise<T>): Promise<T> {
  const before = queue === 'dilemma' ? dilemmaQueue : commonsQueue
  const result = before.then(task, task)
  const settled = result.catch(() => undefined)
  if (queue === 'dilemma') dilemmaQueue = settled
  else commonsQueue = settled
  return result
}

/** A round robin of DILEMMA_FIELD under `rules`, one repetition (seed 1, as the essay's presets). */
export function playDilemma(rules: RulesInput, token: Token, onProgress: (done: number, total: number) => void): Promise<TournamentResult> {
  return inTurn('dilemma', async () => {
    if (token.cancelled) throw new Cancelled()
    const sb = await loadSandbox()
    matchRunner ??= sb.browserRunner()
    matchRunner.catch(() => (matchRunner = null))
    const runner = await matchRunner
    const players = DILEMMA_FIELD.map((id) => sb.CLASSICS.find((c) => c.id === id)).filter((c) => c !== undefined)
    return sb.playTournament(yielding(runner, token), players, { rules, seed: 1, repetitions: 1, onProgress })
  })
}

/** Every commons classic in one group of them all, one repetition. */
export function playCommons(rules: CommonsRulesInput, token: Token, onProgress: (done: number, total: number) => void): Promise<CommonsResult> {
  return inTurn('commons', async () => {
    if (token.cancelled) throw new Cancelled()
    const sb = await loadSandbox()
    groupRunner ??= sb.browserGroupRunner()
    groupRunner.catch(() => (groupRunner = null))
    const runner = await groupRunner
    return sb.playCommonsTournament(yieldingGroups(runner, token), sb.COMMONS_CLASSICS, { rules, seed: 1, repetitions: 1, onProgress })
  })
}

/** Cooperation and mean payoff per round over every match but self-play, as an experiment's summary counts them. */
export function fieldTotals(result: TournamentResult): { cooperation: number; meanPayoff: number } {
  let moves = 0
  let cooperations = 0
  let payoff = 0
  for (const pair of result.pairs) {
    if (pair.players[0] === pair.players[1]) continue
    pair.turns.forEach((turns, r) => {
      moves += 2 * turns
      cooperations += pair.cooperations[r]![0] + pair.cooperations[r]![1]
      payoff += pair.scores[r]![0] + pair.scores[r]![1]
    })
  }
  return { cooperation: moves ? cooperations / moves : 0, meanPayoff: moves ? payoff / moves : 0 }
}

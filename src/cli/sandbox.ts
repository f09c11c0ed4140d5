/**
 * The sandbox as the command line uses it. A command plays its work and
 * exits, which changes two trade-offs the platform makes the other way:
 * - A brand-new player memory is left for the system to commit page by page
 *   (SandboxOptions.commitMemory): committing two players' 16 MiB up front
 *   cost a one-round match about 110 ms here.
 * - V8 compiles WebAssembly twice: at once with its baseline compiler
 *   (Liftoff), then again, in the background, each function that runs hot
 *   with its optimizing one (TurboFan). That second compilation of QuickJS's
 *   interpreter takes some hundreds of milliseconds of a core, and a process
 *   cannot exit before the compilations already started are over. It pays
 *   for itself only in long runs (measured here, Node 22: a one-round match
 *   0.43 s with it, 0.24 s without; the 30-player, 200-round, 5-repetition
 *   tournament 0.81 s and 0.79 s; the same with 1,000 rounds 1.53 s and
 *   2.02 s). So a command with fewer than OPTIMIZE_FROM_MOVES moves to play
 *   keeps to the baseline compiler (planMoves).
 * Results are the same either way: the meter counts gas in the code itself,
 * whichever compiler translated it, and memory holds the same bytes.
 *
 * The runners compile QuickJS when their first player is made, not when
 * they are made, so that a command can count its moves (planMoves) in
 * between; a broken install still fails before anything is played, at the
 * players' load check.
 */
import { quickJSWasmForNode } from '../../sandbox/node'
import { SandboxRunner, type SandboxOptions } from '../../sandbox/runner'
import { MAX_TURNS } from '../engine/rules'

export const CLI_SANDBOX: SandboxOptions = { commitMemory: false }

/**
 * Moves (both players' in every round, every seat's in a group, every
 * repetition counted) from which a command keeps V8's optimizing compiler.
 */
export const OPTIMIZE_FROM_MOVES = 400_000

let planned = false

/**
 * Say how many moves this process will play, before its first player is
 * made: below OPTIMIZE_FROM_MOVES, V8 keeps to its baseline compiler. Only
 * the first call counts, and only while no QuickJS module has been compiled
 * in this process (a flag changed under compiled code would apply to half of
 * it); the worker threads of --jobs share the choice.
 */
export function planMoves(moves: number): void {
  if (planned) return
  planned = true
  if (moves >= OPTIMIZE_FROM_MOVES || quickJSWasmForNode.started()) return
  const v8 = process.getBuiltinModule('node:v8')
  v8.setFlagsFromString('--no-wasm-dynamic-tiering')
  v8.setFlagsFromString('--no-wasm-tier-up')
}

/** Rounds a match or group plays under these rules: its length, or with a continuation probability the expected one. */
export function expectedRounds(rules: { turns?: number | null | undefined; continuation?: number | null | undefined }): number {
  return rules.turns ?? Math.min(MAX_TURNS, 1 / (1 - (rules.continuation ?? 0)))
}

/** The dilemma's runner for a command (default limits). */
export function createMatchRunner(): SandboxRunner {
  return new SandboxRunner(quickJSWasmForNode, CLI_SANDBOX)
}

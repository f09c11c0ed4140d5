/**
 * Budgets for untrusted strategy code. Steps are counted by QuickJS's
 * interrupt handler, never by the clock: on deployed Workers the clock does
 * not advance while code runs, and a count is deterministic (the same code
 * stops at the same point on every machine).
 *
 * One "tick" is one call of the interrupt handler, which QuickJS makes every
 * 10,000 polls of a context (a poll happens at each function call and loop
 * back-edge): about 5,000 iterations of a tight loop, ~50 us on a laptop.
 */
export interface SandboxLimits {
  /** Cap on each player's WebAssembly linear memory, in bytes (at least 16 MiB, the module's initial size; QuickJS itself takes ~1 MiB). */
  memoryBytes: number
  /** Native stack limit of each runtime (see the facts note: >= 512 KiB lets recursion overflow the host stack). */
  stackBytes: number
  /** Largest accepted source, in bytes (UTF-8). */
  sourceBytes: number
  /** Ticks for module set-up (top-level code). */
  setupTicks: number
  /** Ticks for one move; exceeding it makes that move a fault (D). */
  moveTicks: number
  /** Ticks for all moves of one match; exceeding it retires the strategy for the rest of the match (D). */
  matchTicks: number
  /**
   * Gas (scripts/meter-wasm.mjs: machine-level loop entries, plus 1 per 64
   * bytes copied or filled) for module set-up, one move, and all moves of a
   * match. A backstop for work done inside C built-ins, which the tick
   * budgets cannot see; ordinary JavaScript reaches its tick budget first
   * (a tick is ~50,000 gas in a tight loop). Running out ends the strategy's
   * sandbox: D for the rest of the match.
   */
  setupGas: number
  moveGas: number
  matchGas: number
}

/**
 * Deepest nesting of function calls inside the QuickJS module, compiled into
 * it by scripts/meter-wasm.mjs (MAX_DEPTH there): past it the instance traps
 * and the strategy gets a 'stack' fault. It guards the host's native stack
 * against C code that recurses without QuickJS's stack check noticing.
 */
export const MAX_CALL_DEPTH = 4000

export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  memoryBytes: 24 * 1024 * 1024,
  stackBytes: 256 * 1024,
  sourceBytes: 64 * 1024,
  setupTicks: 200,
  moveTicks: 100,
  matchTicks: 4000,
  setupGas: 40_000_000,
  moveGas: 20_000_000,
  matchGas: 100_000_000,
})

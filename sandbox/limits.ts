/**
 * Budgets for untrusted strategy code, sized from one bound: whatever a
 * strategy does, a 200-round match must cost the host at most 0.1 s of CPU
 * for both players together (on a 2-core CI machine; `npm run bench` shows
 * the worst case next to an ordinary match). Longer matches scale with their
 * length.
 *
 * All work is counted in gas by a meter compiled into QuickJS's WebAssembly
 * (scripts/meter-wasm.mjs), never timed: on deployed Workers the clock does
 * not move while code runs, and a count is deterministic (the same code stops
 * at the same point on every machine, in Node and in workerd). Gas sees the
 * work done inside built-in functions as well as plain JavaScript, and host
 * time per gas varies only about twofold between workloads (at worst about
 * 1.7 ns per gas on that machine), which is what makes it a bound.
 *
 * How budgets are enforced:
 * - QuickJS calls the interrupt handler every 10,000 polls (calls and loop
 *   back-edges); there the host compares the gas used with the budgets and
 *   stops the code cleanly: a move over budget is a 'move-budget' fault (D
 *   for that move), a match or set-up over budget retires the strategy.
 * - Work inside one built-in call never reaches the interrupt handler, so the
 *   meter itself stops the instance once a budget is overrun by SLACK_GAS:
 *   a 'cpu-budget' fault, which retires the strategy for the match.
 *
 * Authors see budgets in iterations of a simple loop (GAS_PER_ITERATION; a
 * test measures it).
 */
export interface SandboxLimits {
  /** Each player's WebAssembly linear memory, in bytes (reservedBytes of it are the module's stack and QuickJS's own). */
  memoryBytes: number
  /** The module's own stack, at the bottom of the memory (its 5 MiB, or less: sandbox/instance.ts). */
  wasmStackBytes: number
  /** QuickJS's stack limit for JavaScript recursion (>= 512 KiB lets recursion overflow the host stack). */
  stackBytes: number
  /** Largest accepted source, in bytes (UTF-8, without a byte-order mark). */
  sourceBytes: number
  /** Gas for module set-up (top-level code, parsing included). */
  setupGas: number
  /** Gas for one move; past it the move counts as D. */
  moveGas: number
  /** Gas for all moves of a match of up to 200 rounds (more for longer matches: matchAllowance); past it the strategy is retired. */
  matchGas: number
}

/** How far the meter lets work inside one built-in call run past a budget before it stops the instance. */
export const SLACK_GAS = 1_000_000

/** Memory that is not the strategy's to use besides the stack: the module's static data and QuickJS's own heap after the lockdown. */
export const QUICKJS_OWN_BYTES = 0.6 * 1024 * 1024

/** Memory that is not the strategy's to use: the module's stack and QUICKJS_OWN_BYTES (a test measures it). */
export function reservedBytes(limits: SandboxLimits): number {
  return limits.wasmStackBytes + QUICKJS_OWN_BYTES
}

/** About how much memory a strategy's data may take, in MiB, as authors are told. */
export function strategyMemoryMiB(limits: SandboxLimits): number {
  return Math.round((limits.memoryBytes - reservedBytes(limits)) / 2 ** 20)
}

/** Gas for one iteration of `for (let i = 0; i < n; i++) x += i` (measured by a test). */
export const GAS_PER_ITERATION = 40

/** Rounds that matchGas pays for; a longer match earns matchGas / MATCH_ROUNDS more for every further round. */
export const MATCH_ROUNDS = 200

/**
 * Deepest nesting of function calls inside the QuickJS module, as counted by
 * the meter compiled into it by scripts/meter-wasm.mjs (MAX_DEPTH there, which
 * says why 3,800): past it the instance traps and the strategy gets a 'stack'
 * fault. It guards the host's native stack against C code that recurses
 * without QuickJS's stack check noticing.
 */
export const MAX_CALL_DEPTH = 3800

/**
 * The meter also traps a call made within this many bytes of the low end of
 * the module's stack (STACK_GUARD in scripts/meter-wasm.mjs): a 'stack' fault,
 * where the stack would otherwise run into the static data below it.
 */
export const STACK_GUARD_BYTES = 64 * 1024

export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  memoryBytes: 16 * 1024 * 1024,
  wasmStackBytes: 5 * 1024 * 1024,
  stackBytes: 256 * 1024,
  sourceBytes: 64 * 1024,
  setupGas: 4_000_000,
  moveGas: 2_400_000,
  matchGas: 12_000_000,
})

/**
 * The commons seats up to 16 players in one Worker, whose isolate has 128 MB
 * for everything, WebAssembly included: each seat gets 4 MiB (64 MiB for 16),
 * of which 1 MiB of stack (4 times the deepest any strategy reaches: QuickJS
 * stops JavaScript recursion at 256 KiB, and recursion inside built-ins was
 * measured at under 200 KiB where the call-depth cap stops it). That leaves
 * about 2 MiB for a strategy's data and its view, whose history takes 8 bytes
 * a number and grows by half when full: 1.6 MB for the longest group (10,000
 * rounds of 16 players; a test plays it). The budgets are the dilemma's.
 */
export const COMMONS_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  ...DEFAULT_LIMITS,
  memoryBytes: 4 * 1024 * 1024,
  wasmStackBytes: 1024 * 1024,
})

/**
 * Gas all moves up to and including round `round` (from 0) may use together:
 * matchGas for the first MATCH_ROUNDS rounds, then growing with every round,
 * so that a long match's budget depends only on the rounds played so far
 * (a strategy learns nothing about a match's hidden length from it).
 */
export function matchAllowance(limits: SandboxLimits, round: number): number {
  return Math.floor((limits.matchGas * Math.max(MATCH_ROUNDS, round + 1)) / MATCH_ROUNDS)
}

/** A gas amount in an author's units: iterations of a simple loop, rounded to two significant digits. */
export function iterations(gas: number): string {
  const n = gas / GAS_PER_ITERATION
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(n)) - 1)
  return (Math.round(n / magnitude) * magnitude).toLocaleString('en-US')
}

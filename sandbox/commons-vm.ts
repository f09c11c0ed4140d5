/**
 * One seat of a commons group: a player's QuickJS runtime (player-vm.ts,
 * with its budgets, memory cap and snapshot) playing the commons part of the
 * prelude (commons-prelude.ts).
 *
 * Marshalling is what a group costs: every round, every seat must see every
 * other seat's request. So a seat's round is one raw FFI call (two with
 * cheap talk) whose arguments the host writes straight into the instance's
 * memory as QuickJS values: a few 8-byte cells, allocated with the context
 * (so they are part of the snapshot), each the NaN-boxed JSValue of a number
 * (or null). The runner encodes a round's numbers once (RoundWords) and
 * copies the same words into every seat, in that seat's order. Inside, the
 * prelude only stores them; nothing is parsed or converted.
 *
 * Writing values into another runtime's memory is safe only if they are the
 * values meant: the encoding (jsvalue.ts) is checked against QuickJS's own
 * when a player is made (it fails closed), and only finite numbers and null
 * are ever written (no finite double boxes to anything but a number).
 */
import type { QuickJSHandle } from 'quickjs-emscripten-core'
import type { CommonsRules } from '../src/engine/commons/types'
import type { Fault, OpponentInfo } from '../src/engine/types'
import { COMMONS_CONFIG, COMMONS_FN, COMMONS_FN_COUNT, COMMONS_PRELUDE, COMMONS_RESULT, MAX_SEATS, OPEN_FIXED_ARGS, RESERVED_ROUNDS } from './commons-prelude'
import type { QuickJSInstance } from './instance'
import { encodeNull, encodeNumber, TAG_INT } from './jsvalue'
import type { SandboxLimits } from './limits'
import type { ModuleCache } from './module-cache'
import { installFault, PlayerVM } from './player-vm'
import { extendedPrelude } from './prelude'

/**
 * What every seat of a group is told when it starts, made once a group:
 * begin()'s config but for the seat's own fields (seed and seat).
 */
export class GroupStart {
  /** COMMONS_CONFIG's fields after the seat's own, joined with '|'. */
  readonly text: string

  constructor(
    readonly players: number,
    readonly rules: CommonsRules,
    stock: number,
    sustainableShare: number,
  ) {
    const fields: Record<Exclude<(typeof COMMONS_CONFIG)[number], 'seed' | 'seat'>, number | string | boolean | null> = {
      players,
      stock,
      sustainableShare,
      capacity: rules.capacity,
      maxStock: rules.maxStock,
      initialStock: rules.initialStock,
      regrowth: rules.regrowth,
      collapseBelow: rules.collapseBelow,
      maxRequest: rules.maxRequest,
      turns: rules.turns,
      continuation: rules.continuation,
      refereeFine: rules.referee?.fine ?? null,
      refereeDetection: rules.referee?.detection ?? null,
      refereeFines: rules.referee?.fines ?? null,
      quota: rules.quota,
      align: rules.align,
      cheapTalk: rules.cheapTalk,
    }
    const texts = COMMONS_CONFIG.slice(2).map((field) => String(fields[field as keyof typeof fields]))
    if (texts.some((t) => t.includes('|'))) throw new RangeError('the rules hold a "|", which no rule has')
    this.text = texts.join('|')
  }
}

/** A seat's answer: an amount (null: no announcement), or a fault the prelude recorded (takeFault says which); or a fault the host records. */
export type SeatOutcome = { amount: number | null; faulted: boolean; drewRandom: boolean } | { fault: Fault; retired: boolean }

/** The prelude a seat runs: the dilemma's, with the commons part in its closure. */
const PRELUDE = extendedPrelude(COMMONS_PRELUDE)

/** Cells for open()'s arguments, the most any call takes. */
const CELLS = OPEN_FIXED_ARGS + MAX_SEATS - 1

/** The pieces of quickjs-emscripten 0.32 used below that its typings mark protected. */
interface ContextInternals {
  module: { _malloc(n: number): number }
}

/**
 * One round's numbers, encoded once a round for every seat: each seat's
 * block of argument words, in that seat's order, which open() and talk()
 * copy into its cells with one TypedArray.set.
 */
export class RoundWords {
  /** Per seat, open()'s arguments: fed (1), the stock, its receipt, its request, the others' requests in seat order. */
  readonly opened: Uint32Array[]
  /** Per seat, talk()'s arguments: its announcement, then the others' in seat order. */
  readonly heard: Uint32Array[]
  private readonly requests: Uint32Array
  private readonly receipts: Uint32Array
  private readonly announced: Uint32Array
  private readonly stock = new Uint32Array(2)

  constructor(readonly players: number) {
    this.opened = Array.from({ length: players }, () => new Uint32Array(2 * (OPEN_FIXED_ARGS + players - 1)))
    this.heard = Array.from({ length: players }, () => new Uint32Array(2 * players))
    for (const block of this.opened) encodeNumber(1, block, 0)
    this.requests = new Uint32Array(2 * players)
    this.receipts = new Uint32Array(2 * players)
    this.announced = new Uint32Array(2 * players)
  }

  /** The last round's outcome: requests after the quota, receipts and the stock now. */
  setOutcome(requests: readonly number[], receipts: readonly number[], stock: number): void {
    const n = this.players
    for (let s = 0; s < n; s++) {
      encodeNumber(requests[s]!, this.requests, 2 * s)
      encodeNumber(receipts[s]!, this.receipts, 2 * s)
    }
    encodeNumber(stock, this.stock, 0)
    for (let s = 0; s < n; s++) {
      const block = this.opened[s]!
      block[2] = this.stock[0]!
      block[3] = this.stock[1]!
      block[4] = this.receipts[2 * s]!
      block[5] = this.receipts[2 * s + 1]!
      block[6] = this.requests[2 * s]!
      block[7] = this.requests[2 * s + 1]!
      copyOthers(this.requests, s, block, 8)
    }
  }

  /** This round's announcements (null for none). */
  setHeard(announcements: readonly (number | null)[]): void {
    const n = this.players
    for (let s = 0; s < n; s++) {
      const a = announcements[s]
      if (a === null || a === undefined) encodeNull(this.announced, 2 * s)
      else encodeNumber(a, this.announced, 2 * s)
    }
    for (let s = 0; s < n; s++) {
      const block = this.heard[s]!
      block[0] = this.announced[2 * s]!
      block[1] = this.announced[2 * s + 1]!
      copyOthers(this.announced, s, block, 2)
    }
  }
}

interface Io {
  fns: QuickJSHandle[]
  /** open[k]: the function that opens a round with k other seats. */
  open: number[]
  talk: number
  /** CELLS JSValues, and an array of pointers to them (QTS_Call's argv). */
  cells: number
  argv: number
  /** The instance's memory as words (it never grows, so one view serves its whole life). */
  words: Uint32Array
}

export class CommonsVM extends PlayerVM {
  private readonly io: Io
  private maxRequest = 0
  /** How many other seats the group has. */
  private others = 1

  constructor(instance: QuickJSInstance, limits: SandboxLimits, modules?: ModuleCache) {
    let io: Io | null = null
    super(
      instance,
      limits,
      {
        prelude: PRELUDE,
        prepare: (vm) => {
          io = prepare(vm, instance)
        },
      },
      modules,
    )
    this.io = io!
    this.held.push(...this.io.fns)
  }

  /** Bytes of this seat's WebAssembly memory (its cap: it never grows). */
  get memoryBytes(): number {
    return this.instance.memory.buffer.byteLength
  }

  /** Start a group at seat `seat` (with its seed, and the identities it sees, or null) and load the strategy. Returns a set-up fault (round -1) when it cannot play. */
  loadSeat(source: string, group: GroupStart, seat: number, seed: number, identities: (OpponentInfo | null)[] | null): Fault | null {
    this.maxRequest = group.rules.maxRequest
    this.others = group.players - 1
    const config = `${seed >>> 0}|${seat}|${group.text}`
    const begin = () => this.trusted(this.io.fns[COMMONS_FN.BEGIN]!, [config, identities === null ? '' : JSON.stringify(identities)], 'start a group')
    const evaluated = this.evaluate(source, begin)
    if ('fault' in evaluated) return evaluated.fault
    const installed = this.install(this.io.fns[COMMONS_FN.INSTALL]!, evaluated.ns)
    if ('fault' in installed) return installed.fault
    return installFault(installed.code)
  }

  /**
   * Start round `round`: feed the last round's outcome (none in round 0),
   * then ask for the announcement (with cheap talk) or the request.
   */
  open(round: number, seat: number, last: RoundWords | null): SeatOutcome {
    const { words } = this.io
    const at = this.io.cells >>> 2
    // The words go into cells sized for the group: a round of another group must not overrun them.
    if (last !== null && last.players !== this.others + 1) throw new RangeError('a round of another group')
    if (last === null) {
      words[at] = 0
      words[at + 1] = TAG_INT
      return this.answer(this.call(this.io.open[this.others]!, 1, this.io.argv, round, false))
    }
    words.set(last.opened[seat]!, at)
    return this.answer(this.call(this.io.open[this.others]!, OPEN_FIXED_ARGS + this.others, this.io.argv, round, false))
  }

  /** Tell this round's announcements (its own first, then the others' in seat order), then ask for the request. */
  talk(round: number, seat: number, heard: RoundWords): SeatOutcome {
    if (heard.players !== this.others + 1) throw new RangeError('a round of another group')
    this.io.words.set(heard.heard[seat]!, this.io.cells >>> 2)
    return this.answer(this.call(this.io.talk, this.others + 1, this.io.argv, round, false))
  }

  /** What the prelude returned (COMMONS_RESULT), read back exactly; NaN for a fault the host records. */
  private answer(v: number): SeatOutcome {
    if (Number.isNaN(v)) return this.takeHostFault()
    const drewRandom = v < 0 || Object.is(v, -0)
    const m = Math.abs(v)
    if (m === COMMONS_RESULT.FAULTED) return { amount: null, faulted: true, drewRandom }
    if (m === COMMONS_RESULT.NONE) return { amount: null, faulted: false, drewRandom }
    if (!(m <= this.maxRequest)) throw new Error(`sandbox prelude returned ${v}, which is no amount`)
    return { amount: m, faulted: false, drewRandom }
  }
}

/** Copy every seat's two words but `seat`'s from `from` to `to` at `at`, in seat order. */
function copyOthers(from: Uint32Array, seat: number, to: Uint32Array, at: number): void {
  const mine = 2 * seat
  for (let k = 0; k < mine; k++) to[at + k] = from[k]!
  for (let k = mine + 2; k < from.length; k++) to[at + k - 2] = from[k]!
}

/** The commons functions, the argument cells and their pointers: made before the snapshot, with the context. */
function prepare(vm: PlayerVM, instance: QuickJSInstance): Io {
  const ctx = vm.context
  const internals = ctx as unknown as ContextInternals
  const words = new Uint32Array(instance.memory.buffer)
  const fns = Array.from({ length: COMMONS_FN_COUNT }, (_, i) => ctx.getProp(vm.extension, i))
  if (!fns.every((h) => ctx.typeof(h) === 'function')) throw new Error('sandbox prelude has no commons functions')
  const pointer = (h: QuickJSHandle) => (h as unknown as { value: number }).value
  const rounds = ctx.newNumber(RESERVED_ROUNDS)
  const reserved = ctx.callFunction(fns[COMMONS_FN.RESERVE]!, ctx.undefined, rounds)
  rounds.dispose()
  if (reserved.error) {
    reserved.error.dispose()
    throw new Error('sandbox prelude failed to reserve the history arrays')
  }
  reserved.value.dispose()

  const cells = internals.module._malloc(8 * CELLS)
  const argv = internals.module._malloc(4 * CELLS)
  if (cells === 0 || argv === 0 || cells % 8 !== 0) throw new Error('sandbox could not allocate the commons argument cells')
  for (let k = 0; k < CELLS; k++) {
    encodeNumber(0, words, (cells >>> 2) + 2 * k)
    words[(argv >>> 2) + k] = cells + 8 * k
  }
  const open = [0, ...Array.from({ length: MAX_SEATS - 1 }, (_, k) => pointer(fns[COMMONS_FN.OPEN + k]!))]
  return { fns, open, talk: pointer(fns[COMMONS_FN.TALK]!), cells, argv, words }
}

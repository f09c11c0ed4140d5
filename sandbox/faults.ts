/**
 * Every fault the sandbox records, worded in one place. Each message says
 * which limit or rule was broken and what to do about it, in an author's
 * units (iterations of a simple loop, never gas), and passes through
 * printable(), so it is safe to show anywhere.
 */
import { printable } from '../src/engine/printable'
import type { Fault, FaultKind } from '../src/engine/types'
import { iterations, MATCH_ROUNDS, strategyMemoryMiB, type SandboxLimits } from './limits'
import { FAULT_FIELDS, SEPARATOR } from './prelude'

/** Longest fault message, in characters. */
export const MAX_MESSAGE = 300

function fault(kind: FaultKind, round: number, message: string): Fault {
  return { kind, round, message: printable(message, MAX_MESSAGE) }
}

const loops = (gas: number) => `about ${iterations(gas)} iterations of a simple loop`
const SMALLER_MOVES = 'do less work per move (keep running counts instead of scanning the whole history every round)'

/**
 * How the sandbox's own messages say what a fault plays, in the dilemma, and
 * the same words for the commons, where a fault plays the greediest request
 * and a game is a group (forCommons).
 */
const DILEMMA_WORDS = {
  once: 'it counts as D',
  rest: 'D for the rest of the match',
  used: 'the match used',
  budget: "the match's budget",
}
const COMMONS_WORDS: typeof DILEMMA_WORDS = {
  once: 'it plays the greediest request',
  rest: 'the greediest request for the rest of the group',
  used: 'the group used',
  budget: "the group's budget",
}
/** The kinds whose messages the sandbox writes whole (the others quote what a strategy threw or returned). */
const SANDBOX_WORDED: ReadonlySet<FaultKind> = new Set<FaultKind>(['move-budget', 'match-budget', 'cpu-budget', 'stack', 'memory', 'crash'])

/** Which budget the meter stopped: the move's, the match's or set-up's. */
export type Budget = 'setup' | 'move' | 'match'

/** What a fault happened in: a move, or (with cheap talk) an announcement. */
export type Call = 'move' | 'announce'

export const faults = {
  setupBudget: (limits: SandboxLimits): Fault =>
    fault('setup-budget', -1, `module set-up used more than its budget (${loops(limits.setupGas)}); do less work at the top level`),

  moveBudget: (limits: SandboxLimits, round: number): Fault =>
    fault('move-budget', round, `the move used more than its budget (${loops(limits.moveGas)}); ${DILEMMA_WORDS.once}: ${SMALLER_MOVES}`),

  matchBudget: (limits: SandboxLimits, round: number): Fault =>
    fault(
      'match-budget',
      round,
      `${DILEMMA_WORDS.used} more than its budget (${loops(limits.matchGas)} per ${MATCH_ROUNDS} rounds); ${DILEMMA_WORDS.rest}: ${SMALLER_MOVES}`,
    ),

  /**
   * The meter stopped work that ran far past a budget before it could be
   * stopped cleanly: usually one long call of a built-in function (copying,
   * sorting, parsing big data), which the step checks between calls never see.
   */
  cpuBudget: (limits: SandboxLimits, budget: Budget, round: number): Fault => {
    const what =
      budget === 'setup'
        ? `module set-up's budget (${loops(limits.setupGas)})`
        : budget === 'move'
          ? `the move's budget (${loops(limits.moveGas)})`
          : `${DILEMMA_WORDS.budget} (${loops(limits.matchGas)} per ${MATCH_ROUNDS} rounds)`
    const then = round < 0 ? 'the strategy cannot play' : DILEMMA_WORDS.rest
    return fault('cpu-budget', round, `the work ran far past ${what} before it could be stopped cleanly, usually inside one call of a built-in function on big data; ${then}: work on smaller data, a little each move`)
  },

  stack: (round: number): Fault =>
    round < 0
      ? fault('stack', round, 'module set-up nested calls too deeply (deeply nested source, or recursion inside a built-in)')
      : fault('stack', round, `recursion inside a built-in went too deep (deeply nested JSON or data); ${DILEMMA_WORDS.rest}`),

  memory: (limits: SandboxLimits, round: number): Fault => {
    const cap = `the memory a strategy has (about ${strategyMemoryMiB(limits)} MiB for its data)`
    return round < 0
      ? fault('memory', round, `module set-up ran out of memory: it needed more than ${cap}`)
      : fault('memory', round, `out of memory: the strategy needed more than ${cap}; ${DILEMMA_WORDS.rest}`)
  },

  crash: (round: number): Fault =>
    fault('crash', round, round < 0 ? 'the sandbox failed while loading this strategy' : `the sandbox failed while running this strategy; ${DILEMMA_WORDS.rest}`),

  sourceTooBig: (bytes: number, limits: SandboxLimits): Fault =>
    fault('setup', -1, `the source is ${bytes} bytes; the limit is ${limits.sourceBytes}`),

  noDefaultExport: (): Fault =>
    fault('setup', -1, 'the module has no default-exported function (write `export default function move(view) { ... }`)'),

  topLevelAwait: (): Fault => fault('setup', -1, 'top-level await is not supported: the module must finish loading synchronously'),

  /** A record the host cannot read (the prelude never makes one; this only guards the host). */
  undescribable: (round: number): Fault =>
    fault(round < 0 ? 'setup' : 'throw', round, 'threw a value that cannot be described'),

  importRefused: (): Fault => fault('setup', -1, 'imports are not available in the arena: a strategy is one self-contained module'),

  announceNotFunction: (type: string): Fault =>
    fault('setup', -1, `the module's \`announce\` export is ${type === 'null' ? 'null' : type === 'object' ? 'an object' : `a ${type}`}, not a function (write \`export function announce(view) { return 'C' }\`, or export no announce)`),

  /**
   * A fault that happened in announce rather than in a move: said so. A
   * move-budget fault there costs the announcement, not a move.
   */
  inAnnounce: (f: Fault, limits: SandboxLimits): Fault =>
    f.kind === 'move-budget'
      ? fault('move-budget', f.round, `announce used more than a move's budget (${loops(limits.moveGas)}); no announcement this round: do less work in announce`)
      : fault(f.kind, f.round, `announce: ${f.message}`),

  /** A record made inside the VM by takeFault() or describeSetup() (prelude.ts); null if it is not one. */
  fromRecord(record: string, source: string, call: Call = 'move'): Fault | null {
    const parts = record.split(SEPARATOR)
    if (parts.length !== FAULT_FIELDS.length) return null
    const [kind, round, line, column, what, detail] = parts as [string, string, string, string, string, string]
    const at = Number(round)
    const where = line && column ? `line ${line}, column ${column}: ` : ''
    switch (kind) {
      case 'throw':
        return fault('throw', at, where + thrownText(what, detail) + hint(what, detail, '', 0))
      case 'setup':
        // Only loading can fail on TypeScript syntax: the line is looked at once a match, never per move.
        return fault('setup', at, where + thrownText(what, detail) + hint(what, detail, source, Number(line)))
      case 'tampered':
        return fault('throw', at, `the view was tampered with: ${thrownText(what, detail)}`)
      case 'invalid-move':
        return fault('invalid-move', at, returnedText(what, detail, call, EXPECTED))
      case 'invalid-request':
        return fault('invalid-move', at, returnedText(what, detail, call, EXPECTED_REQUEST))
      default:
        return null
    }
  },

  /**
   * The same fault, worded for the commons: where the sandbox wrote the
   * message itself, it says what the seat plays there (the greediest
   * request) and calls the game a group.
   */
  forCommons(f: Fault): Fault {
    if (!SANDBOX_WORDED.has(f.kind)) return f
    let message = f.message
    for (const key of Object.keys(DILEMMA_WORDS) as (keyof typeof DILEMMA_WORDS)[]) message = message.split(DILEMMA_WORDS[key]).join(COMMONS_WORDS[key])
    return { ...f, message }
  },
}

/** A thrown value as a fault message says it, from its "what" and "detail" fields. */
export function thrownText(what: string, detail: string): string {
  if (what === 'undescribable') return 'threw a value that cannot be described'
  if (what === 'symbol') return 'threw a symbol'
  return what ? `${what}: ${detail}` : detail
}

const EXPECTED = '(expected "C" or "D")'
const EXPECTED_REQUEST = '(expected a number from 0 to view.rules.maxRequest)'

function returnedText(what: string, detail: string, call: Call, expected: string): string {
  switch (what) {
    case 'string':
      return `returned the string "${detail.length > 20 ? detail.slice(0, 20) + '...' : detail}" ${expected}`
    case 'promise':
      return `returned a Promise: ${call === 'move' ? 'moves' : 'announce'} must be synchronous (remove \`async\`; promise callbacks never run in the arena)`
    case 'undefined':
      return `returned undefined ${expected}; is a return statement missing?`
    case 'null':
      return `returned null ${expected}`
    case 'object':
    case 'function':
      return `returned an ${what} ${expected}`
    case 'symbol':
      return `returned a symbol ${expected}`
    case 'undescribable':
      return `returned a value that cannot be described ${expected}`
    default:
      return `returned ${detail} ${expected}`
  }
}

/** Signs that a line was written as TypeScript (type annotations, interfaces, `as` casts). */
const TYPESCRIPT = [
  /^\s*(export\s+)?(interface|type)\s+[A-Za-z_$][\w$]*\s*(<[^>]*>)?\s*[={]/,
  /\)\s*:\s*[A-Za-z_$][\w$.<>[\]|' ]*\s*(=>|\{)/,
  /\b(let|const|var)\s+[A-Za-z_$][\w$]*\s*:\s*[A-Za-z_$]/,
  /[(,]\s*[A-Za-z_$][\w$]*\??\s*:\s*[A-Za-z_$][\w$.<>[\]|]*\s*[,)=]/,
  /\bas\s+(const|string|number|boolean|any|unknown)\b/,
]

/** The text of a line of the source (from 1), cut short: the hints below look at the line an error names, never the whole source. */
function sourceLine(source: string, line: number): string {
  if (!(line >= 1)) return ''
  let start = 0
  for (let l = 1; l < line; l++) {
    start = source.indexOf('\n', start) + 1
    if (start === 0) return ''
  }
  const end = source.indexOf('\n', start)
  return source.slice(start, Math.min(end < 0 ? source.length : end, start + 300))
}

/** A hint for the mistakes newcomers make most: CommonJS, require, TypeScript. */
function hint(what: string, detail: string, source: string, line: number): string {
  if (what === 'ReferenceError' && /^'(module|exports)' is not defined/.test(detail)) {
    return ' (strategies are JavaScript modules: write `export default function move(view) { ... }` instead of module.exports)'
  }
  if (what === 'ReferenceError' && /^'require' is not defined/.test(detail)) {
    return ' (there is no require: a strategy is one self-contained module that starts `export default function move(view) {`)'
  }
  const text = what === 'SyntaxError' ? sourceLine(source, line) : ''
  if (text && TYPESCRIPT.some((re) => re.test(text))) {
    return ' (strategies are JavaScript, not TypeScript: remove the type annotations)'
  }
  return ''
}

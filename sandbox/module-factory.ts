/**
 * A strategy's module turned into a factory: a script whose only effect is
 * to make one anonymous arrow function, whose body is the module's own code
 * and which returns the module's exports. The sandbox compiles it once
 * (module-cache.ts) and calls it once per match, so the module's top-level
 * code runs afresh every match without being parsed again: QuickJS offers
 * no way to evaluate a compiled module twice.
 *
 * The factory must behave exactly as the module does, so the transform is
 * made only where that holds by construction, and returns a reason to fall
 * back (evaluate the module as it is, every match) otherwise:
 *
 * - Positions. Errors name `strategy.js:line:column`, and QuickJS counts
 *   lines by \n and columns in code points from the start of the text. The
 *   transform keeps every line and every column: `export` keywords are
 *   overwritten with spaces (one per code point, line breaks kept), the few
 *   characters it needs are written over those spaces, and text is added
 *   only where nothing follows on its line but `;` and comments. The arrow's
 *   opening `()=>{` takes the place of five spaces at the start of line 1,
 *   or goes before a first line that holds no token; where neither is
 *   possible, the module falls back.
 * - Scope. An arrow's body is strict (the script is compiled strict), has no
 *   `arguments` and no `new.target` of its own, and hoists declarations as
 *   a module body does (the sandbox also has QuickJS compile the module as
 *   written first, so that one it rejects is never run as a factory); its
 *   `this` is the script's (the global object), so a module that uses
 *   `this` at the top level falls back, as does one that names `arguments`
 *   there. Code that only a module may hold (import, export ... from,
 *   import.meta, import(), top-level await) and text that a script reads
 *   differently (HTML-like comments) fall back.
 * - Names. `export default` names an anonymous function or class "default".
 *   An anonymous function or arrow, which nothing can reach before the
 *   module ends, is renamed at the end. Any other value that holds a
 *   function or class becomes the value of a property named `default`,
 *   which QuickJS names in the same step as `export default` (a class
 *   before its static code runs). The one name the transform introduces
 *   (the default value's variable) is one the module never uses, and the
 *   module cannot make names from strings (no eval, no Function
 *   constructor). A default declaration made an expression is ended with
 *   `;`, so the next line cannot continue it.
 * - Exports. The factory returns an object without a prototype with a getter
 *   per export reading the binding, so an `export let` is read as it is when
 *   the module has run, as from a module namespace.
 *
 * Anything acorn rejects falls back, so every syntax error is QuickJS's own.
 */
import { Parser, tokTypes, type Node, type Token } from 'acorn'

/** The factory, or why the module is evaluated as it is. */
export type ModuleFactory = { script: string } | { fallback: string }

/** What the factory's script starts with. */
const OPEN = '()=>{'

/**
 * Declarations outside functions above which the module falls back: in the
 * factory they are the arrow's local variables, 8 bytes each on the stack
 * while the top-level code runs, where a module keeps them on the heap. So
 * they take room from the deepest recursion top-level code reaches before
 * QuickJS's stack limit (a RangeError it can catch): about one call in 25
 * declarations, at most about ten calls of some 1,500.
 */
export const MAX_TOP_LEVEL_NAMES = 256

/**
 * Sources above this many characters are evaluated every match. It bounds
 * the host's own work on a source before any budget applies: acorn checks
 * each declaration against its scope's earlier ones (quadratic in the names
 * of one scope), and the memory a compiled strategy keeps grows with it.
 * The built-ins are at most about 4,300.
 */
export const MAX_FACTORY_SOURCE = 8 * 1024

/**
 * How deep acorn's parse methods and the scans below may nest before the
 * module is evaluated as it is. Both recurse on the host's JavaScript stack,
 * whose size differs between Node and workerd; this bound is reached long
 * before either runs out, so whether a module is compiled never depends on
 * the host.
 */
export const MAX_NESTING = 1000

/** A part of the source overwritten (with `text` written over its last spaces) or, when empty, text added. */
interface Edit {
  start: number
  end: number
  text: string
}

/** Why the transform stopped: the module falls back. */
class Unsupported extends Error {}

type AnyNode = Node & Record<string, unknown>

export function moduleFactory(source: string): ModuleFactory {
  try {
    return { script: transform(source) }
  } catch (error) {
    // Anything else (the host's own limits) is a fallback too: evaluating the module is always correct.
    return { fallback: error instanceof Unsupported ? error.message : 'the transform could not read it' }
  }
}

/** acorn's parser with every parse method counting its nesting (MAX_NESTING). */
const BoundedParser = Parser.extend((Base) => {
  const Bounded = class extends Base {}
  const proto = Bounded.prototype as unknown as Record<string, unknown> & { nesting?: number }
  for (const name of Object.getOwnPropertyNames(Parser.prototype)) {
    // (Read as a descriptor: the prototype also has getters, which need a parser to run.)
    const method = Object.getOwnPropertyDescriptor(Parser.prototype, name)?.value as unknown
    if (!name.startsWith('parse') || typeof method !== 'function') continue
    proto[name] = function (this: { nesting?: number }, ...args: unknown[]) {
      const nesting = (this.nesting ?? 0) + 1
      if (nesting > MAX_NESTING) throw new Unsupported('nested too deeply')
      this.nesting = nesting
      try {
        return (method as (...a: unknown[]) => unknown).apply(this, args)
      } finally {
        this.nesting = nesting - 1
      }
    }
  }
  return Bounded
})

function transform(source: string): string {
  // QuickJS breaks lines at \n alone (a prepared source has no \r); acorn also at these.
  if (/[\u2028\u2029]/.test(source)) throw new Unsupported('a line separator character')
  if (source.length > MAX_FACTORY_SOURCE) throw new Unsupported(`longer than ${MAX_FACTORY_SOURCE} characters`)
  const all: Token[] = []
  let program: AnyNode
  try {
    program = BoundedParser.parse(source, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: false, preserveParens: true, onToken: all }) as unknown as AnyNode
  } catch (error) {
    throw error instanceof Unsupported ? error : new Unsupported('acorn does not parse it')
  }
  const tokens = all.filter((t) => t.type !== tokTypes.eof)
  checkTokens(source, tokens)
  const found: Found = { names: new Set(), topLevelNames: 0 }
  scan(program, { ownThis: false, inFunction: false }, found)
  if (found.topLevelNames > MAX_TOP_LEVEL_NAMES) throw new Unsupported(`more than ${MAX_TOP_LEVEL_NAMES} top-level declarations`)
  const hidden = unusedName(found.names)

  const edits: Edit[] = []
  const exports: [string, string][] = []
  let renames = false
  let usesHidden = false
  const freeAt = (at: number) => {
    if (!restOfLineFree(source, tokens, at)) throw new Unsupported('text would have to be added before code on the same line')
  }
  for (const statement of program.body as AnyNode[]) {
    if (statement.type === 'ExportNamedDeclaration') {
      const declaration = statement.declaration as AnyNode | null
      if (declaration) {
        edits.push({ start: statement.start, end: declaration.start, text: '' })
        for (const name of declaredNames(declaration)) exports.push([name, name])
      } else {
        edits.push({ start: statement.start, end: statement.end, text: ';' })
        for (const spec of statement.specifiers as AnyNode[]) exports.push([exportName(spec.exported as AnyNode), (spec.local as AnyNode).name as string])
      }
    } else if (statement.type === 'ExportDefaultDeclaration') {
      const declaration = statement.declaration as AnyNode
      const id = declaration.id as AnyNode | null | undefined
      const isDeclaration = declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration'
      if (isDeclaration && id) {
        // A named declaration: its binding is the export.
        edits.push({ start: statement.start, end: declaration.start, text: '' })
        exports.push(['default', id.name as string])
        continue
      }
      usesHidden = true
      exports.push(['default', hidden])
      if (declaration.type === 'FunctionDeclaration' || isAnonymousFunction(declaration)) {
        // Named after the module has run: nothing can reach the function before.
        renames = true
        edits.push({ start: statement.start, end: declaration.start, text: `${hidden}=` })
        if (isDeclaration) {
          freeAt(declaration.end)
          edits.push({ start: declaration.end, end: declaration.end, text: ';' })
        }
      } else if (declaration.type === 'ClassDeclaration' || containsFunction(declaration)) {
        // Named by QuickJS as `export default` names it: the value of a property named default.
        edits.push({ start: statement.start, end: declaration.start, text: `${hidden}={default:` })
        freeAt(declaration.end)
        edits.push({ start: declaration.end, end: declaration.end, text: isDeclaration ? '}.default;' : '}.default' })
      } else {
        edits.push({ start: statement.start, end: declaration.start, text: `${hidden}=` })
      }
    }
  }

  const body = applyEdits(source, edits)
  const firstLineEnd = source.indexOf('\n') < 0 ? source.length : source.indexOf('\n')
  const firstLineHasCode = tokens.length > 0 && tokens[0]!.start < firstLineEnd
  let head: string
  if (!firstLineHasCode) head = OPEN + body
  else if (/^[ \t]*$/.test(body.slice(0, OPEN.length)) && body.length >= OPEN.length) head = OPEN + body.slice(OPEN.length)
  else throw new Unsupported('code on line 1 leaves no room for the factory')

  const getters = exports.map(([name, local]) => `get ${JSON.stringify(name)}(){return ${local}}`)
  const tail =
    '\n;' +
    (usesHidden ? `var ${hidden};` : '') +
    (renames ? `({}).constructor.defineProperty(${hidden},"name",{value:"default"});` : '') +
    `return{__proto__:null${getters.map((g) => ',' + g).join('')}}}`
  return head + tail
}

/** The source with each edit made: overwritten text becomes spaces (line breaks kept) with the edit's text at the end of its last line. */
function applyEdits(source: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end)
  let out = ''
  let at = 0
  for (const edit of sorted) {
    if (edit.start < at) throw new Error('module factory: overlapping edits')
    out += source.slice(at, edit.start)
    if (edit.start === edit.end) {
      out += edit.text
    } else {
      const blank = Array.from(source.slice(edit.start, edit.end), (c) => (c === '\n' ? '\n' : ' ')).join('')
      const lastLine = blank.length - blank.lastIndexOf('\n') - 1
      if (lastLine < edit.text.length) throw new Unsupported('an export keyword leaves no room on its line')
      out += blank.slice(0, blank.length - edit.text.length) + edit.text
    }
    at = edit.end
  }
  return out + source.slice(at)
}

/**
 * Whether text added at `at` moves no code: the rest of its line holds
 * nothing but comments and `;` (which compiles to nothing).
 */
function restOfLineFree(source: string, tokens: readonly Token[], at: number): boolean {
  const end = source.indexOf('\n', at)
  const lineEnd = end < 0 ? source.length : end
  for (const token of tokens) {
    if (token.start < at || token.start >= lineEnd) continue
    if (source.slice(token.start, token.end) !== ';') return false
  }
  return true
}

/** Token sequences a script reads as comments where a module reads operators: `<!--`, and `-->` first on its line. */
function checkTokens(source: string, tokens: readonly Token[]): void {
  let previousEnd = -1
  for (const token of tokens) {
    const text = source.slice(token.start, token.end)
    if (text === '<' && source.startsWith('<!--', token.start)) throw new Unsupported('an HTML-like comment')
    if (text === '--' && source[token.end] === '>' && (previousEnd < 0 || source.slice(previousEnd, token.start).includes('\n'))) {
      throw new Unsupported('an HTML-like comment')
    }
    previousEnd = token.end
  }
}

interface Scope {
  /** Inside a function (not an arrow), a class field or a static block: `this` and `arguments` are its own. */
  ownThis: boolean
  /** Inside any function: `await` there is not top-level await, and declarations are not the top level's. */
  inFunction: boolean
}

/** What the scan finds: every identifier's name, and how many names are declared outside functions. */
interface Found {
  names: Set<string>
  topLevelNames: number
}

/** Collect what `Found` holds, and stop at whatever only a module can hold or a script reads otherwise. */
function scan(node: AnyNode, scope: Scope, found: Found, depth = 0): void {
  // (A call chain such as f()()() is parsed in a loop but nests in the tree.)
  if (depth > MAX_NESTING) throw new Unsupported('nested too deeply')
  const down = depth + 1
  switch (node.type) {
    case 'ImportDeclaration':
    case 'ImportExpression':
      throw new Unsupported('an import')
    case 'ExportAllDeclaration':
      throw new Unsupported('an export from another module')
    case 'ExportNamedDeclaration':
      if (node.source) throw new Unsupported('an export from another module')
      break
    case 'MetaProperty':
      if ((node.meta as AnyNode).name === 'import') throw new Unsupported('import.meta')
      break
    case 'ThisExpression':
      if (!scope.ownThis) throw new Unsupported('`this` at the top level')
      break
    case 'AwaitExpression':
      if (!scope.inFunction) throw new Unsupported('top-level await')
      break
    case 'ForOfStatement':
      if (node.await && !scope.inFunction) throw new Unsupported('top-level await')
      break
    case 'VariableDeclaration':
      if (!scope.inFunction) found.topLevelNames += (node.declarations as AnyNode[]).reduce((n, d) => n + patternNames(d.id as AnyNode).length, 0)
      break
    case 'ClassDeclaration':
    case 'ClassExpression':
      // (A class expression's name, like a catch parameter, is a slot of the factory's frame too.)
      if (!scope.inFunction && node.id) found.topLevelNames++
      break
    case 'CatchClause':
      if (!scope.inFunction && node.param) found.topLevelNames += patternNames(node.param as AnyNode).length
      break
    case 'Identifier':
      found.names.add(node.name as string)
      if (node.name === 'arguments' && !scope.ownThis) throw new Unsupported('`arguments` at the top level')
      return
    case 'FunctionDeclaration':
      if (!scope.inFunction) found.topLevelNames++
      return scanChildren(node, { ownThis: true, inFunction: true }, found, down)
    case 'FunctionExpression':
      return scanChildren(node, { ownThis: true, inFunction: true }, found, down)
    case 'ArrowFunctionExpression':
      return scanChildren(node, { ownThis: scope.ownThis, inFunction: true }, found, down)
    case 'StaticBlock':
      return scanChildren(node, { ownThis: true, inFunction: true }, found, down)
    case 'PropertyDefinition':
      scanKey(node, scope, found, down)
      if (node.value) scan(node.value as AnyNode, { ownThis: true, inFunction: true }, found, down)
      return
    case 'MethodDefinition':
    case 'Property':
      scanKey(node, scope, found, down)
      scan(node.value as AnyNode, scope, found, down)
      return
    case 'MemberExpression':
      scan(node.object as AnyNode, scope, found, down)
      if (node.computed) scan(node.property as AnyNode, scope, found, down)
      else if ((node.property as AnyNode).type === 'Identifier') found.names.add((node.property as AnyNode).name as string)
      return
  }
  scanChildren(node, scope, found, down)
}

/** A property's key: an expression when computed, else a name that is no reference (collected, not judged). */
function scanKey(node: AnyNode, scope: Scope, found: Found, depth: number): void {
  const key = node.key as AnyNode
  if (node.computed) scan(key, scope, found, depth)
  else if (key.type === 'Identifier') found.names.add(key.name as string)
}

function scanChildren(node: AnyNode, scope: Scope, found: Found, depth: number): void {
  for (const key in node) {
    if (key === 'type' || key === 'start' || key === 'end' || key === 'loc' || key === 'range') continue
    const value = node[key]
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) scan(item, scope, found, depth)
    } else if (isNode(value)) {
      scan(value, scope, found, depth)
    }
  }
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
}

/** Whether a function or class is written anywhere inside `node` (QuickJS may then name it "default"). */
function containsFunction(node: AnyNode): boolean {
  if (/^(Function|ArrowFunction|Class)(Expression|Declaration)$/.test(node.type)) return true
  for (const key in node) {
    const value = node[key]
    if (Array.isArray(value)) {
      if (value.some((item) => isNode(item) && containsFunction(item))) return true
    } else if (isNode(value) && containsFunction(value)) {
      return true
    }
  }
  return false
}

/** An anonymous function or arrow, in parentheses or not: what `export default` names. */
function isAnonymousFunction(node: AnyNode): boolean {
  let inner = node
  while (inner.type === 'ParenthesizedExpression') inner = inner.expression as AnyNode
  return inner.type === 'ArrowFunctionExpression' || (inner.type === 'FunctionExpression' && !inner.id)
}

/** The names a declaration declares (of a variable declaration, every name in its patterns). */
function declaredNames(node: AnyNode): string[] {
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'ClassDeclaration':
      return node.id ? [(node.id as AnyNode).name as string] : []
    case 'VariableDeclaration':
      return (node.declarations as AnyNode[]).flatMap((d) => patternNames(d.id as AnyNode))
    default:
      return []
  }
}

function patternNames(node: AnyNode | null): string[] {
  if (!node) return []
  switch (node.type) {
    case 'Identifier':
      return [node.name as string]
    case 'ObjectPattern':
      return (node.properties as AnyNode[]).flatMap((p) => patternNames((p.type === 'RestElement' ? p.argument : p.value) as AnyNode))
    case 'ArrayPattern':
      return (node.elements as (AnyNode | null)[]).flatMap((e) => patternNames(e))
    case 'AssignmentPattern':
      return patternNames(node.left as AnyNode)
    case 'RestElement':
      return patternNames(node.argument as AnyNode)
    default:
      return []
  }
}

function exportName(node: AnyNode): string {
  return node.type === 'Identifier' ? (node.name as string) : String(node.value)
}

/** A variable name no identifier of the module uses. */
function unusedName(names: ReadonlySet<string>): string {
  if (!names.has('$')) return '$'
  for (let n = 0; ; n++) if (!names.has(`$${n}`)) return `$${n}`
}

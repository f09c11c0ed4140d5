#!/usr/bin/env node
/**
 * Build the catalog of built-in strategies: read every strategies/*.js, parse
 * its JSDoc header and write src/classics/catalog.generated.ts (gitignored).
 *
 * The header of a strategy file is a JSDoc block at the very top:
 *
 *   /**
 *    * Display Name
 *    *
 *    * One paragraph describing the behaviour.
 *    *
 *    * Axelrod-Python: ClassName      (or "none")
 *    * Any further notes, references...
 *    *\/
 *
 * "none" marks an example of the arena's own features rather than a classic
 * (src/classics/index.ts: EXAMPLES); every other entry names the
 * Axelrod-Python class it mirrors. A module that does not play the dilemma
 * needs no Axelrod-Python line.
 *
 * The games a module plays are read from its `export const games = [...]`
 * (string literals, 'dilemma' or 'commons'); without it, it plays the
 * dilemma, as every strategy written before the commons existed.
 *
 * Usage: node scripts/build-catalog.mjs [--check]
 *   --check  do not write; exit 1 if the generated file is missing or stale.
 * Plain Node, no dependencies.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const strategiesDir = join(root, 'strategies')
const outFile = join(root, 'src', 'classics', 'catalog.generated.ts')

const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/

/** Parse the leading JSDoc block of a strategy file; throws with a readable message. */
export function parseHeader(source, file, games = ['dilemma']) {
  const match = /^\s*\/\*\*([\s\S]*?)\*\//.exec(source)
  if (!match) throw new Error(`${file}: must start with a /** ... */ header`)
  const lines = match[1].split('\n').map((line) => line.replace(/^\s*\* ?/, '').trimEnd())
  while (lines.length && lines[0].trim() === '') lines.shift()

  const name = (lines.shift() ?? '').trim()
  if (!name) throw new Error(`${file}: the first header line must be the display name`)
  while (lines.length && lines[0].trim() === '') lines.shift()

  const paragraph = []
  while (lines.length && lines[0].trim() !== '' && !/^Axelrod-Python:/.test(lines[0])) {
    paragraph.push(lines.shift().trim())
  }
  const description = paragraph.join(' ')
  if (!description) throw new Error(`${file}: a paragraph describing the behaviour must follow the name`)

  const axelrodLine = lines.map((l) => l.trim()).find((l) => l.startsWith('Axelrod-Python:'))
  if (!axelrodLine && !games.includes('dilemma')) return { name, description, axelrod: null }
  if (!axelrodLine) throw new Error(`${file}: missing an "Axelrod-Python: ClassName" (or "none") line`)
  const axelrod = axelrodLine.slice('Axelrod-Python:'.length).trim()
  if (!axelrod) throw new Error(`${file}: the Axelrod-Python line names no class (write "none" if there is none)`)

  return { name, description, axelrod: axelrod.toLowerCase() === 'none' ? null : axelrod }
}

export const GAMES = ['dilemma', 'commons']

/** The games a module declares with `export const games = [...]`, or ['dilemma'] without it; throws with a readable message. */
export function parseGames(source, file) {
  const match = /\bexport\s+const\s+games\s*=\s*\[([^\]]*)\]/.exec(source)
  if (!match) {
    if (/\bexport\s+(const|let|var)\s+games\b/.test(source)) throw new Error(`${file}: write the games as a list of string literals, e.g. export const games = ['commons']`)
    return ['dilemma']
  }
  const items = match[1].split(',').map((item) => item.trim()).filter((item) => item !== '')
  const games = items.map((item) => {
    const literal = /^(['"])([a-z]+)\1$/.exec(item)
    if (!literal || !GAMES.includes(literal[2])) throw new Error(`${file}: games may only list ${GAMES.map((g) => `'${g}'`).join(' and ')}, got ${item}`)
    return literal[2]
  })
  if (games.length === 0) throw new Error(`${file}: export const games lists no game`)
  return GAMES.filter((g) => games.includes(g))
}

/** Read every strategy file, sorted by id. */
export function readCatalog(dir = strategiesDir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'))
  const entries = []
  for (const file of files) {
    const id = file.slice(0, -'.js'.length)
    if (!ID_PATTERN.test(id)) throw new Error(`strategies/${file}: file names must be kebab-case ids`)
    const source = readFileSync(join(dir, file), 'utf8')
    if (!/\bexport\s+default\b/.test(source)) throw new Error(`strategies/${file}: needs an export default move function`)
    const games = parseGames(source, `strategies/${file}`)
    entries.push({ id, ...parseHeader(source, `strategies/${file}`, games), games, source })
  }
  return entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

export function renderCatalog(entries) {
  const body = entries
    .map((e) =>
      [
        '  {',
        `    id: ${JSON.stringify(e.id)},`,
        `    name: ${JSON.stringify(e.name)},`,
        `    description: ${JSON.stringify(e.description)},`,
        `    axelrod: ${JSON.stringify(e.axelrod)},`,
        `    games: ${JSON.stringify(e.games)},`,
        `    source: ${JSON.stringify(e.source)},`,
        '  },',
      ].join('\n'),
    )
    .join('\n')
  return `// Generated by scripts/build-catalog.mjs from strategies/*.js. Do not edit: run \`npm run build:catalog\`.

export const CLASSIC_SOURCES: readonly {
  id: string
  name: string
  description: string
  axelrod: string | null
  games: readonly ('dilemma' | 'commons')[]
  source: string
}[] = [
${body}
]
`
}

function main() {
  const check = process.argv.includes('--check')
  let text
  try {
    text = renderCatalog(readCatalog())
  } catch (err) {
    console.error(`build-catalog: ${err.message}`)
    process.exit(1)
  }
  const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : null
  if (check) {
    if (current !== text) {
      console.error('build-catalog: src/classics/catalog.generated.ts is missing or stale; run npm run build:catalog')
      process.exit(1)
    }
    return
  }
  if (current !== text) writeFileSync(outFile, text)
}

// Run when executed directly (not when imported, e.g. by a test).
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) main()

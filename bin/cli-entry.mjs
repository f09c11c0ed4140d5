/**
 * Where the command line's code comes from, for bin/arena.mjs (the command)
 * and bin/job-worker.mjs (the worker threads of `--jobs N`), so that both
 * run the same code: the build in dist/cli (scripts/build-cli.mjs, run by
 * `npm install` and `npm test`), or, when that build is missing or older than
 * any of its sources, the TypeScript sources themselves through tsx's loader:
 * slower to start, never stale. Everything is resolved from this file's
 * location, not the working directory, so `arena` works from anywhere (and
 * the caller's own tsconfig.json is never picked up).
 */

// Built-ins through getBuiltinModule: an ES import of one builds its whole module facade (node:fs's
// loads the fs streams), which would be a good part of a start meant to take a few milliseconds.
const { readFileSync, statSync } = process.getBuiltinModule('node:fs')

// Cache compiled code between runs (Node >= 22.1): the build's, or tsx's and the transpiled sources'.
process.getBuiltinModule('node:module').enableCompileCache?.()

const ROOT = new URL('../', import.meta.url)
const BUILD = new URL('dist/cli/', ROOT)
/** Each entry: its file in the build, and its source. */
const ENTRIES = {
  arena: ['arena.mjs', 'src/cli/main.ts'],
  'job-worker': ['job-worker.mjs', 'src/cli/jobs/worker.ts'],
}

/** Why the build cannot be run (missing, or a source changed after it was built), or null when it can. */
function staleBuild() {
  if (process.env.ARENA_FROM_SOURCE) return 'ARENA_FROM_SOURCE is set'
  let manifest
  try {
    manifest = JSON.parse(readFileSync(new URL('inputs.json', BUILD), 'utf8'))
  } catch {
    return 'there is no build in dist/cli'
  }
  for (const input of manifest.inputs) {
    const modified = statSync(new URL(input, ROOT), { throwIfNoEntry: false })?.mtimeMs
    // A source that is gone changed its importers too, which are newer.
    if (modified !== undefined && modified > manifest.builtAt) return `${input} changed after the build`
  }
  return null
}

/** Import an entry ('arena' or 'job-worker') from the build, or from the sources when the build is stale. */
export async function importEntry(name) {
  const [built, source] = ENTRIES[name]
  const stale = staleBuild()
  if (stale === null) return import(new URL(built, BUILD).href)
  if (name === 'arena' && process.stderr.isTTY) {
    process.stderr.write(`arena: running from the sources (${stale}); "npm run build:cli" makes it start faster\n`)
  }
  const { register } = await import('tsx/esm/api')
  register({ tsconfig: process.getBuiltinModule('node:url').fileURLToPath(new URL('tsconfig.json', ROOT)) })
  return import(new URL(source, ROOT).href)
}

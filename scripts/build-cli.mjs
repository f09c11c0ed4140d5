#!/usr/bin/env node
/**
 * Builds the `arena` command line (src/cli) ahead of time into dist/cli, so
 * that bin/arena.mjs starts it without transpiling TypeScript at every run.
 * dist/ is git-ignored; `npm install` (prepare) and `npm test` build it, and
 * `npm run build:cli` after editing the CLI's sources.
 *
 * Two entry points, with code splitting so that each command's code is a
 * chunk loaded only when that command runs (`arena --version` loads neither
 * the sandbox nor zod): arena.mjs (src/cli/main.ts) and job-worker.mjs (the
 * worker threads of `--jobs N`, src/cli/jobs/worker.ts).
 *
 * Sources that find files next to themselves (`new URL('./x', import.meta.url)`:
 * the sandbox's WebAssembly, package.json) keep working: every
 * `import.meta.url` in a bundled file is rewritten to that file's own
 * location, relative to the bundle, so the bundle reads exactly what the
 * sources would, and nothing is copied that could go stale.
 *
 * dist/cli/inputs.json lists the bundled source files and when the build
 * started: bin/arena.mjs falls back to the sources (through tsx) when one
 * of them is newer, so an edit is never run as stale code.
 *
 * Usage: node scripts/build-cli.mjs [--quiet]
 */
import { build } from 'esbuild'
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outdir = join(root, 'dist', 'cli')
// Built next to it and swapped in at the end, so that an `arena` starting meanwhile finds the old build or the new one.
const staging = join(root, 'dist', `.cli-${process.pid}`)
const quiet = process.argv.includes('--quiet')
/** The manifest bin/arena.mjs reads (keep the name in step with it). */
const MANIFEST = 'inputs.json'

/** Every `import.meta.url` of a bundled file becomes that file's own URL, computed from the bundle's. */
const ownLocation = {
  name: 'own-location',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8')
      const loader = /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js'
      if (!text.includes('import.meta.url')) return { contents: text, loader }
      const fromBundle = relative(outdir, args.path).split(sep).join('/')
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader }
    })
  },
}

const startedAt = Date.now()
rmSync(staging, { recursive: true, force: true })
mkdirSync(staging, { recursive: true })

const result = await build({
  entryPoints: { arena: join(root, 'src', 'cli', 'main.ts'), 'job-worker': join(root, 'src', 'cli', 'jobs', 'worker.ts') },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  absWorkingDir: root,
  outdir: staging,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunk-[hash]',
  // Dependencies are bundled too: tree-shaking drops what the CLI never calls (openskill and its
  // statistics packages, reached only for two constants), and one file loads faster than a package's many.
  sourcemap: 'linked',
  metafile: true,
  tsconfig: join(root, 'tsconfig.json'),
  plugins: [ownLocation],
  logLevel: 'warning',
}).catch((error) => {
  rmSync(staging, { recursive: true, force: true })
  throw error
})

const inputs = Object.keys(result.metafile.inputs)
  .filter((path) => !path.includes('node_modules'))
  .map((path) => path.split(sep).join('/'))
  .sort()
writeFileSync(join(staging, MANIFEST), JSON.stringify({ builtAt: startedAt, inputs }) + '\n')
rmSync(outdir, { recursive: true, force: true })
renameSync(staging, outdir)

if (!quiet) {
  const bytes = Object.entries(result.metafile.outputs).filter(([path]) => path.endsWith('.mjs')).reduce((sum, [, o]) => sum + o.bytes, 0)
  console.log(`cli: dist/cli, ${(bytes / 1024).toFixed(0)} KB of JavaScript from ${inputs.length} source files`)
}

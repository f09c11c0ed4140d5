#!/usr/bin/env node
/**
 * Builds the web site (web/src) into web/dist, which the Worker serves as
 * static assets (wrangler.toml [assets]); web/dist is git-ignored and built
 * by `npm install`, `npm start` and `npm test`.
 *
 * esbuild bundles the pages with code splitting: the main bundle holds the
 * shell, the router and the light pages; the editor (CodeMirror) and the
 * sandbox (QuickJS and its WebAssembly) are separate chunks that only the
 * pages needing them import. The main bundle's gzipped size is printed and
 * written to web/dist/build-report.json; past 100 KB the build fails.
 *
 * Usage: node scripts/build-web.mjs [--quiet]
 */
import { build } from 'esbuild'
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const web = join(root, 'web')
const dist = join(web, 'dist')
const quiet = process.argv.includes('--quiet')
export const MAIN_BUNDLE_LIMIT = 100 * 1024

rmSync(dist, { recursive: true, force: true })
mkdirSync(join(dist, 'assets'), { recursive: true })

const result = await build({
  entryPoints: [join(web, 'src', 'main.tsx')],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  outdir: join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  tsconfig: join(root, 'tsconfig.json'),
  // emscripten's glue names Node modules behind a runtime check that is false in a browser.
  external: ['fs', 'path', 'crypto', 'module', 'url', 'node:*'],
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
})

// The same metered QuickJS build the platform plays with, fetched only by the pages that play in the browser.
copyFileSync(join(root, 'sandbox', 'generated', 'quickjs-metered.wasm'), join(dist, 'assets', 'quickjs-metered.wasm'))

const outputs = result.metafile.outputs
const rel = (path) => '/' + relative(dist, join(root, path)).split('\\').join('/')
const entry = Object.entries(outputs).find(([, o]) => o.entryPoint && o.entryPoint.endsWith('main.tsx'))
if (!entry) throw new Error('build-web: no output for web/src/main.tsx')
const [entryPath, entryOutput] = entry

/** The entry and every chunk it imports statically: what a first visit downloads before anything shows. */
function staticClosure(path, seen = new Set()) {
  if (seen.has(path)) return seen
  seen.add(path)
  for (const imp of outputs[path]?.imports ?? []) if (imp.kind === 'import-statement') staticClosure(imp.path, seen)
  return seen
}
const mainFiles = [...staticClosure(entryPath)]
if (entryOutput.cssBundle) mainFiles.push(entryOutput.cssBundle)
const gz = (path) => gzipSync(readFileSync(join(root, path)), { level: 9 }).length
const mainGzip = mainFiles.reduce((sum, f) => sum + gz(f), 0)
const lazy = Object.keys(outputs)
  .filter((p) => !mainFiles.includes(p) && !p.endsWith('.map'))
  .map((p) => ({ file: rel(p), gzipBytes: gz(p) }))
  .sort((a, b) => b.gzipBytes - a.gzipBytes)

const template = readFileSync(join(web, 'index.html'), 'utf8')
const preloads = mainFiles.filter((f) => f.endsWith('.js') && f !== entryPath).map((f) => `<link rel="modulepreload" href="${rel(f)}">`)
const html = template
  .replace('<!-- styles -->', entryOutput.cssBundle ? `<link rel="stylesheet" href="${rel(entryOutput.cssBundle)}">` : '')
  .replace('<!-- scripts -->', [...preloads, `<script type="module" src="${rel(entryPath)}"></script>`].join('\n    '))
writeFileSync(join(dist, 'index.html'), html)

// Headers for every file of the site (Workers static assets read _headers). The
// policy lets in this server's scripts, the one inline script (the theme
// before first paint, by its hash) and WebAssembly, nothing from elsewhere: a
// strategy name that slipped through as markup still could not run, and the
// token in localStorage could not be sent away.
const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`)
const policy = [
  "default-src 'self'",
  `script-src 'self' ${inline.join(' ')} 'wasm-unsafe-eval'`,
  // CodeMirror writes its own <style> elements.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')
writeFileSync(join(dist, '_headers'), `/*\n  Content-Security-Policy: ${policy}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: same-origin\n`)

const report = { mainBundle: { files: mainFiles.map(rel), gzipBytes: mainGzip, limitBytes: MAIN_BUNDLE_LIMIT }, lazy }
writeFileSync(join(dist, 'build-report.json'), JSON.stringify(report, null, 2) + '\n')
if (!quiet) {
  console.log(`web: main bundle ${(mainGzip / 1024).toFixed(1)} KB gzipped (limit ${MAIN_BUNDLE_LIMIT / 1024} KB)`)
  for (const l of lazy.slice(0, 6)) console.log(`  lazy ${l.file} ${(l.gzipBytes / 1024).toFixed(1)} KB gzipped`)
}
if (mainGzip > MAIN_BUNDLE_LIMIT) {
  console.error(`build-web: the main bundle is ${mainGzip} bytes gzipped, over the ${MAIN_BUNDLE_LIMIT}-byte limit`)
  process.exit(1)
}

/**
 * The unmetered build (sandbox/generated/quickjs-unmetered.wasm) bounds
 * nothing, so only the bench may load it: no code of the platform, the
 * command line, the web client or the Worker names it or the function that
 * makes a runner on it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = new URL('..', import.meta.url).pathname

function files(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((entry) => {
    const path = join(dir, entry)
    if (entry === 'node_modules' || entry === 'generated' || entry === 'dist') return []
    return statSync(join(root, path)).isDirectory() ? files(path) : /\.(ts|mts|js|mjs|tsx)$/.test(entry) ? [path] : []
  })
}

describe('the unmetered build', () => {
  it('is named only by the sandbox for Node, the script that writes it and the bench', () => {
    const naming = ['src', 'sandbox', 'bin', 'scripts', 'web', 'bench']
      .flatMap(files)
      .filter((path) => /quickjs-unmetered|createUnmeteredRunnerForBench/.test(readFileSync(join(root, path), 'utf8')))
      .map((path) => relative(root, join(root, path)))
      .sort()
    expect(naming).toEqual(['bench/meter-overhead.ts', 'sandbox/node.ts', 'scripts/meter-wasm.mjs'])
  })

  it('is not an option of the runners the platform and the command line make', () => {
    const runner = readFileSync(join(root, 'sandbox/runner.ts'), 'utf8')
    expect(runner).not.toMatch(/unmetered/i)
  })
})

/**
 * How bin/arena.mjs (bin/cli-entry.mjs) starts the command line: the build in dist/cli when it is
 * there and no source it was built from has changed since, the sources
 * through tsx otherwise (never stale code). Checked on a copy of bin/arena.mjs
 * and bin/cli-entry.mjs in a folder of their own, with a stand-in build and stand-in sources that say
 * which of them ran. And the real build: every source it lists exists, and it
 * finds the files its sources find next to themselves.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { ROOT, arena } from './helpers/cli'

const SOURCE = 'src/cli/main.ts'

function setUp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'arena-start-'))
  mkdirSync(join(dir, 'bin'))
  for (const file of ['arena.mjs', 'cli-entry.mjs']) copyFileSync(join(ROOT, 'bin', file), join(dir, 'bin', file))
  copyFileSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'))
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
  mkdirSync(join(dir, 'src/cli'), { recursive: true })
  writeFileSync(join(dir, SOURCE), "export async function run(argv: string[]): Promise<number> {\n  process.stdout.write(`sources ${argv.join(' ')}\\n`)\n  return 3\n}\n")
  mkdirSync(join(dir, 'dist/cli'), { recursive: true })
  writeFileSync(join(dir, 'dist/cli/arena.mjs'), "export async function run(argv) {\n  process.stdout.write(`build ${argv.join(' ')}\\n`)\n  return 4\n}\n")
  return dir
}

/** A build made `ageMs` after the source was last changed (negative: before it). */
function build(dir: string, ageMs: number): void {
  const changed = Date.now() - 60_000
  utimesSync(join(dir, SOURCE), new Date(changed), new Date(changed))
  writeFileSync(join(dir, 'dist/cli/inputs.json'), JSON.stringify({ builtAt: changed + ageMs, inputs: [SOURCE, 'src/cli/gone.ts'] }))
}

function start(dir: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(dir, 'bin/arena.mjs'), 'a', 'b'], { cwd: tmpdir(), encoding: 'utf8', env: { ...process.env, ...env } })
}

describe('bin/arena.mjs: the build or the sources', () => {
  let dir: string
  beforeEach(() => {
    dir = setUp()
    return () => rmSync(dir, { recursive: true, force: true })
  })

  it('runs the build when no source changed after it (a source that is gone does not count)', () => {
    build(dir, 1000)
    const run = start(dir)
    expect(run.stdout).toBe('build a b\n')
    expect(run.stderr).toBe('')
    expect(run.status).toBe(4)
  })

  it('runs the sources when one changed after the build (saying nothing when stderr is not a terminal)', () => {
    build(dir, -1000)
    const run = start(dir)
    expect(run.stdout).toBe('sources a b\n')
    expect(run.stderr).toBe('')
    expect(run.status).toBe(3)
  })

  it('runs the sources when there is no build, or when ARENA_FROM_SOURCE is set', () => {
    expect(start(dir).stdout).toBe('sources a b\n')
    build(dir, 1000)
    expect(start(dir, { ARENA_FROM_SOURCE: '1' }).stdout).toBe('sources a b\n')
  })
})

describe('the real build', () => {
  const manifest = join(ROOT, 'dist/cli/inputs.json')

  it.runIf(existsSync(manifest))('lists sources that exist, the command line, the engine and the sandbox among them', () => {
    const { inputs } = JSON.parse(readFileSync(manifest, 'utf8')) as { inputs: string[] }
    for (const input of inputs) expect(existsSync(join(ROOT, input)), input).toBe(true)
    expect(inputs).toEqual(expect.arrayContaining(['src/cli/main.ts', 'src/cli/jobs/worker.ts', 'src/engine/match.ts', 'sandbox/node.ts']))
  })

  it('finds package.json and the sandbox WebAssembly from any working directory', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'arena-cwd-'))
    try {
      const version = await arena(['--version'], elsewhere)
      expect(version.stdout).toMatch(/^arena \d+\.\d+\.\d+\n$/)
      const match = await arena(['match', 'tit-for-tat', 'alternator', '--turns', '3'], elsewhere)
      expect(match.code).toBe(0)
      expect(match.stdout).toContain('tit-for-tat  CCD')
    } finally {
      rmSync(elsewhere, { recursive: true, force: true })
    }
  })
})

/**
 * Running the real `arena` binary (node bin/arena.mjs) in a child process,
 * as a user would, and the CLI's contract for bad input.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BIN = fileURLToPath(new URL('../../bin/arena.mjs', import.meta.url))

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

export function arena(args: readonly string[], cwd = ROOT): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env }
    delete env.ARENA_DEBUG
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** The contract for bad input: nothing on stdout, exactly one "arena: " line on stderr, no stack trace. */
export function expectOneErrorLine(run: Run, code: number, pattern: RegExp): void {
  expect(run.stdout).toBe('')
  expect(run.stderr).not.toContain('    at ')
  const errLines = run.stderr.split('\n').filter((l) => l !== '')
  expect(errLines).toHaveLength(1)
  expect(errLines[0]).toMatch(/^arena: /)
  expect(errLines[0]).toMatch(pattern)
  expect(run.code).toBe(code)
}

import { printableLines } from '../engine/printable'

/**
 * Where output goes. Commands write through an Io so that the rule "stdout
 * is the result, stderr is diagnostics" lives in one place, and so tests or
 * other hosts could capture it.
 */
export interface Io {
  /** The result (text or JSON). */
  out(text: string): void
  /** Diagnostics: warnings, progress. */
  err(text: string): void
  /** Set when stderr is a terminal: only then is progress shown. */
  progressStream: NodeJS.WriteStream | null
}

export function processIo(): Io {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    progressStream: process.stderr.isTTY ? process.stderr : null,
  }
}

/** Lines as one block of text ending with a newline. */
export function lines(...parts: (string | readonly string[])[]): string {
  return parts.flat().join('\n') + '\n'
}

/**
 * Write a command's result: with --json one JSON document on stdout (the payoff
 * classification added as `classification`, warnings on stderr so stdout stays
 * parseable), otherwise the readable text.
 */
export function writeResult(io: Io, json: boolean, result: object, classification: { kind: string }, warnings: readonly string[], readable: () => string): void {
  if (json) {
    for (const w of warnings) io.err(`arena: warning: ${w}\n`)
    io.out(JSON.stringify({ ...result, classification }) + '\n')
  } else {
    io.out(readableText(readable()))
  }
}

/**
 * Readable output is made printable as it leaves: file names and fault
 * messages come from users, and a control character or a bidi override in
 * them must not reach the terminal raw. (JSON escapes what it needs itself.)
 */
export function readableText(text: string): string {
  return printableLines(text)
}

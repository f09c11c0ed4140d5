/**
 * Where a fault message says an error is. The sandbox starts a message about
 * a place in the source with `line L, column C: ` (sandbox/faults.ts), and
 * the API's 422 for a source that does not load passes that message on.
 */
import type { SourceMark } from '../editor/types'

const AT = /^line (\d+), column (\d+): /

/** The line and column a message names (from 1), or null when it names none. */
export function markOf(message: string): SourceMark | null {
  const m = AT.exec(message)
  return m ? { line: Number(m[1]), column: Number(m[2]), message } : null
}

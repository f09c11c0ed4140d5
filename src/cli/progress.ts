/**
 * A single updating progress line on stderr ("played 123/2325 matches"),
 * only when stderr is a terminal: logs and pipes stay clean, and stdout is
 * never touched, so --json output is unaffected.
 *
 * The tournament loop runs without yielding to the event loop, so this is
 * throttled by the clock rather than by timers; nothing is drawn for runs
 * shorter than `delayMs`, so quick commands print no flicker.
 */
export interface Progress {
  update(done: number, total: number): void
  /** Erase the line (safe to call more than once, and when nothing was drawn). */
  finish(): void
}

const CLEAR_LINE = '\r\u001b[K'

export function progressLine(stream: NodeJS.WriteStream | null, verb = 'played', delayMs = 300, everyMs = 100, noun = 'matches'): Progress {
  if (stream === null) return { update() {}, finish() {} }
  const started = Date.now()
  let last = 0
  let drawn = false
  return {
    update(done, total) {
      const now = Date.now()
      if (now - started < delayMs || (now - last < everyMs && done !== total)) return
      last = now
      drawn = true
      stream.write(`${CLEAR_LINE}${verb} ${done}/${total} ${noun}`)
    },
    finish() {
      if (drawn) stream.write(CLEAR_LINE)
      drawn = false
    },
  }
}

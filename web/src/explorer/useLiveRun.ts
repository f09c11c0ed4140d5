/**
 * Runs a small experiment for the current settings, once they have stopped
 * moving for a moment: a new setting cancels the run in progress (it ends at
 * its next match) and the last result stays on screen, marked as playing,
 * until the new one is in.
 */
import { useEffect, useState } from 'preact/hooks'
import { Cancelled, type Token } from './play'

export interface LiveRun<T> {
  result: T | undefined
  /** The key the result was played for. */
  resultKey: string | undefined
  /** The result before this one (to show what moved). */
  previous: T | undefined
  playing: boolean
  progress: { done: number; total: number } | null
  error: string | null
}

/** Settings stop "moving" after this long: dragging a slider plays once at the end, not at every step. */
export const DEBOUNCE_MS = 300

export function useLiveRun<T>(key: string, run: (token: Token, onProgress: (done: number, total: number) => void) => Promise<T>): LiveRun<T> {
  const [state, setState] = useState<LiveRun<T>>({ result: undefined, resultKey: undefined, previous: undefined, playing: true, progress: null, error: null })
  useEffect(() => {
    // The previous run's clean-up has cancelled it already.
    const mine: Token = { cancelled: false }
    setState((s) => ({ ...s, playing: true, progress: null }))
    const timer = setTimeout(() => {
      if (mine.cancelled) return
      // Progress redraws at most every 50 ms: a re-render per match would cost more than the match.
      let shown = 0
      const onProgress = (done: number, total: number) => {
        const now = performance.now()
        if (mine.cancelled || (now - shown < 50 && done < total)) return
        shown = now
        setState((s) => ({ ...s, progress: { done, total } }))
      }
      run(mine, onProgress).then(
        (result) => {
          if (mine.cancelled) return
          setState((s) => ({ result, resultKey: key, previous: s.result, playing: false, progress: null, error: null }))
        },
        (error: unknown) => {
          if (mine.cancelled || error instanceof Cancelled) return
          setState((s) => ({ ...s, playing: false, progress: null, error: error instanceof Error ? error.message : String(error) }))
        },
      )
    }, DEBOUNCE_MS)
    return () => {
      clearTimeout(timer)
      mine.cancelled = true
    }
    // `run` is rebuilt every render; the key says when the settings it reads have changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  return state
}

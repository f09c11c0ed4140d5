/**
 * The state both replays share: the current round (from 0), kept in the URL
 * hash (permalink.ts), playing at a speed, and the keyboard: arrow keys step
 * (Shift: ten rounds), Space plays or pauses, Home and End jump to the ends.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { hashOfRound, roundFromHash } from './permalink'

export interface Replay {
  /** The current round, from 0. */
  round: number
  /** Rounds in the replay. */
  count: number
  go: (round: number) => void
  playing: boolean
  toggle: () => void
  /** Rounds a second while playing. */
  speed: number
  setSpeed: (speed: number) => void
}

export const SPEEDS = [1, 4, 10, 30, 100, 300, 1000] as const

/** Browsers refuse floods of history writes, and a replay plays up to 1000 rounds a second: at most one write this often. */
const HASH_WRITE_MS = 200

export function useReplay(count: number): Replay {
  const [round, setRound] = useState(() => roundFromHash(location.hash, count) ?? 0)
  const [playing, setPlaying] = useState(false)
  const [speed, setSpeed] = useState(10)
  const current = useRef(round)
  current.current = round

  const go = useCallback((r: number) => setRound(Math.min(count - 1, Math.max(0, Math.round(r)))), [count])

  // A visitor who edits the hash (or follows a #round= link on this page) moves the replay.
  useEffect(() => {
    const read = () => {
      const r = roundFromHash(location.hash, count)
      if (r !== null) setRound(r)
    }
    addEventListener('hashchange', read)
    return () => removeEventListener('hashchange', read)
  }, [count])

  // The hash follows the round: at once when stepping, every HASH_WRITE_MS at most while playing.
  // The first render leaves the address as the visitor gave it.
  const lastWrite = useRef(0)
  const first = useRef(true)
  useEffect(() => {
    if (first.current || count < 1) {
      first.current = false
      return
    }
    const write = () => {
      lastWrite.current = Date.now()
      const hash = hashOfRound(current.current)
      if (location.hash !== hash) history.replaceState(history.state, '', location.pathname + location.search + hash)
    }
    const wait = lastWrite.current + HASH_WRITE_MS - Date.now()
    if (wait <= 0) return write()
    const timer = setTimeout(write, wait)
    return () => clearTimeout(timer)
  }, [round, count])

  const isPlaying = useRef(playing)
  isPlaying.current = playing
  const toggle = useCallback(() => {
    if (isPlaying.current) return setPlaying(false)
    if (count < 2) return
    // Play from the start again once at the end.
    if (current.current >= count - 1) {
      current.current = 0
      setRound(0)
    }
    setPlaying(true)
  }, [count])

  // Playing: as many rounds as the elapsed time and the speed say, each animation frame.
  useEffect(() => {
    if (!playing) return
    let last = performance.now()
    let carry = 0
    let frame = 0
    const tick = (now: number) => {
      carry += ((now - last) * speed) / 1000
      last = now
      const steps = Math.floor(carry)
      if (steps > 0) {
        carry -= steps
        const next = Math.min(count - 1, current.current + steps)
        current.current = next
        setRound(next)
        if (next >= count - 1) return setPlaying(false)
      }
      frame = requestAnimationFrame(tick)
    }
    frame = requestAnimationFrame(tick)
    return () => cancelAnimationFrame(frame)
  }, [playing, speed, count])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return
      const t = e.target as HTMLElement | null
      // Fields keep their own keys (the round slider steps with arrows by itself).
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return
      const step = e.shiftKey ? 10 : 1
      if (e.key === 'ArrowRight') go(current.current + step)
      else if (e.key === 'ArrowLeft') go(current.current - step)
      else if (e.key === 'Home') go(0)
      else if (e.key === 'End') go(count - 1)
      else if (e.key === ' ' && !(t && /^(BUTTON|A|SUMMARY)$/.test(t.tagName))) toggle()
      else return
      // A button or link keeps Space for itself (that is how it is pressed); the keys above would scroll the page.
      e.preventDefault()
    }
    addEventListener('keydown', onKey)
    return () => removeEventListener('keydown', onKey)
  }, [go, toggle, count])

  return { round, count, go, playing, toggle, speed, setSpeed }
}

/**
 * The round for what is dear to draw again (the charts: thousands of
 * points): the current round when stepping, but while playing at most
 * every `ms`, so a fast replay does not redraw them every frame.
 */
export function useCalmRound(replay: Replay, ms = 150): number {
  const { round, playing } = replay
  const [calm, setCalm] = useState(round)
  const last = useRef(0)
  useEffect(() => {
    if (!playing) return
    const update = () => {
      last.current = Date.now()
      setCalm(round)
    }
    const wait = last.current + ms - Date.now()
    if (wait <= 0) return update()
    const timer = setTimeout(update, wait)
    return () => clearTimeout(timer)
  }, [round, playing, ms])
  return playing ? calm : round
}

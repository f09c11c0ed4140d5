/**
 * The replay's controls, shared by the match and the commons group pages:
 * first / back / play-pause / forward / last, the speed, a round slider, a
 * typed round to jump to, and a copy of the permalink. Rounds are shown
 * from 1 (permalink.ts); the keyboard is useReplay's.
 */
import { useState } from 'preact/hooks'
import { SPEEDS, type Replay } from './useReplay'
import { urlOfRound } from './permalink'

export function ReplayControls({ replay }: { replay: Replay }) {
  const { round, count, go, playing, toggle, speed, setSpeed } = replay
  const atStart = round <= 0
  const atEnd = round >= count - 1
  return (
    <div class="replay-controls" role="group" aria-label="Replay controls">
      <div class="replay-buttons">
        <button type="button" class="secondary" onClick={() => go(0)} disabled={atStart} aria-label="First round" title="First round (Home)">
          <Icon d="M3 2h2v12H3zM14 2v12L6 8z" />
        </button>
        <button type="button" class="secondary" onClick={() => go(round - 1)} disabled={atStart} aria-label="Previous round" title="Previous round (←)">
          <Icon d="M12 2v12L4 8z" />
        </button>
        <button type="button" class="play" onClick={toggle} disabled={count < 2} aria-label={playing ? 'Pause' : 'Play'} title={playing ? 'Pause (Space)' : 'Play (Space)'}>
          {playing ? <Icon d="M3 2h4v12H3zM9 2h4v12H9z" /> : <Icon d="M4 2v12l10-6z" />}
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" class="secondary" onClick={() => go(round + 1)} disabled={atEnd} aria-label="Next round" title="Next round (→)">
          <Icon d="M4 2v12l8-6z" />
        </button>
        <button type="button" class="secondary" onClick={() => go(count - 1)} disabled={atEnd} aria-label="Last round" title="Last round (End)">
          <Icon d="M11 2h2v12h-2zM2 2v12l8-6z" />
        </button>
        <span class="replay-position num" aria-live={playing ? 'off' : 'polite'}>
          Round <strong>{round + 1}</strong> of {count}
        </span>
      </div>
      <label class="replay-slider">
        <span class="visually-hidden">Round</span>
        <input type="range" min={1} max={Math.max(1, count)} value={round + 1} aria-valuetext={`round ${round + 1} of ${count}`} onInput={(e) => go(Number(e.currentTarget.value) - 1)} />
      </label>
      <div class="replay-options">
        <label class="inline">
          Speed
          <select value={speed} onChange={(e) => setSpeed(Number(e.currentTarget.value))}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s} {s === 1 ? 'round' : 'rounds'}/s
              </option>
            ))}
          </select>
        </label>
        <JumpTo count={count} go={go} />
        <CopyLink round={round} />
      </div>
      <p class="muted replay-keys">Keys: ← → step (Shift: 10 rounds), Space plays or pauses, Home and End jump to the ends.</p>
    </div>
  )
}

/** A 16 x 16 glyph drawn in the button's text colour (fonts lack some media symbols). */
function Icon({ d }: { d: string }) {
  return (
    <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={d} fill="currentColor" />
    </svg>
  )
}

function JumpTo({ count, go }: { count: number; go: (round: number) => void }) {
  const [text, setText] = useState('')
  const [problem, setProblem] = useState('')
  const submit = (e: Event) => {
    e.preventDefault()
    const n = Number(text)
    if (!Number.isInteger(n) || n < 1 || n > count) return setProblem(`a round from 1 to ${count}`)
    setProblem('')
    go(n - 1)
  }
  return (
    <form class="replay-jump" onSubmit={submit} noValidate>
      <label class="inline">
        Go to round
        <input type="number" inputMode="numeric" min={1} max={count} value={text} onInput={(e) => setText(e.currentTarget.value)} aria-invalid={problem ? 'true' : undefined} aria-describedby={problem ? 'jump-problem' : undefined} />
      </label>
      <button type="submit" class="secondary">
        Go
      </button>
      {problem && (
        <span id="jump-problem" class="field-error" role="alert">
          Give {problem}.
        </span>
      )}
    </form>
  )
}

/** Copies the permalink of the current round; where the clipboard is refused, shows the link to copy by hand. */
function CopyLink({ round }: { round: number }) {
  const [state, setState] = useState<{ ok: boolean; url: string } | null>(null)
  const copy = async () => {
    const url = urlOfRound(round)
    try {
      await navigator.clipboard.writeText(url)
      setState({ ok: true, url })
    } catch {
      setState({ ok: false, url })
    }
  }
  return (
    <span class="replay-copy">
      <button type="button" class="secondary" onClick={copy}>
        Copy link to round {round + 1}
      </button>
      <span role="status" class="muted">
        {state?.ok && 'Link copied.'}
      </span>
      {state && !state.ok && (
        <label class="inline">
          Copy this link:
          <input type="text" readOnly value={state.url} onFocus={(e) => e.currentTarget.select()} size={40} />
        </label>
      )}
    </span>
  )
}

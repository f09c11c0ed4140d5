/**
 * The "Try it" panel: which classics to play, a button, progress while the
 * matches play in this browser, and per opponent the scores, the first
 * rounds as C/D strips and the draft's faults. A draft that does not load
 * is reported to the page, which shows the error at its line in the editor.
 */
import { useState } from 'preact/hooks'
import type { Fault } from '../../../src/engine/types'
import { ErrorNote } from '../ui/load'
import { MoveStrip, ScoreBars } from './MoveStrip'
import type { ClassicInfo } from './templates'
import { DEFAULT_OPPONENTS, STRIP_ROUNDS, TRY_SEED } from './try-rules'
import { tryDraft, type TryProgress, type TryResult } from './play-draft'
import { markOf } from './where'

interface Props {
  source: string
  name: string
  classics: ClassicInfo[] | undefined
  /** The set-up fault of the latest try (null when the draft loaded). */
  onSetupFault: (fault: Fault | null) => void
  goTo: (line: number, column: number) => void
}

export function TryIt({ source, name, classics, onSetupFault, goTo }: Props) {
  const [chosen, setChosen] = useState<readonly string[]>(DEFAULT_OPPONENTS)
  const [progress, setProgress] = useState<TryProgress | 'loading' | null>(null)
  const [results, setResults] = useState<{ source: string; list: TryResult[]; failed: boolean } | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const running = progress !== null

  const run = async () => {
    setError(null)
    setProgress('loading')
    try {
      const outcome = await tryDraft(source, name, chosen, setProgress)
      onSetupFault(outcome.setupFault)
      setResults({ source, list: outcome.results, failed: outcome.setupFault !== null })
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)))
    } finally {
      setProgress(null)
    }
  }

  const toggle = (id: string, on: boolean) => setChosen((list) => (on ? [...list, id] : list.filter((x) => x !== id)))
  const nameOf = (id: string) => classics?.find((c) => c.id === id)?.name ?? id

  return (
    <section class="try card" aria-labelledby="try-title">
      <h2 id="try-title">Try it</h2>
      <p class="muted">
        Plays your draft against classics here in your browser, in the same sandbox the arena uses: 200 rounds, payoffs R=3 S=0 T=5 P=1, no noise, seed {TRY_SEED}.
        Nothing is sent to the server.
      </p>
      <details class="try-opponents">
        <summary>
          Opponents ({chosen.length}): {chosen.map(nameOf).join(', ') || 'none chosen'}
        </summary>
        <fieldset>
          <legend>Play against</legend>
          <div class="try-choices">
            {(classics ?? DEFAULT_OPPONENTS.map((id) => ({ id, name: id, description: '' }))).map((c) => (
              <label key={c.id} class="check" title={c.description}>
                <input type="checkbox" checked={chosen.includes(c.id)} onChange={(e) => toggle(c.id, e.currentTarget.checked)} />
                {c.name}
              </label>
            ))}
          </div>
          <div class="row">
            <button type="button" class="secondary" onClick={() => setChosen(DEFAULT_OPPONENTS)}>
              The usual six
            </button>
            <button type="button" class="secondary" onClick={() => setChosen(classics?.map((c) => c.id) ?? DEFAULT_OPPONENTS)}>
              All {classics?.length ?? ''}
            </button>
          </div>
        </fieldset>
      </details>
      <div class="row">
        <button type="button" onClick={run} disabled={running || chosen.length === 0 || source.trim() === ''}>
          {running ? 'Playing…' : 'Try it'}
        </button>
        {chosen.length === 0 && <span class="muted">Choose at least one opponent.</span>}
      </div>
      <div role="status" aria-live="polite" class="try-progress">
        {progress === 'loading' && 'Loading the sandbox…'}
        {progress !== null && progress !== 'loading' && progress.playing && (
          <>
            <progress max={progress.total} value={progress.done} /> Playing {progress.playing} ({progress.done + 1} of {progress.total})…
          </>
        )}
      </div>
      <ErrorNote error={error} />
      {results && <Results results={results.list} failed={results.failed} stale={results.source !== source} goTo={goTo} />}
    </section>
  )
}

function Results({ results, failed, stale, goTo }: { results: TryResult[]; failed: boolean; stale: boolean; goTo: Props['goTo'] }) {
  if (failed) return <p class="error">Your draft does not load, so it plays D in every round: see the error under the editor.</p>
  if (results.length === 0) return null
  const max = Math.max(...results.flatMap((r) => r.scores))
  const total = results.reduce((sum, r) => sum + r.scores[0], 0)
  const rounds = results.reduce((sum, r) => sum + r.turns, 0)
  return (
    <div class="try-results">
      {stale && <p class="muted">You have edited the draft since these results: try it again to see the change.</p>}
      <p>
        Your total: <strong class="num">{total}</strong> over {results.length} {results.length === 1 ? 'match' : 'matches'} ({(total / rounds).toFixed(2)} a round; mutual
        cooperation earns 3).
      </p>
      <p class="muted legend">
        <span class="swatch cell-c" /> C cooperate <span class="swatch cell-d" /> D defect · strips show rounds 1 to {STRIP_ROUNDS}
      </p>
      <ol class="try-list">
        {results.map((r) => (
          <li key={r.opponent.id} class="try-result" data-opponent={r.opponent.id}>
            <h3>
              vs <a href={`/strategies/${r.opponent.id}`}>{r.opponent.name}</a>
            </h3>
            <p class="try-score">
              <span class="you">
                you <strong class="num">{r.scores[0]}</strong>
              </span>{' '}
              –{' '}
              <span class="them">
                them <strong class="num">{r.scores[1]}</strong>
              </span>{' '}
              <span class="muted">{verdict(r.scores)}</span>
            </p>
            <ScoreBars scores={r.scores} max={max} />
            <MoveStrip who="You" moves={r.moves[0]} />
            <MoveStrip who="Them" moves={r.moves[1]} />
            <Faults result={r} goTo={goTo} />
          </li>
        ))}
      </ol>
    </div>
  )
}

function verdict([a, b]: [number, number]): string {
  return a === b ? 'tie' : a > b ? `won by ${a - b}` : `lost by ${b - a}`
}

function Faults({ result, goTo }: { result: TryResult; goTo: Props['goTo'] }) {
  if (result.faultCount === 0) return <p class="muted try-faults">No faults.</p>
  return (
    <div class="try-faults">
      <p class="error">
        {result.faultCount} {result.faultCount === 1 ? 'fault' : 'faults'} (each counts as D):
      </p>
      <ul>
        {result.faults.slice(0, 3).map((f, i) => {
          const mark = markOf(f.message)
          return (
            <li key={i}>
              round {f.round + 1}: {f.message}{' '}
              {mark && (
                <button type="button" class="link" onClick={() => goTo(mark.line, mark.column)}>
                  Go to line {mark.line}
                </button>
              )}
            </li>
          )
        })}
      </ul>
    </div>
  )
}

/**
 * Verify in the browser: when both strategy versions' sources can be read
 * (public, or yours), the page plays the match again with the platform's
 * own QuickJS build and engine (web/src/lib/sandbox.ts, loaded only when
 * asked) and compares the result with the recorded replay move for move,
 * exactly as POST /api/matches/:id/verify does on the server
 * (src/api/matches.ts): the same sources, names, rules, seed and frozen
 * opponent views, the same comparison (checkReplay).
 */
import { useState } from 'preact/hooks'
import { api, ApiProblem, ok } from '../api'
import { ErrorNote, Spinner, useLoad } from '../ui/load'
import type { ReplayCheck } from '../../../src/engine/replay-check'
import type { MatchReplay, MatchSide } from './types'

type Outcome = { check: ReplayCheck; replayed: [string, string]; loadMs: number; playMs: number }

async function sourceOf(side: MatchSide): Promise<string> {
  const v = await ok(api.api.strategies[':id'].versions[':version'].$get({ param: { id: side.strategyId, version: String(side.version) } }))
  return v.source
}

export function Verify({ match }: { match: MatchReplay }) {
  const sources = useLoad(() => Promise.all([sourceOf(match.a), sourceOf(match.b)]), [match.id])
  const [running, setRunning] = useState(false)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [failure, setFailure] = useState<Error | null>(null)

  const verify = async ([sourceA, sourceB]: [string, string]) => {
    setRunning(true)
    setOutcome(null)
    setFailure(null)
    try {
      const t0 = performance.now()
      const sb = await import('../lib/sandbox')
      const runner = await sb.browserRunner()
      const t1 = performance.now()
      try {
        const result = await sb.playMatch(
          runner,
          { id: match.a.strategyId, name: match.a.name, source: sourceA },
          { id: match.b.strategyId, name: match.b.name, source: sourceB },
          { rules: match.rules, seed: match.seed, opponents: [match.a.opponentView, match.b.opponentView] },
        )
        const check = sb.checkReplay(result, {
          moves: [match.a.moves, match.b.moves],
          scores: [match.a.score, match.b.score],
          flips: match.flips,
          fined: match.fined,
          announcements: match.announcements,
          faults: match.faults,
        })
        setOutcome({ check, replayed: result.moves, loadMs: t1 - t0, playMs: performance.now() - t1 })
      } finally {
        runner.dispose()
      }
    } catch (e) {
      setFailure(e instanceof Error ? e : new Error(String(e)))
    } finally {
      setRunning(false)
    }
  }

  let body
  if (match.infraError) body = <p class="muted">This match was never played (an infrastructure error), so there is nothing to verify.</p>
  else if (sources.error) body = <SourcesUnavailable id={match.id} error={sources.error} />
  else if (!sources.data) body = <Spinner label="Looking for both strategies' sources…" />
  else {
    const data = sources.data
    body = (
      <>
        <p>
          Plays this match again here, in your browser, with the platform's own sandbox (QuickJS in WebAssembly, loaded now) and the same seed, then compares it with the
          recorded replay.
        </p>
        <button type="button" onClick={() => verify(data)} disabled={running}>
          {running ? 'Playing it again…' : 'Verify in the browser'}
        </button>
        <div role="status" aria-live="polite" class="verify-result">
          {outcome && <VerifyOutcome match={match} outcome={outcome} />}
        </div>
        {failure && <ErrorNote error={failure} />}
      </>
    )
  }
  return (
    <section class="card verify" aria-labelledby="verify-heading">
      <h2 id="verify-heading">Verify in the browser</h2>
      {body}
    </section>
  )
}

/** A source that is not public cannot be played here; the server can play it again (POST /api/matches/:id/verify). */
function SourcesUnavailable({ id, error }: { id: string; error: ApiProblem }) {
  const [state, setState] = useState<{ busy: boolean; identical?: boolean; error?: ApiProblem }>({ busy: false })
  if (error.status !== 403) return <ErrorNote error={error} />
  const onServer = async () => {
    setState({ busy: true })
    try {
      const r = await ok(api.api.matches[':id'].verify.$post({ param: { id } }))
      setState({ busy: false, identical: r.identical })
    } catch (e) {
      setState({ busy: false, error: e instanceof ApiProblem ? e : new ApiProblem(0, 'client', String(e)) })
    }
  }
  return (
    <>
      <p>
        A source is not public, so this match cannot be verified here. <code>POST /api/matches/{id}/verify</code> plays it again on the server.
      </p>
      <button type="button" class="secondary" onClick={onServer} disabled={state.busy}>
        {state.busy ? 'Playing it again on the server…' : 'Verify on the server'}
      </button>
      <div role="status" aria-live="polite">
        {state.identical === true && <p class="ok">✓ The server played it again: identical.</p>}
        {state.identical === false && <p class="error">✗ The server played it again: not the recorded match.</p>}
      </div>
      <ErrorNote error={state.error} />
    </>
  )
}

function VerifyOutcome({ match, outcome }: { match: MatchReplay; outcome: Outcome }) {
  const { check, replayed, loadMs, playMs } = outcome
  const timing = `Played ${replayed[0].length} rounds in ${Math.round(playMs)} ms (the sandbox loaded in ${Math.round(loadMs)} ms).`
  if (check.identical) {
    return (
      <p class="ok verify-identical">
        ✓ Identical move for move, with the same scores, noise, fines, announcements and faults. <span class="muted">{timing}</span>
      </p>
    )
  }
  const d = check.difference!
  let what: string
  if (d.what === 'moves' && d.round !== null) {
    const sides = [match.a.moves, match.b.moves]
      .map((rec, s) => (rec[d.round!] !== replayed[s]![d.round!] ? `${s === 0 ? 'A' : 'B'} was recorded as ${rec[d.round!] ?? 'nothing'}, played ${replayed[s]![d.round!] ?? 'nothing'}` : null))
      .filter(Boolean)
    what = `The moves first differ at round ${d.round + 1}: ${sides.join('; ')}.`
  } else {
    what = `The moves are the same, but the ${d.what} differ.`
  }
  return (
    <p class="error verify-different">
      ✗ Not the recorded match. {what} <span class="muted">{timing}</span>
    </p>
  )
}

/**
 * The dilemma explorer: change the game and watch the outcome change. The
 * sliders set the payoffs and the mechanisms; the engine's dilemma test
 * (run here, in the page) gives the effective matrix and the verdict at
 * once, and a small tournament of built-ins, played in the page's sandbox,
 * shows who wins and how much they cooperate. The settings live in the URL,
 * so every setting and every preset of the essay is a link.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso/router'
import { dilemmaTest } from '../../../src/engine/dilemma-test'
import { CommonsExperiment } from '../explorer/CommonsExperiment'
import { Controls } from '../explorer/Controls'
import { DilemmaExperiment } from '../explorer/DilemmaExperiment'
import { LatestExperiments } from '../explorer/LatestExperiments'
import { EffectiveMatrix } from '../explorer/Matrix'
import { Presets } from '../explorer/Presets'
import { dilemmaRules, parseQuery, sameState, toUrl, type ExplorerState } from '../explorer/state'
import { DEBOUNCE_MS } from '../explorer/useLiveRun'
import { Verdict } from '../explorer/Verdict'

/** The settings, kept in step with the address bar both ways (a preset link changes them; moving a slider rewrites the URL in place). */
function useUrlState(): [ExplorerState, (change: Partial<ExplorerState>) => void] {
  const location = useLocation()
  const [state, setState] = useState(() => parseQuery(location.query))
  const written = useRef(location.url)
  useEffect(() => {
    if (location.url === written.current) return
    written.current = location.url
    setState(parseQuery(location.query))
  }, [location.url])
  const url = toUrl(state)
  useEffect(() => {
    // A URL that already says the same (a preset link) is kept as it is.
    if (sameState(parseQuery(location.query), state)) return
    const timer = setTimeout(() => {
      written.current = url
      location.route(url, true)
    }, DEBOUNCE_MS)
    return () => clearTimeout(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url])
  return [state, (change) => setState((s) => ({ ...s, ...change }))]
}

export default function Explorer() {
  const [state, set] = useUrlState()
  const rules = useMemo(() => dilemmaRules(state), [toUrl(state)])
  const test = useMemo(() => dilemmaTest({ payoffs: rules.payoffs, referee: rules.referee, align: rules.align, turns: rules.turns ?? null, continuation: rules.continuation ?? null }), [rules])
  useEffect(() => {
    document.title = 'Dilemma explorer · Dilemma Arena'
  }, [])
  return (
    <div class="explorer">
      <h1>The dilemma explorer</h1>
      <div class="intro">
        <p>
          In a prisoner's dilemma each player earns more by defecting whatever the other does, so two sensible players both defect and both end up worse off than if they had cooperated. Asking them to be nicer does not change that.
          Changing the game does: a referee who fines defections, rewards that depend on the pair's total, or simply the prospect of meeting again can make cooperation the better move for each player on their own account.
        </p>
        <p>
          Move the sliders. The <strong>effective matrix</strong> is what each move pays in one round once the mechanisms have done their work, the <strong>verdict</strong> is the dilemma test's answer, and below, nine built-in
          strategies <strong>play the game</strong> in this page: watch who wins, and how much they cooperate, as the fine goes up.
        </p>
      </div>

      <div class="explorer-grid">
        <Controls state={state} set={set} />
        <div class="explorer-outcome">
          <section class="card" aria-labelledby="matrix-title">
            <h2 id="matrix-title">Effective matrix</h2>
            <EffectiveMatrix payoffs={state.payoffs} effective={test.effective.payoffs} />
          </section>
          <div class="card">
            <Verdict test={test} />
          </div>
        </div>
      </div>

      <DilemmaExperiment rules={rules} optimum={test.effective.payoffs.R} />
      <Presets state={state} />
      <CommonsExperiment quota={state.quota} onQuota={(quota) => set({ quota })} />
      <LatestExperiments />
    </div>
  )
}

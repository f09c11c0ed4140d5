/**
 * The small experiment under the sliders: a round robin of nine built-ins
 * under the rules as set, played in the page and played again whenever the
 * rules change.
 */
import type { RulesInput } from '../../../src/engine/rules'
import { Ranking } from './Ranking'
import { DILEMMA_FIELD, playDilemma } from './play'
import { PlayingNote } from './PlayingNote'
import { useLiveRun } from './useLiveRun'

export function DilemmaExperiment({ rules, optimum }: { rules: RulesInput; optimum: number }) {
  const key = JSON.stringify(rules)
  const run = useLiveRun(key, (token, onProgress) => playDilemma(rules, token, onProgress))
  const length = rules.turns != null ? `${rules.turns} round${rules.turns === 1 ? '' : 's'}` : `a continuation probability of ${rules.continuation} (about ${Math.round(1 / (1 - (rules.continuation ?? 0)))} rounds)`
  return (
    <section class="card live-experiment" aria-labelledby="dilemma-experiment-title" aria-busy={run.playing}>
      <h2 id="dilemma-experiment-title">The game, played</h2>
      <p class="muted">
        {DILEMMA_FIELD.length} built-in strategies, each against each (and itself) once, {length} a match, seed 1, in this page with the platform's sandbox. Best Response and Dilemma Tester read the rules; the classics never do, so a fine changes their scores, not their minds.
      </p>
      <PlayingNote playing={run.playing} progress={run.progress} unit="matches" error={run.error} />
      {run.result && (
        <div class={run.playing ? 'stale' : undefined} data-played={run.resultKey}>
          <Ranking result={run.result} previous={run.previous} optimum={optimum} />
        </div>
      )}
    </section>
  )
}

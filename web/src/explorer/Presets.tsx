/**
 * The essay's experiments (src/engine/presets.ts): a link per rule set sets
 * the sliders to it, so "before" and "after" are one click apart. The one
 * the sliders show now is marked.
 */
import { EXPERIMENT_PRESETS } from '../../../src/engine/presets'
import { presetRuleSets, presetUrl, sameState, type ExplorerState } from './state'

export function Presets({ state }: { state: ExplorerState }) {
  return (
    <section aria-labelledby="presets-title">
      <h2 id="presets-title">The essay's experiments</h2>
      <p class="muted">Each sets the sliders to one of its rule sets. The same experiments run on the platform with every repetition: <code>arena experiment --preset NAME</code>, or <code>POST /api/experiments</code>.</p>
      <ul class="presets">
        {EXPERIMENT_PRESETS.map((preset) => (
          <li key={preset.name} class="preset" data-preset={preset.name}>
            <strong>{preset.title}</strong>
            <span class="preset-links">
              {preset.spec.ruleSets.map((spec) => {
                const r = presetRuleSets(preset).find((x) => x.name === spec.name)
                if (!r) {
                  return (
                    <span key={spec.name} class="preset-link unavailable" title="This rule set changes something the explorer has no slider for; the platform's experiment plays it.">
                      {spec.name}
                    </span>
                  )
                }
                const current = sameState(r.state, state)
                return (
                  <a key={r.name} href={presetUrl(preset.name, r.name)} class={`preset-link${current ? ' current' : ''}`} aria-current={current ? 'true' : undefined}>
                    {r.name}
                  </a>
                )
              })}
            </span>
            <span class="muted small">{preset.expected}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}

/**
 * The experiment's answer: the same field under each rule set, side by
 * side. Charts first (cooperation and welfare, payoff against the optimum,
 * the commons' stock over time), then the numbers as a table with one
 * column per rule set.
 */
import type { ComponentChildren } from 'preact'
import { LineChart } from '../charts/LineChart'
import type { ExperimentResult } from '../../../src/engine/experiment'
import { fixed, percent } from '../ui/format'
import { GroupedBars } from './GroupedBars'
import { rulesInWords } from './rules-words'

const VERDICTS: Record<string, string> = {
  'real-dilemma': 'a real dilemma',
  'dilemma-with-future': 'a dilemma with a future',
  'not-a-dilemma': 'not a dilemma',
}

export function SideBySide({ result, runIds }: { result: ExperimentResult; runIds: readonly (string | null)[] }) {
  const sets = result.ruleSets
  const names = sets.map((s) => s.name)
  const commons = sets[0]?.game === 'commons'
  return (
    <section aria-labelledby="side-title">
      <h2 id="side-title">Side by side</h2>
      <div class="experiment-charts">
        <div class="card">
          <h3>Cooperation and welfare</h3>
          <GroupedBars
            title="Cooperation and welfare per rule set"
            groups={names}
            yMax={1}
            measures={[
              { name: commons ? 'restrained requests' : 'cooperation', color: 'var(--coop)', values: sets.map((s) => s.cooperation), format: (v) => percent(v) },
              { name: 'welfare (share of the optimum)', color: 'var(--accent)', values: sets.map((s) => s.welfare), format: (v) => percent(v) },
            ]}
          />
        </div>
        <div class="card">
          <h3>Payoff per player and round</h3>
          <GroupedBars
            title="Mean payoff per player and round, and the cooperative optimum, per rule set"
            groups={names}
            measures={[
              { name: 'mean payoff', color: '#e9a23b', values: sets.map((s) => s.meanPayoff), format: (v) => fixed(v) },
              { name: commons ? 'optimum (the sustainable share)' : 'optimum (mutual cooperation)', color: 'var(--muted)', values: sets.map((s) => s.optimum), format: (v) => fixed(v) },
            ]}
          />
        </div>
        {commons && (
          <div class="card">
            <h3>The stock over time</h3>
            <LineChart
              title="Mean stock at the start of each round, per rule set"
              series={sets.map((s) => ({ name: s.name, values: s.game === 'commons' ? s.stock : [] }))}
              xLabel="round"
              yLabel="stock"
              yMin={0}
              height={220}
            />
          </div>
        )}
      </div>
      <div class="scroll-x">
        <table class="side-by-side">
          <caption>Every rule set played the same field with the same seed ({result.seed}) and {result.repetitions} repetitions</caption>
          <thead>
            <tr>
              <td />
              {sets.map((s, k) => (
                <th key={s.name} scope="col" data-rule-set={s.name}>
                  {runIds[k] ? <a href={`/runs/${encodeURIComponent(runIds[k]!)}`}>{s.name}</a> : s.name}
                  <span class="rules-words">{rulesInWords(s).join('; ')}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <Row label="Verdict" cells={sets.map((s) => <span data-verdict={s.verdict.code}>{VERDICTS[s.verdict.code] ?? s.verdict.code}</span>)} />
            <Row label="Winner" cells={sets.map((s) => <a href={`/strategies/${encodeURIComponent(s.winner.id)}`} data-winner={s.winner.id}>{s.winner.name}</a>)} />
            <Row label={commons ? 'Restrained requests' : 'Cooperation'} numeric cells={sets.map((s) => <span data-cooperation={s.cooperation}>{percent(s.cooperation, 1)}</span>)} />
            <Row label="Welfare" numeric cells={sets.map((s) => <span data-welfare={s.welfare ?? ''}>{percent(s.welfare, 1)}</span>)} />
            <Row label="Mean payoff a round" numeric cells={sets.map((s) => <span data-mean-payoff={s.meanPayoff}>{fixed(s.meanPayoff)}</span>)} />
            <Row label="Optimum a round" numeric cells={sets.map((s) => fixed(s.optimum))} />
            {commons ? (
              <>
                <Row label="Final stock" numeric cells={sets.map((s) => fixed(s.finalStock, 0))} />
                <Row label="Groups that collapsed" numeric cells={sets.map((s) => (s.game === 'commons' ? percent(s.collapsed) : '–'))} />
              </>
            ) : (
              <Row label="Left in the ecology" cells={sets.map((s) => (s.game === 'dilemma' ? s.ecology.shares.filter((x) => s.ecology.survivors.includes(x.id)).map((x) => `${x.name} ${percent(x.share)}`).join(', ') : '–'))} />
            )}
          </tbody>
        </table>
      </div>
      <h3>What the dilemma test says</h3>
      <dl class="verdicts">
        {sets.map((s) => (
          <div key={s.name}>
            <dt>{s.name}</dt>
            <dd>{s.verdict.text}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}

function Row({ label, cells, numeric }: { label: string; cells: ComponentChildren[]; numeric?: boolean }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      {cells.map((c, k) => (
        <td key={k} class={numeric ? 'num' : undefined}>
          {c}
        </td>
      ))}
    </tr>
  )
}

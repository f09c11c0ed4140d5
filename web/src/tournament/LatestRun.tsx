/**
 * What the latest finished run shows: its standings, who scored what
 * against whom (the dilemma) or the stock over time (the commons), the
 * cooperation rates, and the ecological population chart.
 */
import { useMemo } from 'preact/hooks'
import { Heatmap } from '../charts/Heatmap'
import { LineChart } from '../charts/LineChart'
import { dateTime, fixed, percent } from '../ui/format'
import { CooperationBars } from './CooperationBars'
import { EcologyChart } from './EcologyChart'
import { Standings } from './Standings'
import { isCommonsRun, type CommonsRunView, type DilemmaRunView, type FinishedRun } from './types'

export function LatestRun({ run }: { run: FinishedRun }) {
  return (
    <>
      <section class="card" aria-labelledby="standings-h">
        <h2 id="standings-h">Standings of the latest run</h2>
        <p class="latest-run">
          <a href={`/runs/${run.id}`}>Run {run.id}</a>, finished {dateTime(run.finishedAt)}: {run.standings.length} strategies
          {run.repetitions ? `, ${run.repetitions} repetitions` : ''}.
        </p>
        <Standings run={run} />
      </section>
      {isCommonsRun(run) ? <CommonsParts run={run} /> : <DilemmaParts run={run} />}
    </>
  )
}

function DilemmaParts({ run }: { run: DilemmaRunView }) {
  // The matrices are in run order (players); the page shows them in rank order.
  const order = useMemo(() => {
    const index = new Map(run.players.map((p, i) => [p.strategyId, i]))
    return run.standings.map((s) => index.get(s.strategyId)!)
  }, [run])
  const values = useMemo(() => order.map((i) => order.map((j) => run.payoffMatrix[i]![j]!)), [order, run])
  const labels = run.standings.map((s) => s.name)
  return (
    <>
      <section class="card" aria-labelledby="heatmap-h">
        <h2 id="heatmap-h">Who scored what against whom</h2>
        <p class="muted">
          Each row is a strategy's mean score per round against the column's strategy, both in rank order (1 is the winner). Deep cells are high scores: a nice strategy's row is deep against other nice ones.
        </p>
        <Heatmap
          labels={labels}
          values={values}
          title="Mean score per round of each row strategy against each column strategy"
          unit="points per round"
          readoutExtra={(r, c) => (
            <span class="heatmap-extra">
              {' '}
              ({run.standings[c]!.name} scored {fixed(values[c]![r]!)} against it.) <a href={`/strategies/${run.standings[r]!.strategyId}`}>{run.standings[r]!.name}</a> ·{' '}
              <a href={`/strategies/${run.standings[c]!.strategyId}`}>{run.standings[c]!.name}</a> · <a href={`/runs/${run.id}`}>the run's matches</a>
            </span>
          )}
        />
      </section>
      <section class="card" aria-labelledby="coop-h">
        <h2 id="coop-h">Cooperation rates</h2>
        <p class="muted">The share of its moves that were C, over all its matches, in rank order.</p>
        <CooperationBars rows={run.standings.map((s) => ({ rank: s.rank, strategyId: s.strategyId, name: s.name, rate: s.cooperationRate }))} what="Cooperation rate of each strategy" />
      </section>
      <section class="card" aria-labelledby="ecology-h">
        <h2 id="ecology-h">Which strategies take over</h2>
        {run.ecology ? <EcologyChart shares={run.ecology.shares} players={run.players} stable={run.ecology.stable} /> : <p class="muted">No ecological analysis for this run.</p>}
      </section>
    </>
  )
}

function CommonsParts({ run }: { run: CommonsRunView }) {
  return (
    <>
      <section class="card" aria-labelledby="stock-h">
        <h2 id="stock-h">The stock over time</h2>
        <p>
          Groups of {run.group} kept {percent(run.welfare)} of what restraint would have earned; {percent(run.collapsed)} of the groups collapsed, and the stock ended at {fixed(run.finalStock, 0)} on average. Players restrained
          themselves in {percent(run.cooperation)} of their requests (at most {fixed(run.sustainableShare)} each).
        </p>
        <LineChart series={[{ name: 'mean stock', values: run.stock }]} title="Mean stock at the start of each round over the groups" xLabel="round" yLabel="stock" yMin={0} />
        <p class="muted">
          Commons groups have more than two players, so there is no who-against-whom matrix: each group is on <a href={`/runs/${run.id}`}>the run's page</a>.
        </p>
      </section>
      <section class="card" aria-labelledby="coop-h">
        <h2 id="coop-h">Restraint rates</h2>
        <p class="muted">The share of its requests at or below the sustainable share, in rank order.</p>
        <CooperationBars rows={run.standings.map((s) => ({ rank: s.rank, strategyId: s.strategyId, name: s.name, rate: s.cooperation }))} what="Restraint rate of each strategy" />
      </section>
    </>
  )
}

/**
 * Each strategy's rank over the finished runs (oldest to newest): a bump
 * chart of the latest run's top ten, and the same numbers in a table.
 */
import { BumpChart, type BumpSeries } from '../charts/BumpChart'
import type { HistoryRun } from './data'

const TOP = 10

/** Short labels for runs: the time when they all fall on one day, else the date and time. */
function runLabels(runs: readonly HistoryRun[]): string[] {
  const days = new Set(runs.map((r) => r.createdAt.slice(0, 10)))
  return runs.map((r) => (days.size === 1 ? r.createdAt.slice(11, 16) : `${r.createdAt.slice(5, 10)} ${r.createdAt.slice(11, 16)}`))
}

export function RankHistory({ history }: { history: readonly HistoryRun[] }) {
  const runs = [...history].reverse()
  const latest = runs[runs.length - 1]
  if (!latest) return <p class="muted">Ranks over the runs appear once a run has finished.</p>
  const labels = runLabels(runs)
  const top = latest.standings.slice(0, TOP)
  const series: BumpSeries[] = top.map((s) => ({
    name: s.name,
    ranks: runs.map((r) => r.standings.find((x) => x.strategyId === s.strategyId)?.rank ?? null),
  }))
  return (
    <>
      {runs.length === 1 && <p class="muted">One finished run so far: the lines grow as the tournament plays again.</p>}
      <BumpChart series={series} runLabels={labels} title={`Rank of the latest run's top ${top.length} over the last ${runs.length} finished runs (rank 1 at the top)`} />
      <div class="scroll-x">
        <table class="rank-history">
          <caption>Rank in each finished run (UTC start time), oldest first.</caption>
          <thead>
            <tr>
              <th scope="col">Strategy</th>
              {runs.map((r, i) => (
                <th key={r.id} scope="col" class="num">
                  <a href={`/runs/${r.id}`}>{labels[i]}</a>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {top.map((s, k) => (
              <tr key={s.strategyId} data-strategy={s.strategyId}>
                <th scope="row">
                  <a href={`/strategies/${s.strategyId}`}>{s.name}</a>
                </th>
                {series[k]!.ranks.map((r, i) => (
                  <td key={i} class="num">
                    {r ?? '–'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}

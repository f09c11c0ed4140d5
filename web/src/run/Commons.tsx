/**
 * A finished commons run: the standings by mean payoff per round, what the
 * groups made of their resource (welfare, final stock, collapses), the mean
 * stock over time, and every group, each linking to its replay.
 */
import { LineChart } from '../charts/LineChart'
import { fixed, percent } from '../ui/format'
import { Pager, usePage } from './Pager'
import type { CommonsStanding, FinishedCommons } from './types'

const GROUPS_PAGE = 25

export function CommonsResults({ run }: { run: FinishedCommons }) {
  const collapseBelow = (run.rules as { collapseBelow?: number } | null)?.collapseBelow ?? null
  const rounds = run.stock.map((_, i) => i)
  return (
    <>
      <section aria-labelledby="standings-heading">
        <h2 id="standings-heading">Standings</h2>
        <CommonsStandings standings={run.standings} />
      </section>
      <section aria-labelledby="resource-heading">
        <h2 id="resource-heading">The resource</h2>
        <dl class="figures">
          <div>
            <dt>Welfare</dt>
            <dd>{percent(run.welfare)}</dd>
            <dd class="muted">of what restraint earns for ever</dd>
          </div>
          <div>
            <dt>Final stock</dt>
            <dd>{fixed(run.finalStock, 1)}</dd>
            <dd class="muted">mean over the groups</dd>
          </div>
          <div>
            <dt>Collapsed</dt>
            <dd>{percent(run.collapsed)}</dd>
            <dd class="muted">of the groups ran the stock to 0</dd>
          </div>
          <div>
            <dt>Cooperation</dt>
            <dd>{percent(run.cooperation)}</dd>
            <dd class="muted">of requests at or below the sustainable share ({fixed(run.sustainableShare, 1)})</dd>
          </div>
        </dl>
        <LineChart
          title="The mean stock at the start of each round, over the groups still going"
          xLabel="round"
          yLabel="stock"
          xs={rounds}
          series={[
            { name: 'mean stock', values: run.stock },
            ...(collapseBelow !== null ? [{ name: 'collapse threshold', values: run.stock.map(() => collapseBelow), color: 'var(--defect)', dashed: true }] : []),
          ]}
        />
      </section>
      <section aria-labelledby="groups-heading">
        <h2 id="groups-heading">Groups</h2>
        <Groups run={run} />
      </section>
    </>
  )
}

function CommonsStandings({ standings }: { standings: readonly CommonsStanding[] }) {
  return (
    <div class="scroll-x">
      <table class="standings">
        <caption>Ranked by mean payoff per round over each strategy's groups.</caption>
        <thead>
          <tr>
            <th class="num" scope="col">
              #
            </th>
            <th scope="col">Strategy</th>
            <th class="num" scope="col">
              Mean payoff
            </th>
            <th class="num" scope="col">
              Groups
            </th>
            <th class="num" scope="col">
              Cooperation
            </th>
            <th class="num" scope="col">
              Fined
            </th>
            <th class="num" scope="col">
              Faults
            </th>
          </tr>
        </thead>
        <tbody>
          {standings.map((s) => (
            <tr key={s.strategyId} data-strategy={s.strategyId}>
              <td class="num">{s.rank}</td>
              <td>
                <a href={`/strategies/${s.strategyId}`}>{s.name}</a>
              </td>
              <td class="num">{fixed(s.meanPayoff, 3)}</td>
              <td class="num">{s.groups}</td>
              <td class="num">{percent(s.cooperation)}</td>
              <td class="num">{s.fined}</td>
              <td class="num">
                {s.faults}
                {s.infraErrors > 0 && <span class="muted"> (+{s.infraErrors} unplayed)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The groups in schedule order; the view's `groups` are GET /api/runs/:id/groups' entries, so no second call. */
function Groups({ run }: { run: FinishedCommons }) {
  const names = new Map(run.players.map((p) => [p.strategyId, p.name]))
  const { shown, page, pages, go } = usePage(run.groups, GROUPS_PAGE, run.id)
  if (run.groups.length === 0) return <p class="muted">This run played no group.</p>
  return (
    <>
      <div class="scroll-x">
        <table class="group-table">
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Seats (total payoff)</th>
              <th class="num" scope="col">
                Welfare
              </th>
              <th class="num" scope="col">
                Final stock
              </th>
              <th class="num" scope="col">
                Rounds
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((g) => (
              <tr key={g.index}>
                <td>
                  <a href={`/runs/${run.id}/groups/${g.index}`}>group {g.index + 1}</a>
                </td>
                <td>
                  {g.players.map((id, seat) => (
                    <span key={seat} class="seat">
                      {names.get(id) ?? id} <span class="muted num">{fixed(g.scores[seat], 2)}</span>
                    </span>
                  ))}
                </td>
                <td class="num">{percent(g.welfare)}</td>
                <td class={`num ${g.finalStock <= 0 ? 'collapsed' : ''}`}>{fixed(g.finalStock, 1)}</td>
                <td class="num">{g.rounds}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} pages={pages} go={go} label="Pages of groups" />
    </>
  )
}

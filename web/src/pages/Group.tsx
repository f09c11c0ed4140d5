/**
 * A commons group's replay (/runs/:id/groups/:index, with #round=N
 * permalinks as the match replay): the stock over time against the collapse
 * threshold and the largest stock, each seat's requests as a heat strip,
 * the seats at the current round and in total, and the faults. The same
 * controls and keys as the match replay (replay/Controls, replay/useReplay).
 */
import { useEffect, useMemo } from 'preact/hooks'
import { api, ok } from '../api'
import { LineChart } from '../charts/LineChart'
import { ReplayControls } from '../replay/Controls'
import { roundName } from '../replay/events'
import { fmt, Heat } from '../replay/Heat'
import { Mark } from '../replay/Marks'
import { SeatTable } from '../replay/SeatTable'
import type { GroupReplay } from '../replay/types'
import { memo } from '../replay/memo'
import { useCalmRound, useReplay } from '../replay/useReplay'
import { Loaded, useLoad } from '../ui/load'

export default function Group({ id, index }: { id: string; index: string }) {
  const load = useLoad(() => ok(api.api.runs[':id'].groups[':index'].$get({ param: { id, index } })), [id, index])
  return (
    <div class="replay-page">
      <Loaded load={load}>{(g) => <GroupView key={`${g.runId}-${g.index}`} group={g} />}</Loaded>
    </div>
  )
}

// Drawn again only when their props change: the charts follow the calm round, the faults never change.
const Chart = memo(LineChart)
const Faults = memo(GroupFaults)

function GroupView({ group }: { group: GroupReplay }) {
  const count = group.rounds
  const replay = useReplay(count)
  const { rules } = group
  const xs = useMemo(() => group.stock.map((_, i) => i), [group])
  const cumulative = useMemo(
    () =>
      group.receipts.map((row) => {
        let sum = 0
        return [0, ...row.map((x) => (sum += x))]
      }),
    [group],
  )
  const stockSeries = useMemo(
    () => [
      { name: 'stock', values: group.stock, color: 'var(--accent)' },
      { name: `largest stock (${fmt(rules.maxStock)})`, values: group.stock.map(() => rules.maxStock), color: 'var(--muted)', dashed: true },
      { name: `collapse below ${fmt(rules.collapseBelow)}`, values: group.stock.map(() => rules.collapseBelow), color: 'var(--defect)', dashed: true },
    ],
    [group, rules],
  )
  const receivedSeries = useMemo(() => cumulative.map((values, s) => ({ name: `${s + 1}. ${group.names[s]}`, values })), [group, cumulative])
  const chartRound = useCalmRound(replay)
  const collapsedAfter = useMemo(() => {
    const k = group.stock.findIndex((s, i) => i > 0 && s === 0)
    return k > 0 ? k : null
  }, [group])
  useEffect(() => {
    document.title = `Commons group ${group.index} · Dilemma Arena`
  }, [group])

  return (
    <>
      <h1>Commons group {group.index}</h1>
      <div class="match-header">
        <p>
          {group.players.length} seats:{' '}
          {group.names.map((n, s) => (
            <span key={s}>
              {s > 0 && ', '}
              <a href={`/strategies/${encodeURIComponent(group.players[s]!)}`}>{n}</a>
            </span>
          ))}
          .
        </p>
        <p class="muted">
          Group {group.index} of run <a href={`/runs/${encodeURIComponent(group.runId)}`}>{group.runId}</a>, seed <code>{group.seed}</code>, {count} rounds.{' '}
          {collapsedAfter !== null ? (
            <strong class="error">The stock collapsed after round {collapsedAfter}.</strong>
          ) : (
            <>The stock lasted: {fmt(group.stock[count] ?? 0)} at the end.</>
          )}
        </p>
        <p class="muted">{ruleFacts(group).join(' · ')}</p>
      </div>
      {count === 0 ? (
        <p class="muted">This group played no round.</p>
      ) : (
        <>
          <section class="card replay-card" aria-label="Replay">
            <ReplayControls replay={replay} />
            <h2 class="heat-heading">Requests, seat by seat</h2>
            <Heat group={group} replay={replay} />
          </section>
          <SeatTable group={group} round={replay.round} live={!replay.playing} />
          <div class="replay-columns even">
            <section aria-labelledby="stock-heading">
              <h2 id="stock-heading">The stock</h2>
              <Chart
                title={`The stock after each round, with the largest stock and the collapse threshold; the line marks round ${chartRound + 1}`}
                series={stockSeries}
                xs={xs}
                xLabel="rounds played"
                yLabel="stock"
                yMin={0}
                marker={chartRound + 1}
                height={220}
              />
            </section>
            <section aria-labelledby="received-heading">
              <h2 id="received-heading">Received so far</h2>
              <Chart
                title={`What each seat has received after each round; the line marks round ${chartRound + 1}`}
                series={receivedSeries}
                xs={xs}
                xLabel="rounds played"
                yLabel="received"
                marker={chartRound + 1}
                height={220}
              />
            </section>
          </div>
          <Faults group={group} go={replay.go} />
        </>
      )}
    </>
  )
}

function ruleFacts(group: GroupReplay): string[] {
  const r = group.rules
  return [
    `capacity ${fmt(r.capacity)} a round`,
    `stock ${fmt(r.initialStock)} at first, at most ${fmt(r.maxStock)}`,
    `regrowth ${fmt(r.regrowth)}`,
    `collapse below ${fmt(r.collapseBelow)}`,
    `requests up to ${fmt(r.maxRequest)}`,
    `sustainable share ${fmt(group.sustainableShare)}`,
    r.quota !== null ? `quota ${fmt(r.quota)}` : null,
    r.referee ? `referee: fine ${fmt(r.referee.fine)}, detection ${Math.round(r.referee.detection * 100)}%, fines ${r.referee.fines}` : null,
    r.align ? `aligned rewards ${r.align}` : null,
    r.cheapTalk ? 'cheap talk' : null,
  ].filter((x): x is string => x !== null)
}

function GroupFaults({ group, go }: { group: GroupReplay; go: (round: number) => void }) {
  const rows = group.faults.flatMap((fs, seat) => fs.map((f, i) => ({ seat, f, key: `${seat}-${i}` }))).sort((x, y) => x.f.round - y.f.round || x.seat - y.seat)
  const total = group.faultCounts.reduce((a, b) => a + b, 0)
  return (
    <section aria-labelledby="faults-heading">
      <h2 id="faults-heading">Faults</h2>
      {total === 0 ? (
        <p class="muted">No seat faulted: every request was a number the rules allow.</p>
      ) : (
        <>
          <p class="muted">
            {total} in all; a fault's round asks for the largest request ({fmt(group.rules.maxRequest)}).
            {rows.length < total && ` The first ${rows.length} are recorded.`}
          </p>
          <div class="scroll-x">
            <table class="event-list">
              <thead>
                <tr>
                  <th scope="col">Round</th>
                  <th scope="col">Seat</th>
                  <th scope="col">What</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ seat, f, key }) => (
                  <tr key={key}>
                    <td class="num">
                      {f.round < 0 ? (
                        'set-up'
                      ) : (
                        <button type="button" class="link" onClick={() => go(f.round)} aria-label={`Go to ${roundName(f.round)}`}>
                          {f.round + 1}
                        </button>
                      )}
                    </td>
                    <td>
                      {seat + 1}. {group.names[seat]}
                    </td>
                    <td>
                      <Mark kind="fault" /> <code>{f.kind}</code>: {f.message}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  )
}

/**
 * A match replay (/matches/:id, with #round=N permalinks: replay/permalink.ts):
 * the rounds as C/D cells with an overview of them all, step / play / jump
 * controls and keys, the current round's readout, cumulative scores, every
 * fault, noise flip and fine, and a verification in the browser.
 */
import { useEffect, useMemo } from 'preact/hooks'
import { api, ok } from '../api'
import { LineChart, PALETTE } from '../charts/LineChart'
import { ReplayControls } from '../replay/Controls'
import { matchEvents } from '../replay/events'
import { MarksLegend } from '../replay/Marks'
import { MatchEventList } from '../replay/MatchEventList'
import { MatchReadout } from '../replay/MatchReadout'
import { memo } from '../replay/memo'
import { MoveStrip, windowOf } from '../replay/MoveStrip'
import { Overview } from '../replay/Overview'
import { asReplay, type MatchReplay } from '../replay/types'
import { useCalmRound, useReplay } from '../replay/useReplay'
import { Verify } from '../replay/Verify'
import { Loaded, useLoad } from '../ui/load'

export default function Match({ id }: { id: string }) {
  const load = useLoad(async () => asReplay(await ok(api.api.matches[':id'].$get({ param: { id } }))), [id])
  return (
    <div class="replay-page">
      <Loaded load={load}>{(m) => <MatchView key={m.id} match={m} />}</Loaded>
    </div>
  )
}

// Drawn again only when their props change: the chart follows the calm round, the list never changes.
const Chart = memo(LineChart)
const EventList = memo(MatchEventList)

function cumulative(payoffs: MatchReplay['payoffs'], side: 0 | 1): number[] {
  let sum = 0
  return payoffs.map((p) => (sum += p[side]))
}

function MatchView({ match }: { match: MatchReplay }) {
  const count = match.a.moves.length
  const replay = useReplay(count)
  const events = useMemo(() => matchEvents(match), [match])
  const totals = useMemo(() => [cumulative(match.payoffs, 0), cumulative(match.payoffs, 1)] as [number[], number[]], [match])
  const xs = useMemo(() => totals[0].map((_, i) => i + 1), [totals])
  const moves = useMemo(() => [match.a.moves, match.b.moves] as [string, string], [match])
  const series = useMemo(
    () => [
      { name: `A: ${match.a.name}`, values: totals[0], color: PALETTE[0] },
      { name: `B: ${match.b.name}`, values: totals[1], color: PALETTE[4] },
    ],
    [match, totals],
  )
  const chartRound = useCalmRound(replay)
  useEffect(() => {
    document.title = `${match.a.name} vs ${match.b.name} · Dilemma Arena`
  }, [match])

  return (
    <>
      <h1>
        {match.a.name} <span class="muted">vs</span> {match.b.name}
      </h1>
      <MatchHeader match={match} />
      {count === 0 ? (
        <p class="error">This match was never played: an infrastructure error lost it, and it counts for neither player.</p>
      ) : (
        <>
          <section class="card replay-card" aria-label="Replay">
            <ReplayControls replay={replay} />
            <Overview moves={moves} events={events} replay={replay} window={windowOf(replay.round, count)} />
            <MoveStrip moves={moves} events={events} replay={replay} />
            <MarksLegend moves kinds={['fault', 'flip', 'fine']} />
          </section>
          <div class="replay-columns">
            <MatchReadout match={match} events={events} round={replay.round} totals={totals} live={!replay.playing} />
            <section aria-labelledby="scores-heading">
              <h2 id="scores-heading">Cumulative scores</h2>
              <Chart
                title={`Cumulative scores over ${count} rounds; the line marks round ${chartRound + 1}`}
                series={series}
                xs={xs}
                xLabel="round"
                yLabel="score"
                marker={chartRound + 1}
                height={220}
              />
            </section>
          </div>
          <EventList match={match} events={events} go={replay.go} />
        </>
      )}
      <Verify match={match} />
    </>
  )
}

function MatchHeader({ match }: { match: MatchReplay }) {
  const { rules } = match
  // The tournament's name, where the replay only has its id (shown until the name arrives, or if it cannot).
  const tournament = useLoad(() => ok(api.api.tournaments[':id'].$get({ param: { id: match.tournamentId } })), [match.tournamentId])
  const p = rules.payoffs
  const facts = [
    rules.turns !== null ? `${rules.turns} rounds` : `continuation ${rules.continuation} (${match.a.moves.length} rounds drawn)`,
    `payoffs R ${p.R}, S ${p.S}, T ${p.T}, P ${p.P}`,
    rules.noise > 0 ? `noise ${(rules.noise * 100).toFixed(rules.noise < 0.01 ? 2 : 0)}%` : 'no noise',
    rules.referee ? `referee: fine ${rules.referee.fine}, detection ${(rules.referee.detection * 100).toFixed(0)}%, fines ${rules.referee.fines}` : null,
    rules.align ? `aligned rewards ${rules.align}` : null,
    rules.cheapTalk ? 'cheap talk' : null,
  ].filter(Boolean)
  return (
    <div class="match-header">
      <dl class="match-players">
        {(['a', 'b'] as const).map((k) => {
          const s = match[k]
          return (
            <div key={k} class={`match-player side-${k}`}>
              <dt>{k.toUpperCase()}</dt>
              <dd>
                <a href={`/strategies/${encodeURIComponent(s.strategyId)}`}>{s.name}</a> <span class="muted">version {s.version}</span>
                <span class="match-score num" data-side={k.toUpperCase()}>
                  {Number.isInteger(s.score) ? s.score : s.score.toFixed(2)}
                </span>
              </dd>
            </div>
          )
        })}
      </dl>
      <p class="muted">
        Match <code>{match.id}</code> of run <a href={`/runs/${encodeURIComponent(match.runId)}`}>{match.runId}</a> in tournament{' '}
        <a href={`/tournaments/${encodeURIComponent(match.tournamentId)}`}>{tournament.data?.name ?? match.tournamentId}</a>, seed <code>{match.seed}</code>.
      </p>
      <p class="muted">{facts.join(' · ')}</p>
    </div>
  )
}

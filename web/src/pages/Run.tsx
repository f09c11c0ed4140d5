/**
 * A run: its progress while it plays (polled every second, updated in
 * place), then its standings, seed and exports, and its matches (the
 * dilemma) or its resource and groups (the commons). A failed run says why.
 */
import { api, ok } from '../api'
import { Commitment } from '../run/Commitment'
import { CommonsResults } from '../run/Commons'
import { Matches } from '../run/Matches'
import { ProgressBar } from '../run/ProgressBar'
import { Standings } from '../run/Standings'
import { RunSummary } from '../run/Summary'
import type { FinishedDilemma, RunView } from '../run/types'
import { usePolledRun } from '../run/usePolledRun'
import { ErrorNote, Spinner, useLoad } from '../ui/load'

export default function Run({ id }: { id: string }) {
  const { run, error } = usePolledRun(id)
  const tournamentId = run?.tournamentId
  const tournament = useLoad(
    () => (tournamentId ? ok(api.api.tournaments[':id'].$get({ param: { id: tournamentId } })) : Promise.resolve(undefined)),
    [tournamentId],
  )
  if (!run) {
    return (
      <div class="run-page">
        <h1>Run</h1>
        {error ? <ErrorNote error={error} /> : <Spinner label="Loading the run…" />}
      </div>
    )
  }
  return (
    <div class="run-page">
      <h1>{tournament.data ? `Run of ${tournament.data.name}` : 'Run'}</h1>
      <RunSummary run={run} tournament={tournament.data} />
      {error && <ErrorNote error={error} />}
      <Body run={run} />
    </div>
  )
}

function Body({ run }: { run: RunView }) {
  if (run.standings !== null) {
    return (
      <>
        {run.error && <p class="error">{run.error}</p>}
        <Exports runId={run.id} />
        {'game' in run ? <CommonsResults run={run} /> : <DilemmaResults run={run} />}
        <Commitment run={run} />
      </>
    )
  }
  if (run.status !== 'failed') {
    return (
      <>
        <section class="card run-progress" aria-labelledby="progress-heading">
          <h2 id="progress-heading">{run.status === 'queued' ? 'Waiting to start' : 'Playing'}</h2>
          <ProgressBar done={run.progress.done} total={run.progress.total} label="Progress of the run" />
          <p class="muted">This page follows the run as it plays; the standings appear here when it finishes.</p>
        </section>
        <Commitment run={run} />
      </>
    )
  }
  return (
      <section class="card run-failed" aria-labelledby="failed-heading">
        <h2 id="failed-heading">This run failed</h2>
        <p class="error">{run.error ?? 'The platform gave no reason.'}</p>
        <p class="muted">
          It played {run.progress.done} of {run.progress.total} jobs. A failed run changes no rating; its host can start another from the{' '}
          <a href={`/tournaments/${run.tournamentId}`}>tournament's page</a>.
        </p>
      </section>
  )
}

function DilemmaResults({ run }: { run: FinishedDilemma }) {
  const winner = run.standings[0]
  return (
    <>
      <section aria-labelledby="standings-heading">
        <h2 id="standings-heading">Standings</h2>
        <Standings standings={run.standings} />
        <p class="muted">
          Who scored what against whom, the ecology and the run's place among the tournament's runs: on the <a href={`/tournaments/${run.tournamentId}`}>tournament's page</a>.
        </p>
      </section>
      {winner && (
        <section aria-labelledby="matches-heading">
          <h2 id="matches-heading">Matches</h2>
          <Matches runId={run.id} players={run.players} winnerId={winner.strategyId} count={run.progress.total * (run.repetitions ?? 1)} />
        </section>
      )}
    </>
  )
}

function Exports({ runId }: { runId: string }) {
  return (
    <p class="row exports">
      <span>Download the results:</span>
      <a href={`/api/runs/${runId}/export?format=csv`} download>
        CSV
      </a>
      <a href={`/api/runs/${runId}/export?format=json`} download>
        JSON
      </a>
    </p>
  )
}

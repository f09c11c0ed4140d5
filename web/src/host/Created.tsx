/**
 * After POST /api/tournaments: the new tournament, what its payoffs are as
 * the API named them, its next scheduled run, the house classics to enter,
 * and "Run now", which starts a run and opens its page.
 */
import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso/router'
import type { InferResponseType } from 'hono/client'
import { api, ApiProblem, ok } from '../api'
import { KIND_ARTICLES, KIND_NAMES, VERDICT_NAMES } from '../game/judge'
import { dateTime, relative } from '../ui/format'
import { ErrorNote } from '../ui/load'
import { ClassicsPicker } from './ClassicsPicker'

/** What POST /api/tournaments answers (201). */
export type CreatedTournament = InferResponseType<typeof api.api.tournaments.$post, 201>

interface CreatedProps {
  created: CreatedTournament
  name: string
  game: 'dilemma' | 'commons'
  onAnother: () => void
}

export function Created({ created, name, game, onAnother }: CreatedProps) {
  const { route } = useLocation()
  const [entered, setEntered] = useState<string[]>([])
  const [starting, setStarting] = useState(false)
  const [problem, setProblem] = useState<ApiProblem | null>(null)
  const href = `/tournaments/${created.id}`

  const runNow = async () => {
    setStarting(true)
    setProblem(null)
    try {
      const res = await ok(api.api.tournaments[':id'].runs.$post({ param: { id: created.id }, json: {} }))
      route(`/runs/${res.runId}`)
    } catch (e) {
      setProblem(e instanceof ApiProblem ? e : new ApiProblem(0, 'client', String(e)))
      setStarting(false)
    }
  }

  return (
    <section class="card host-created" aria-labelledby="created-title">
      <h2 id="created-title">
        Created: <a href={href}>{name}</a>
      </h2>
      <p>
        The API calls its payoffs {KIND_ARTICLES[created.classification.kind]}
        <strong>{KIND_NAMES[created.classification.kind]}</strong>; dilemma test: {VERDICT_NAMES[created.dilemmaTest.verdict.code].toLowerCase()}.{' '}
        {created.nextRunAt ? (
          <>
            Next scheduled run: <time dateTime={created.nextRunAt}>{dateTime(created.nextRunAt)}</time> ({relative(created.nextRunAt)}).
          </>
        ) : (
          'It runs when you start a run.'
        )}
      </p>

      <h3>Enter the house classics</h3>
      <p class="muted">As the host you may enter any of the built-in strategies; others enter theirs from the tournament page.</p>
      <ClassicsPicker tournamentId={created.id} game={game} onEntered={setEntered} />

      <h3>Run it</h3>
      <p class="muted">{entered.length === 0 ? 'A run needs entrants: enter some classics first, or wait for entries.' : `${entered.length} entered by you so far.`}</p>
      <div class="row">
        <button type="button" onClick={runNow} disabled={starting}>
          {starting ? 'Starting…' : 'Run now'}
        </button>
        <a href={href}>Open the tournament page</a>
        <button type="button" class="secondary" onClick={onAnother}>
          Host another
        </button>
      </div>
      <ErrorNote error={problem} />
    </section>
  )
}

/**
 * Host a tournament: the rules (with the payoff matrix judged live beside
 * them), the schedule and who may enter, then POST /api/tournaments. The API's
 * errors appear at the field they name; the form is kept in this browser, so
 * signing in half-way loses nothing. Once created: enter the house classics
 * and run it.
 */
import { useEffect, useState } from 'preact/hooks'
import { api, ApiProblem, ok } from '../api'
import { MatrixEditor } from '../game/MatrixEditor'
import { Verdict } from '../game/Verdict'
import { CommonsFields } from '../host/CommonsFields'
import { Created, type CreatedTournament } from '../host/Created'
import { clearDraft, DEFAULT_DRAFT, loadDraft, requestBody, saveDraft, verdictInput, type Draft } from '../host/draft'
import { EntryFields } from '../host/EntryFields'
import { Choice, names } from '../host/fields'
import { LengthFields } from '../host/LengthFields'
import { MechanismFields } from '../host/MechanismFields'
import { ScheduleField } from '../host/ScheduleField'
import { getToken, onSessionChange } from '../lib/session'
import { ErrorNote, FieldError, isFieldError } from '../ui/load'

/** The fields the form shows an error beside; any other error goes under the submit button. */
const FIELDS = ['name', 'game', 'rules.payoffs', 'rules.turns', 'rules.continuation', 'rules.noise', 'rules.repetitions', 'rules.referee', 'rules.align', 'rules.cheapTalk', 'rules.capacity', 'rules.maxStock', 'rules.initialStock', 'rules.regrowth', 'rules.collapseBelow', 'rules.maxRequest', 'rules.quota', 'rules.group', 'schedule', 'entry', 'shareIdentities', 'maxEntriesPerAccount']

export default function Host() {
  const [draft, setDraft] = useState<Draft>(loadDraft)
  const [signedIn, setSignedIn] = useState(!!getToken())
  const [problem, setProblem] = useState<ApiProblem | null>(null)
  const [sending, setSending] = useState(false)
  const [created, setCreated] = useState<{ tournament: CreatedTournament; name: string; game: Draft['game'] } | null>(null)

  useEffect(() => onSessionChange(() => setSignedIn(!!getToken())), [])
  useEffect(() => saveDraft(draft), [draft])
  // Land on the first field the API refused.
  useEffect(() => {
    if (problem?.field) document.querySelector<HTMLElement>(`[data-field="${CSS.escape(fieldShown(problem.field))}"] input`)?.focus()
  }, [problem])

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }))

  const submit = async (e: Event) => {
    e.preventDefault()
    setSending(true)
    setProblem(null)
    try {
      const body = requestBody(draft)
      const tournament = await ok(api.api.tournaments.$post({ json: body }))
      setCreated({ tournament, name: draft.name.trim(), game: draft.game })
      clearDraft()
      window.scrollTo(0, 0)
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, 'client', String(error)))
    } finally {
      setSending(false)
    }
  }

  if (created) {
    return (
      <div class="host">
        <h1>Host a tournament</h1>
        <Created
          created={created.tournament}
          name={created.name}
          game={created.game}
          onAnother={() => {
            setCreated(null)
            setDraft(DEFAULT_DRAFT)
          }}
        />
      </div>
    )
  }

  const judged = verdictInput(draft)
  return (
    <div class="host">
      <h1>Host a tournament</h1>
      <p class="lede">
        Choose the game and its rules; the panel beside the form says, as you type, which game the payoffs define and whether it is a dilemma. Once it is created, enter
        strategies and run it.
      </p>
      {!signedIn && (
        <p class="card host-signin">
          You are not signed in. The form is kept in this browser while you <a href="/account">create an identity or sign in</a>; come back here to create the tournament.
        </p>
      )}
      {/* The verdict sits beside the form on a wide screen; on a phone, right under the payoffs it judges. */}
      <form class="host-form" onSubmit={submit} noValidate>
        <div class="host-top">
          <div class="field" data-field="name">
            <label>
              Name
              <input type="text" name="name" value={draft.name} maxLength={100} required aria-invalid={names(problem, 'name')} onInput={(e) => set({ name: (e.currentTarget as HTMLInputElement).value })} />
            </label>
            <FieldError error={problem} field="name" />
          </div>
          <Choice
            legend="Game"
            name="game"
            value={draft.game}
            onChange={(game) => set({ game })}
            field="game"
            problem={problem}
            options={[
              { value: 'dilemma', label: "The prisoner's dilemma", hint: '(two players, C or D each round)' },
              { value: 'commons', label: 'The commons', hint: '(groups share a renewable stock)' },
            ]}
          />
          {draft.game === 'dilemma' ? (
            <fieldset class="field" data-field="rules.payoffs">
              <legend>Payoffs</legend>
              <MatrixEditor payoffs={draft.payoffs} onChange={(payoffs) => set({ payoffs })} invalid={names(problem, 'rules.payoffs')} />
              <FieldError error={problem} field="rules.payoffs" />
            </fieldset>
          ) : (
            <CommonsFields draft={draft} set={set} problem={problem} />
          )}
        </div>
        <div class="host-rest">
          <LengthFields draft={draft} set={set} problem={problem} />
          <MechanismFields draft={draft} set={set} problem={problem} />
          <ScheduleField draft={draft} set={set} problem={problem} />
          <EntryFields draft={draft} set={set} problem={problem} />
          {problem && !isFieldError(problem, FIELDS) && <ErrorNote error={problem} />}
          {problem && isFieldError(problem, FIELDS) && (
            <p class="error" role="status">
              Not created: see the field marked above.
            </p>
          )}
          <div class="row">
            {signedIn ? (
              <button type="submit" disabled={sending}>
                {sending ? 'Creating…' : 'Create the tournament'}
              </button>
            ) : (
              <a class="button" href="/account">
                Sign in to create it
              </a>
            )}
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setDraft(DEFAULT_DRAFT)
                setProblem(null)
              }}
            >
              Start again
            </button>
          </div>
        </div>
        <aside class="host-aside" aria-label="What game is this">
          {judged.rules && <Verdict rules={judged.rules} />}
          {judged.problem && (
            <p class="host-problem" role="status">
              As typed, the rules would be refused: {judged.problem}.
            </p>
          )}
        </aside>
      </form>
    </div>
  )
}

/** The field an error is shown beside: `rules.referee.fine` has its own input, `rules.payoffs.R` is shown with the matrix. */
function fieldShown(field: string): string {
  return field.startsWith('rules.payoffs') ? 'rules.payoffs' : field
}

/**
 * Entering a strategy: signed in, a select of your own strategies that play
 * this tournament's game, refusals (a full share, an invitation needed)
 * shown next to the select; your entries with a way to withdraw them; and,
 * for the host, "Run now". Signed out: where to sign in and to write one.
 */
import { useEffect, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso/router'
import { ApiProblem } from '../api'
import { getHandle, onSessionChange } from '../lib/session'
import { ErrorNote, FieldError, useLoad } from '../ui/load'
import { enter, loadMe, loadOwnStrategies, runNow, withdraw } from './data'
import type { Tournament } from './types'

/** The form has one field: an error the API does not pin to a field (403 by invitation, 409...) is still about it. */
const aboutField = (e: ApiProblem) => (e.field ? e : new ApiProblem(e.status, e.code, e.message, 'strategyId'))
const asProblem = (e: unknown) => (e instanceof ApiProblem ? e : new ApiProblem(0, 'client', String(e)))

export function EnterForm({ t, onChanged }: { t: Tournament; onChanged: () => void }) {
  const [handle, setHandle] = useState(getHandle())
  useEffect(() => onSessionChange(() => setHandle(getHandle())), [])
  if (t.experiment) return <p class="muted">This tournament belongs to an experiment and takes no entries.</p>
  if (!handle) {
    return (
      <p>
        <a href="/account">Sign in or create an account</a> to enter a strategy of yours; <a href="/submit">write one</a> first if you have none.
      </p>
    )
  }
  return <SignedIn t={t} handle={handle} onChanged={onChanged} />
}

function SignedIn({ t, handle, onChanged }: { t: Tournament; handle: string; onChanged: () => void }) {
  const own = useLoad(() => loadOwnStrategies(handle), [handle])
  const me = useLoad(() => loadMe(), [handle])
  const [choice, setChoice] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiProblem | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const isHost = me.data?.id === t.hostId
  const entered = new Set(t.entries.map((e) => e.strategyId))
  const mine = t.entries.filter((e) => e.owner === handle)
  const eligible = (own.data ?? []).filter((s) => !s.retired && s.games.includes(t.game) && !entered.has(s.id))
  const selected = eligible.some((s) => s.id === choice) ? choice : (eligible[0]?.id ?? '')

  const submit = async (e: Event) => {
    e.preventDefault()
    if (!selected) return
    setBusy(true)
    setError(null)
    setDone(null)
    try {
      await enter(t.id, selected)
      setDone(`Entered ${eligible.find((s) => s.id === selected)?.name ?? selected}: it plays from the next run.`)
      onChanged()
    } catch (err) {
      setError(aboutField(asProblem(err)))
    } finally {
      setBusy(false)
    }
  }

  const remove = async (strategyId: string) => {
    setError(null)
    setDone(null)
    try {
      await withdraw(t.id, strategyId)
      setDone(`Withdrew ${strategyId}.`)
      onChanged()
    } catch (err) {
      setError(aboutField(asProblem(err)))
    }
  }

  return (
    <div class="enter">
      {mine.length > 0 && (
        <ul class="my-entries">
          {mine.map((e) => (
            <li key={e.strategyId}>
              Your <a href={`/strategies/${e.strategyId}`}>{e.name}</a> is entered.{' '}
              <button type="button" class="secondary small" onClick={() => remove(e.strategyId)}>
                Withdraw {e.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      {t.entry === 'invite' && !isHost && <p class="muted">By invitation: only accounts the host has invited can enter.</p>}
      {own.error ? (
        <ErrorNote error={own.error} />
      ) : !own.data ? (
        <p class="muted">Loading your strategies…</p>
      ) : eligible.length === 0 ? (
        <p>
          You have no strategy{mine.length > 0 ? ' left' : ''} that plays the {t.game} to enter. <a href="/submit">Write one</a>
          {t.game === 'commons' ? ' (it must declare `export const games = ["commons"]`)' : ''}.
        </p>
      ) : (
        <form class="enter-form" onSubmit={submit}>
          <label>
            Your strategy
            <select name="strategyId" value={selected} onChange={(e) => setChoice((e.target as HTMLSelectElement).value)} aria-invalid={error ? 'true' : undefined} aria-describedby="enter-error">
              {eligible.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} (v{s.version})
                </option>
              ))}
            </select>
            <span id="enter-error">
              <FieldError error={error} field="strategyId" />
            </span>
          </label>
          <div class="row">
            <button type="submit" disabled={busy}>
              {busy ? 'Entering…' : 'Enter this strategy'}
            </button>
          </div>
        </form>
      )}
      {error && eligible.length === 0 && <ErrorNote error={error} />}
      {done && (
        <p class="ok" role="status">
          {done}
        </p>
      )}
      {isHost && <RunNow id={t.id} />}
    </div>
  )
}

/** The host's button: start a run now, then watch it on its page. */
function RunNow({ id }: { id: string }) {
  const { route } = useLocation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiProblem | null>(null)
  const start = async () => {
    setBusy(true)
    setError(null)
    try {
      route(`/runs/${await runNow(id)}`)
    } catch (err) {
      setError(asProblem(err))
      setBusy(false)
    }
  }
  return (
    <div class="run-now">
      <p class="muted">You host this tournament.</p>
      <button type="button" onClick={start} disabled={busy}>
        {busy ? 'Starting…' : 'Run now'}
      </button>
      <ErrorNote error={error} />
    </div>
  )
}

/** Sign-up: a handle becomes an account; its first token is shown once, and this browser is signed in with it. */
import { useState } from 'preact/hooks'
import { api, ApiProblem, ok } from '../api'
import { signIn } from '../lib/session'
import { ErrorNote, FieldError, isFieldError } from '../ui/load'

/** The API's rule (src/api/accounts.ts HANDLE_PATTERN), checked here too so a mistyped handle is caught before it costs a sign-up. */
const HANDLE = /^[a-z0-9_-]{2,32}$/i

export function CreateIdentity({ onCreated }: { onCreated: (token: string) => void }) {
  const [handle, setHandle] = useState('')
  const [error, setError] = useState<ApiProblem | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: Event) => {
    e.preventDefault()
    const h = handle.trim()
    if (!HANDLE.test(h)) {
      setError(new ApiProblem(400, 'invalid_input', 'A handle is 2 to 32 characters: letters, digits, "_" or "-".', 'handle'))
      return
    }
    setBusy(true)
    setError(null)
    try {
      const created = await ok(api.api.accounts.$post({ json: { handle: h } }))
      // The token is handed up before signing in: signing in re-renders the page, and the token must still be shown.
      onCreated(created.token)
      signIn(created.token, created.handle)
    } catch (err) {
      setError(err instanceof ApiProblem ? err : new ApiProblem(0, 'client', String(err)))
    } finally {
      setBusy(false)
    }
  }
  const invalid = isFieldError(error, ['handle'])
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="create-title">
      <h2 id="create-title">Create an identity</h2>
      <p class="muted">No e-mail, no password: a handle and an API token. The token is the only key to the account, so keep it safe.</p>
      <label>
        Handle
        <span class="hint">2–32 characters: a–z, 0–9, “_” or “-”. Shown next to your strategies.</span>
        <input
          name="handle"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellcheck={false}
          maxLength={32}
          value={handle}
          aria-invalid={invalid}
          aria-describedby={invalid ? 'handle-error' : undefined}
          onInput={(e) => setHandle(e.currentTarget.value)}
        />
        <span id="handle-error">
          <FieldError error={error} field="handle" />
        </span>
      </label>
      <div>
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create identity'}
        </button>
      </div>
      {!invalid && <ErrorNote error={error} />}
    </form>
  )
}

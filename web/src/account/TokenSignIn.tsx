/** Sign in by pasting a token: the API says whose it is (GET /api/accounts/me) before this browser keeps it. */
import { useState } from 'preact/hooks'
import { api, ApiProblem, ok } from '../api'
import { signIn } from '../lib/session'
import { ErrorNote, FieldError, isFieldError } from '../ui/load'

export function TokenSignIn() {
  const [token, setToken] = useState('')
  const [error, setError] = useState<ApiProblem | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: Event) => {
    e.preventDefault()
    const t = token.trim()
    if (!t) {
      setError(new ApiProblem(400, 'invalid_input', 'Paste an API token first.', 'token'))
      return
    }
    setBusy(true)
    setError(null)
    try {
      // This call carries the pasted token, not the one (if any) this browser holds.
      const me = await ok(api.api.accounts.me.$get(undefined, { headers: { authorization: `Bearer ${t}` } }))
      signIn(t, me.handle)
    } catch (err) {
      const problem = err instanceof ApiProblem ? err : new ApiProblem(0, 'client', String(err))
      // The API names no field on a 401; the token field is the one it concerns.
      setError(problem.status === 401 ? new ApiProblem(401, problem.code, 'This token is unknown or revoked.', 'token') : problem)
    } finally {
      setBusy(false)
    }
  }
  const invalid = isFieldError(error, ['token'])
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="signin-title">
      <h2 id="signin-title">Sign in with a token</h2>
      <p class="muted">Paste a token from when you created your identity, or one made under “Manage API tokens”.</p>
      <label>
        API token
        <input
          name="token"
          type="password"
          autoComplete="current-password"
          spellcheck={false}
          value={token}
          aria-invalid={invalid}
          aria-describedby={invalid ? 'token-error' : undefined}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        <span id="token-error">
          <FieldError error={error} field="token" />
        </span>
      </label>
      <div>
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </div>
      {!invalid && <ErrorNote error={error} />}
    </form>
  )
}

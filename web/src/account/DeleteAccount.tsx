/**
 * Deleting the account, asked twice: first "Delete my account…" opens a
 * field where the handle must be typed, then the final button. The API
 * retires its strategies and revokes its tokens; past results stay, under
 * "deleted account".
 */
import { useState } from 'preact/hooks'
import { api, ApiProblem, ok } from '../api'
import { signOut } from '../lib/session'
import { ErrorNote } from '../ui/load'

export function DeleteAccount({ handle }: { handle: string }) {
  const [open, setOpen] = useState(false)
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiProblem | Error | null>(null)
  const matches = typed.trim().toLowerCase() === handle.toLowerCase()
  const remove = async (e: Event) => {
    e.preventDefault()
    if (!matches) return
    setBusy(true)
    setError(null)
    try {
      await ok(api.api.accounts.me.$delete())
      signOut()
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
      setBusy(false)
    }
  }
  return (
    <section class="card danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">Delete account</h2>
      <p class="muted">Your strategies are retired and every token revoked. Past results stay, attributed to “deleted account”. This cannot be undone.</p>
      {!open ? (
        <button type="button" class="secondary danger" onClick={() => setOpen(true)}>
          Delete my account…
        </button>
      ) : (
        <form onSubmit={remove} noValidate>
          <label>
            Type your handle, {handle}, to confirm
            <input name="confirm-handle" type="text" autoComplete="off" spellcheck={false} value={typed} autoFocus onInput={(e) => setTyped(e.currentTarget.value)} />
          </label>
          <div class="row">
            <button type="submit" class="danger" disabled={!matches || busy}>
              {busy ? 'Deleting…' : `Delete @${handle} for good`}
            </button>
            <button type="button" class="secondary" onClick={() => (setOpen(false), setTyped(''))}>
              Cancel
            </button>
          </div>
          <ErrorNote error={error} />
        </form>
      )}
    </section>
  )
}

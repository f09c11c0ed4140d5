/**
 * "Manage API tokens": the account's tokens (never the tokens themselves,
 * which the platform does not keep), a new one with a label (shown once),
 * and revoking one. Revoking the token this browser signs in with signs it
 * out: the token would no longer open anything.
 */
import { useState } from 'preact/hooks'
import { apiTokenId } from '../../../src/store/crypto'
import { api, ApiProblem, ok } from '../api'
import { getToken, signOut } from '../lib/session'
import { dateTime } from '../ui/format'
import { ErrorNote, FieldError, isFieldError, Loaded, useLoad } from '../ui/load'
import { ConfirmButton } from './ConfirmButton'
import { ShownOnce } from './ShownOnce'

const live = (n: number) => `${n} live ${n === 1 ? 'token' : 'tokens'}`

export function Tokens() {
  const tokens = useLoad(() => ok(api.api.tokens.$get()), [])
  const [label, setLabel] = useState('')
  const [created, setCreated] = useState<{ token: string; label: string | null } | null>(null)
  const [error, setError] = useState<ApiProblem | null>(null)
  const [busy, setBusy] = useState(false)
  const current = apiTokenId(getToken() ?? '')

  const create = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const made = await ok(api.api.tokens.$post({ json: { label: label.trim() || null } }))
      setCreated({ token: made.token, label: made.label })
      setLabel('')
      tokens.reload()
    } catch (err) {
      setError(err instanceof ApiProblem ? err : new ApiProblem(0, 'client', String(err)))
    } finally {
      setBusy(false)
    }
  }

  const revoke = async (id: string) => {
    await ok(api.api.tokens[':id'].$delete({ param: { id } }))
    if (id === current) signOut()
    else tokens.reload()
  }

  const invalid = isFieldError(error, ['label'])
  return (
    <section class="card tokens" aria-labelledby="tokens-title">
      <h2 id="tokens-title">Manage API tokens</h2>
      <p class="muted">Each token opens the whole account. Make one per machine or script, so you can revoke one without the others.</p>
      <Loaded load={tokens}>
        {(data) => (
          <div class="scroll-x">
            <table class="token-list">
              <caption>
                {live(data.entries.filter((t) => !t.revokedAt).length)} of {data.entries.length}, newest first
              </caption>
              <thead>
                <tr>
                  <th>label</th>
                  <th class="hide-phone">created</th>
                  <th class="hide-phone">last used</th>
                  <th>state</th>
                </tr>
              </thead>
              <tbody>
                {data.entries.map((t) => (
                  <tr key={t.id} data-token-id={t.id} class={t.revokedAt ? 'revoked' : ''}>
                    <td>
                      {t.label ?? <span class="muted">no label</span>}
                      {t.id === current && <span class="badge in-use">this browser</span>}
                      <span class="show-phone muted">created {dateTime(t.createdAt)}</span>
                    </td>
                    <td class="hide-phone">{dateTime(t.createdAt)}</td>
                    <td class="hide-phone">{t.lastUsedAt ? dateTime(t.lastUsedAt) : 'never'}</td>
                    <td>
                      {t.revokedAt ? (
                        <span class="muted">revoked {dateTime(t.revokedAt)}</span>
                      ) : (
                        <ConfirmButton
                          label="Revoke…"
                          ariaLabel={`Revoke the token ${t.label ?? 'with no label'} created ${dateTime(t.createdAt)}`}
                          question={t.id === current ? 'Revoke the token this browser uses? You will be signed out.' : 'Revoke it? Anything using it stops working.'}
                          yes="Yes, revoke"
                          onConfirm={() => revoke(t.id)}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
      <form onSubmit={create} noValidate class="new-token">
        <label>
          Label for a new token
          <span class="hint">Optional, up to 64 characters: where it will be used, e.g. “laptop” or “CI”.</span>
          <input name="label" type="text" maxLength={64} value={label} aria-invalid={invalid} onInput={(e) => setLabel(e.currentTarget.value)} />
          <FieldError error={error} field="label" />
        </label>
        <div>
          <button type="submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create token'}
          </button>
        </div>
        {!invalid && <ErrorNote error={error} />}
      </form>
      {created && <ShownOnce token={created.token} title={`New token${created.label ? ` “${created.label}”` : ''}`} />}
    </section>
  )
}

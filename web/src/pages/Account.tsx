/**
 * The account page (/account): create an identity or sign in with a token;
 * once signed in, the handle, the API tokens, your strategies, signing out
 * and deleting the account. There are no passwords: a token is the key.
 */
import { useEffect, useState } from 'preact/hooks'
import { CreateIdentity } from '../account/CreateIdentity'
import { DeleteAccount } from '../account/DeleteAccount'
import { MyStrategies } from '../account/MyStrategies'
import { ShownOnce } from '../account/ShownOnce'
import { TokenSignIn } from '../account/TokenSignIn'
import { Tokens } from '../account/Tokens'
import { api, ok } from '../api'
import { getHandle, onSessionChange, signOut } from '../lib/session'
import { dateTime } from '../ui/format'
import { ErrorNote, useLoad } from '../ui/load'

export default function Account() {
  const [handle, setHandle] = useState(getHandle())
  // The token of an identity created on this visit, shown once (it survives the switch to the signed-in view).
  const [fresh, setFresh] = useState<string | null>(null)
  useEffect(
    () =>
      onSessionChange(() => {
        const h = getHandle()
        setHandle(h)
        if (!h) setFresh(null)
      }),
    [],
  )
  useEffect(() => {
    document.title = 'Account · Dilemma Arena'
  }, [])
  return (
    <div class="account">
      <h1>Account</h1>
      {handle ? (
        <SignedIn handle={handle} fresh={fresh} />
      ) : (
        <div class="grid account-forms">
          <CreateIdentity onCreated={setFresh} />
          <TokenSignIn />
        </div>
      )}
      <ApiLinks />
    </div>
  )
}

function SignedIn({ handle, fresh }: { handle: string; fresh: string | null }) {
  // The saved token is checked: it may have been revoked elsewhere since this browser kept it.
  const me = useLoad(() => ok(api.api.accounts.me.$get()), [handle])
  if (me.error?.status === 401)
    return (
      <section class="card">
        <p class="error" role="alert">
          The token saved in this browser for @{handle} no longer works (it was revoked, or the account deleted).
        </p>
        <button type="button" onClick={signOut}>
          Sign out and sign in again
        </button>
      </section>
    )
  return (
    <>
      {fresh && <ShownOnce token={fresh} title={`Welcome, @${handle}: your API token`} />}
      <section class="card signed-in" aria-labelledby="who">
        <h2 id="who">
          Signed in as <span class="handle">@{handle}</span>
        </h2>
        {me.data && (
          <p class="muted">
            {me.data.kind === 'house' ? 'The house account' : 'Account'} since {dateTime(me.data.createdAt)}.
          </p>
        )}
        <ErrorNote error={me.error} />
        <p class="muted">This browser keeps your token in its local storage. Signing out forgets it here; the token itself stays valid until revoked.</p>
        <button type="button" class="secondary" onClick={signOut}>
          Sign out
        </button>
      </section>
      <Tokens />
      <MyStrategies handle={handle} />
      <DeleteAccount handle={handle} />
    </>
  )
}

function ApiLinks() {
  return (
    <section class="api-links" aria-labelledby="api-title">
      <h2 id="api-title">The API</h2>
      <p>
        Everything on this site is done through the public HTTP API, which your token opens too: browse it in the <a href="/api/docs">API docs</a>, or read
        the <a href="/api/openapi.json">OpenAPI description</a> (<code>/api/openapi.json</code>).
      </p>
    </section>
  )
}

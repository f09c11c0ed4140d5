/**
 * A strategy's page (/strategies/:id): who wrote it and what it says of
 * itself, how it behaves, its source when public (or to its owner), its
 * rating over time, how others see it, and its latest matches.
 */
import { useEffect, useState } from 'preact/hooks'
import { api, ok } from '../api'
import { getHandle, onSessionChange } from '../lib/session'
import { BehaviourProfile } from '../strategy/BehaviourProfile'
import { ownerText } from '../strategy/text'
import { OwnerActions } from '../strategy/OwnerActions'
import { Ratings } from '../strategy/Ratings'
import { RecentMatches } from '../strategy/RecentMatches'
import { HeadToHead, ReputationView } from '../strategy/Reputation'
import { Source } from '../strategy/Source'
import type { Profile } from '../strategy/types'
import { Versions } from '../strategy/Versions'
import { Badges } from '../ui/badges'
import { dateTime } from '../ui/format'
import { ErrorNote, Spinner, useLoad } from '../ui/load'

export default function Strategy({ id }: { id: string }) {
  const [handle, setHandle] = useState(getHandle())
  useEffect(() => onSessionChange(() => setHandle(getHandle())), [])
  // The profile depends on who asks (the owner sees a private source), so it reloads on signing in or out.
  const profile = useLoad(() => ok(api.api.strategies[':id'].$get({ param: { id } })), [id, handle])
  const opponents = useLoad(() => ok(api.api.strategies[':id'].opponents.$get({ param: { id }, query: { limit: '200' } })), [id])
  const name = profile.data?.name
  useEffect(() => {
    if (name) document.title = `${name} · Dilemma Arena`
  }, [name])

  if (!profile.data) {
    if (profile.error?.status === 404)
      return (
        <section class="strategy-missing">
          <h1>No such strategy</h1>
          <p>
            There is no strategy with the id <code>{id}</code>. It may have been mistyped; strategies are listed on the <a href="/">leaderboard</a>.
          </p>
        </section>
      )
    if (profile.error?.status === 401)
      return (
        <section>
          <h1>Strategy</h1>
          <p class="error" role="alert">
            The API token saved in this browser is no longer valid (revoked, or its account deleted). <a href="/account">Sign in again</a> to see this page.
          </p>
        </section>
      )
    if (profile.error) return <ErrorNote error={profile.error} />
    return <Spinner label="Loading the strategy…" />
  }
  const p = profile.data
  const names = new Map((opponents.data?.entries ?? []).map((e) => [e.opponent.id, e.opponent.name]))
  return (
    <article class="strategy">
      <Header profile={p} mine={handle !== null && handle === p.owner} onRetired={profile.reload} />

      <section aria-labelledby="behaviour">
        <h2 id="behaviour">Behaviour</h2>
        <BehaviourProfile reputation={p.reputation.find((r) => r.game === 'dilemma')} behaviour={p.behaviour} version={p.version} />
      </section>

      <section aria-labelledby="source">
        <h2 id="source">Source</h2>
        {p.source !== undefined ? (
          <>
            {!p.public && <p class="muted">Private: only you, its owner, see this source.</p>}
            <Source source={p.source} version={p.version} />
          </>
        ) : (
          <p class="muted source-private">The source is private: only its owner can read it. Its behaviour and results are public.</p>
        )}
      </section>

      <section aria-labelledby="rating">
        <h2 id="rating">Rating</h2>
        <Ratings profile={p} />
      </section>

      <section aria-labelledby="reputation">
        <h2 id="reputation">Reputation: how others see it</h2>
        {p.reputation.length === 0 ? (
          <p class="muted">No reputation yet: it builds up from finished tournament runs.</p>
        ) : (
          p.reputation.map((r) => <ReputationView key={r.game} reputation={r} />)
        )}
        <h3>Head to head</h3>
        <HeadToHead load={opponents} />
      </section>

      <section aria-labelledby="recent">
        <h2 id="recent">Recent matches</h2>
        <RecentMatches matches={p.recentMatches} names={names} />
      </section>

      <section aria-labelledby="versions">
        <h2 id="versions">Versions</h2>
        <Versions versions={p.versions} />
      </section>
    </article>
  )
}

function Header({ profile: p, mine, onRetired }: { profile: Profile; mine: boolean; onRetired: () => void }) {
  const rep = p.reputation.find((r) => r.game === 'dilemma')
  return (
    <header class="strategy-header">
      <h1>{p.name}</h1>
      <p class="row strategy-meta">
        <span>
          by <strong>{ownerText(p.owner)}</strong>
          {mine && ' (you)'}
        </span>
        <span class="muted">
          <code>{p.id}</code> · v{p.version} · since {dateTime(p.createdAt)}
        </span>
        <span class="badges">
          {p.games.map((g) => (
            <span key={g} class="badge game">
              {g}
            </span>
          ))}
          <span class="badge">{p.public ? 'public source' : 'private source'}</span>
          {p.retired && <span class="badge retired">retired {p.retiredAt ? dateTime(p.retiredAt) : ''}</span>}
        </span>
        {rep && <Badges behaviour={rep} />}
      </p>
      {p.description ? <p class="strategy-description">{p.description}</p> : <p class="muted">No description.</p>}
      {mine && <OwnerActions id={p.id} name={p.name} retired={p.retired} onRetired={onRetired} />}
    </header>
  )
}

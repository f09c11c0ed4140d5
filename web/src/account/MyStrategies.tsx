/** The signed-in account's live strategies, each linking to its page. */
import { api, ok } from '../api'
import { dateTime } from '../ui/format'
import { Loaded, useLoad } from '../ui/load'

export function MyStrategies({ handle }: { handle: string }) {
  const list = useLoad(() => ok(api.api.strategies.$get({ query: { owner: handle, limit: '100' } })), [handle])
  return (
    <section class="card" aria-labelledby="mine-title">
      <h2 id="mine-title">Your strategies</h2>
      <Loaded load={list}>
        {(data) =>
          data.entries.length === 0 ? (
            <p class="muted">
              None yet. <a href="/submit">Write one</a>: the editor tries it against the classics in your browser before anything is sent.
            </p>
          ) : (
            <ul class="my-strategies">
              {data.entries.map((s) => (
                <li key={s.id}>
                  <a href={`/strategies/${encodeURIComponent(s.id)}`}>{s.name}</a>{' '}
                  <span class="muted">
                    v{s.version} · {s.public ? 'public' : 'private'} source · {s.games.join(', ')} · since {dateTime(s.createdAt)}
                  </span>
                </li>
              ))}
              {data.nextCursor && <li class="muted">…and more: the first 100 are listed.</li>}
            </ul>
          )
        }
      </Loaded>
      <p>
        <a href="/submit">Submit a new strategy</a>
      </p>
    </section>
  )
}

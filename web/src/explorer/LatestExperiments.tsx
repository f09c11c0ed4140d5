/** The latest experiments run on the platform, each a link to its side-by-side results. */
import { api, ok } from '../api'
import { dateTime } from '../ui/format'
import { Loaded, useLoad } from '../ui/load'

export function LatestExperiments() {
  const load = useLoad(() => ok(api.api.experiments.$get({ query: { limit: '8' } })), [])
  return (
    <section aria-labelledby="latest-title">
      <h2 id="latest-title">Experiments run on the platform</h2>
      <Loaded load={load}>
        {({ entries }) =>
          entries.length === 0 ? (
            <p class="muted">
              No experiment has been run here yet. Anyone signed in can start one: <code>POST /api/experiments</code> with a few strategies and two or more rule sets (see the <a href="/api/docs">API docs</a>); its side-by-side results
              then appear here.
            </p>
          ) : (
            <ul class="latest-experiments">
              {entries.map((e) => (
                <li key={e.id}>
                  <a href={`/experiments/${encodeURIComponent(e.id)}`}>{e.ruleSets.map((r) => r.name).join(' vs ')}</a>{' '}
                  <span class="muted small">
                    {e.players} strategies{e.ruleSets[0]?.game === 'commons' ? ', the commons' : ''}, by @{e.owner}, {dateTime(e.createdAt)}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  )
}

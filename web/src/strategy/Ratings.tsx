/** Current ratings per game, and each game's rating history as a chart. */
import { DEFAULT_MU, DEFAULT_SIGMA } from '../../../src/engine/rating'
import { dateTime, fixed } from '../ui/format'
import { RatingChart, type RatingPointView } from './RatingChart'
import type { Profile } from './types'

export function Ratings({ profile }: { profile: Profile }) {
  if (profile.ratings.length === 0)
    return <p class="muted">Not rated yet: a strategy is rated after each tournament run it plays (experiments do not count). Until then it stands at mu {DEFAULT_MU}, sigma {fixed(DEFAULT_SIGMA)}.</p>
  return (
    <>
      <div class="scroll-x">
        <table class="ratings">
          <caption>Current ratings (openskill, Plackett-Luce over each run's order)</caption>
          <thead>
            <tr>
              <th>game</th>
              <th class="num">mu</th>
              <th class="num">sigma</th>
              <th class="num">ordinal</th>
              <th class="num">rated runs</th>
              <th class="hide-phone">updated</th>
            </tr>
          </thead>
          <tbody>
            {profile.ratings.map((r) => (
              <tr key={r.game}>
                <td>{r.game}</td>
                <td class="num">{fixed(r.mu)}</td>
                <td class="num">{fixed(r.sigma)}</td>
                <td class="num">{fixed(r.ordinal)}</td>
                <td class="num">{r.runs}</td>
                <td class="hide-phone">{dateTime(r.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {profile.ratings.map((r) => {
        const history = profile.ratingHistory.filter((h) => h.game === r.game)
        // The API keeps the latest runs only; the prior is shown only when the history is whole.
        const whole = history.length === r.runs
        const first = r.runs - history.length
        const points: RatingPointView[] = [
          ...(whole ? [{ x: 0, mu: DEFAULT_MU, sigma: DEFAULT_SIGMA, ordinal: DEFAULT_MU - 3 * DEFAULT_SIGMA, note: 'before any run (the prior)' }] : []),
          ...history.map((h, i) => ({ x: first + i + 1, mu: h.mu, sigma: h.sigma, ordinal: h.ordinal, note: `run ${h.runId}, ranked ${h.rank}` })),
        ]
        return (
          <section key={r.game} class="rating-history">
            <h3>Rating history: {r.game}</h3>
            <RatingChart points={points} title={`${profile.name}'s rating in the ${r.game} over ${history.length} rated runs`} />
            <p class="muted">
              Latest runs:{' '}
              {history
                .slice(-5)
                .reverse()
                .map((h, i) => (
                  <span key={h.runId}>
                    {i > 0 && ', '}
                    <a href={`/runs/${encodeURIComponent(h.runId)}`}>
                      ranked {h.rank} on {dateTime(h.at)}
                    </a>
                  </span>
                ))}
            </p>
          </section>
        )
      })}
    </>
  )
}

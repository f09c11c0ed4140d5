/** The global leaderboard: strategies by rating in one game, with the rating's uncertainty and (for the dilemma) behaviour. */
import { Badges } from '../ui/badges'
import { fixed, percent } from '../ui/format'
import { ErrorNote, Spinner } from '../ui/load'
import { RatingBar, ratingDomain } from './RatingBar'
import type { Game } from './types'
import { useBoard, type BoardEntry } from './useBoard'

const GAMES: { game: Game; label: string }[] = [
  { game: 'dilemma', label: "Prisoner's dilemma" },
  { game: 'commons', label: 'The commons' },
]

export function GameSwitch({ game, choose }: { game: Game; choose: (g: Game) => void }) {
  return (
    <div class="game-switch" role="group" aria-label="Game">
      {GAMES.map((g) => (
        <button key={g.game} type="button" class={g.game === game ? '' : 'secondary'} aria-pressed={g.game === game} onClick={() => choose(g.game)}>
          {g.label}
        </button>
      ))}
    </div>
  )
}

export function Leaderboard({ game }: { game: Game }) {
  const board = useBoard(game)
  if (!board.loaded) return board.error ? <ErrorNote error={board.error} /> : <Spinner label="Loading the leaderboard…" />
  if (board.entries.length === 0) {
    return <p class="muted">No strategy has a rating in this game yet: ratings come from finished runs, and the demo tournaments play within ten minutes of the platform starting.</p>
  }
  const domain = ratingDomain(board.entries.map((e) => e.rating))
  return (
    <>
      <p class="muted board-note">
        Ordered by the ordinal, mu − 3 sigma: a strategy ranks high once the platform is sure it is strong. The bar spans mu ± 3 sigma, the band mu ± sigma, the
        dot mu.
      </p>
      <div class="scroll-x">
        <table class="leaderboard" data-game={game}>
          <thead>
            <tr>
              <th class="num" scope="col">
                #
              </th>
              <th scope="col">Strategy</th>
              <th scope="col">Owner</th>
              <th class="num" scope="col">
                Rating
              </th>
              <th scope="col">Uncertainty</th>
              <th class="num" scope="col">
                Runs
              </th>
              {game === 'dilemma' ? (
                <>
                  <th class="num" scope="col">
                    Cooperation
                  </th>
                  <th scope="col">Behaviour</th>
                </>
              ) : (
                <th scope="col">Last run</th>
              )}
            </tr>
          </thead>
          <tbody>
            {board.entries.map((e) => (
              <Row key={e.strategy.id} entry={e} game={game} domain={domain} />
            ))}
          </tbody>
        </table>
      </div>
      <div class="row board-foot">
        <span class="muted">
          {board.entries.length} shown{board.nextCursor ? '' : ', all there are'}
        </span>
        {board.nextCursor && (
          <button type="button" class="secondary" onClick={board.more} disabled={board.loading}>
            {board.loading ? 'Loading…' : 'More'}
          </button>
        )}
        <ErrorNote error={board.error} />
      </div>
    </>
  )
}

function Row({ entry: e, game, domain }: { entry: BoardEntry; game: Game; domain: ReturnType<typeof ratingDomain> }) {
  return (
    <tr data-strategy={e.strategy.id}>
      <td class="num">{e.rank}</td>
      <td>
        <a href={`/strategies/${e.strategy.id}`}>{e.strategy.name}</a>
      </td>
      <td class="owner">{e.strategy.owner}</td>
      <td class="num rating">
        <span class="mu-sigma">
          {fixed(e.rating.mu, 1)} ± {fixed(e.rating.sigma, 1)}
        </span>
        <span class="ordinal muted" title="mu − 3 sigma: what the board is ordered by">
          ordinal {fixed(e.rating.ordinal, 2)}
        </span>
      </td>
      <td>
        <RatingBar mu={e.rating.mu} sigma={e.rating.sigma} domain={domain} />
      </td>
      <td class="num">{e.runs}</td>
      {game === 'dilemma' ? (
        <>
          <td class="num">{percent(e.cooperationRate)}</td>
          <td>
            <Badges behaviour={e} />
          </td>
        </>
      ) : (
        <td>{e.lastRunId ? <a href={`/runs/${e.lastRunId}`}>results</a> : '–'}</td>
      )}
    </tr>
  )
}

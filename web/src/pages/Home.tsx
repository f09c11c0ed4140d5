/**
 * The home page: what the arena is about, the tournaments playing now and
 * next, the latest results, and the global leaderboard by rating.
 */
import type { ComponentChildren } from 'preact'
import { useLocation } from 'preact-iso/router'
import { Leaderboard, GameSwitch } from '../home/Leaderboard'
import { RecentResults } from '../home/RecentResults'
import { ComingUp, RunningNow } from '../home/Tournaments'
import type { Game } from '../home/types'
import { useNow } from '../home/useNow'
import { useOverview } from '../home/useOverview'
import { ErrorNote, Spinner, type Load } from '../ui/load'

export default function Home() {
  const { query, route } = useLocation()
  const game: Game = query.game === 'commons' ? 'commons' : 'dilemma'
  const { tournaments, runs } = useOverview()
  const now = useNow(1000)
  const section = <T,>(load: Load<T>, loading: string, render: (data: T) => ComponentChildren) => {
    if (load.data !== undefined) return render(load.data)
    const error = load.error ?? tournaments.error
    return error ? <ErrorNote error={error} /> : <Spinner label={loading} />
  }
  return (
    <div class="home">
      <section class="intro">
        <h1>Dilemma Arena</h1>
        <p>
          Two players each choose to cooperate or defect. Defecting pays more whatever the other does, yet two defectors both do worse than two cooperators:
          the prisoner's dilemma. Played once, defection wins; played again and again, it need not. In Robert Axelrod's tournaments of the 1980s, simple Tit
          for Tat, nice but ready to retaliate, beat far cleverer programs. Here your strategy, a few lines of JavaScript, meets everyone else's. And the game
          itself can change: a referee's fines, shared rewards or a longer future can make cooperating pay. <a href="/explorer">See how in the dilemma explorer</a>.
        </p>
        <p class="row">
          <a class="button" href="/submit">
            Submit a strategy
          </a>
          <a class="button secondary" href="/host">
            Host a tournament
          </a>
        </p>
      </section>

      <div class="grid home-tournaments">
        <section class="card" aria-labelledby="running-now">
          <h2 id="running-now">Playing now</h2>
          {section(runs, 'Looking for runs in progress…', (r) => <RunningNow running={r.running} next={tournaments.data?.upcoming[0]} now={now} />)}
        </section>
        <section class="card" aria-labelledby="coming-up">
          <h2 id="coming-up">Coming up</h2>
          {section(tournaments, 'Loading the schedules…', (t) => <ComingUp upcoming={t.upcoming.slice(0, 6)} now={now} />)}
        </section>
        <section class="card" aria-labelledby="recent-results">
          <h2 id="recent-results">Recent results</h2>
          {section(runs, 'Loading the latest results…', (r) => <RecentResults recent={r.recent} now={now} />)}
        </section>
      </div>

      <section aria-labelledby="leaderboard">
        <div class="row board-head">
          <h2 id="leaderboard">Leaderboard</h2>
          <GameSwitch game={game} choose={(g) => route(g === 'dilemma' ? '/' : `/?game=${g}`, true)} />
        </div>
        <Leaderboard game={game} />
      </section>
    </div>
  )
}

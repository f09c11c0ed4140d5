/**
 * The site's shell: header, theme, and the router. Each page is its own
 * chunk, loaded when first visited; the pages that play in the browser load
 * the sandbox (and the editor) from there, so the main bundle stays small.
 */
import { render } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import lazy, { ErrorBoundary } from 'preact-iso/lazy'
import { LocationProvider, Route, Router } from 'preact-iso/router'
import { getHandle, onSessionChange } from './lib/session'
import { ServerLink } from './ui/server-link'
import { ThemeToggle } from './ui/theme'
import './styles.css'

const Home = lazy(() => import('./pages/Home'))
const Tournament = lazy(() => import('./pages/Tournament'))
const Run = lazy(() => import('./pages/Run'))
const Match = lazy(() => import('./pages/Match'))
const Group = lazy(() => import('./pages/Group'))
const Strategy = lazy(() => import('./pages/Strategy'))
const Submit = lazy(() => import('./pages/Submit'))
const Host = lazy(() => import('./pages/Host'))
const Explorer = lazy(() => import('./pages/Explorer'))
const Experiment = lazy(() => import('./pages/Experiment'))
const Account = lazy(() => import('./pages/Account'))
const NotFound = lazy(() => import('./pages/NotFound'))

function Header() {
  const [handle, setHandle] = useState(getHandle())
  useEffect(() => onSessionChange(() => setHandle(getHandle())), [])
  return (
    <header class="site-header">
      <a class="brand" href="/">
        <span class="brand-mark" aria-hidden="true">
          <i class="c" />
          <i class="d" />
        </span>
        Dilemma Arena
      </a>
      <nav aria-label="Main">
        <a href="/">Leaderboard</a>
        <a href="/explorer">Explorer</a>
        <a href="/submit">Submit</a>
        <a href="/host">Host</a>
        <a href="/account">{handle ? `@${handle}` : 'Sign in'}</a>
      </nav>
      <ThemeToggle />
    </header>
  )
}

export function App() {
  return (
    <LocationProvider>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        <ErrorBoundary>
          <Router>
            <Route path="/" component={Home} />
            <Route path="/tournaments/:id" component={Tournament} />
            <Route path="/runs/:id" component={Run} />
            <Route path="/matches/:id" component={Match} />
            <Route path="/runs/:id/groups/:index" component={Group} />
            <Route path="/strategies/:id" component={Strategy} />
            <Route path="/strategies/:id/edit" component={Submit} />
            <Route path="/submit" component={Submit} />
            <Route path="/host" component={Host} />
            <Route path="/explorer" component={Explorer} />
            <Route path="/experiments/:id" component={Experiment} />
            <Route path="/account" component={Account} />
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </main>
      <footer class="site-footer">
        <ServerLink href="/api/docs">API docs</ServerLink> · <a href="/explorer">Why the dilemma?</a>
      </footer>
    </LocationProvider>
  )
}

render(<App />, document.getElementById('app')!)

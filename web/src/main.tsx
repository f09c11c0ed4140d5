/**
 * The site's shell: header, theme, and the router. Each page is its own
 * chunk, loaded when first visited; the pages that play in the browser load
 * the sandbox (and the editor) from there, so the main bundle stays small.
 */
import { render } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { LocationProvider, Route, Router } from 'preact-iso/router'
import { getHandle, onSessionChange } from './lib/session'
import { PageBoundary, page } from './ui/boundary'
import { ThemeToggle } from './ui/theme'
import './styles.css'

const Home = page(() => import('./pages/Home'))
const Tournament = page(() => import('./pages/Tournament'))
const Run = page(() => import('./pages/Run'))
const Match = page(() => import('./pages/Match'))
const Group = page(() => import('./pages/Group'))
const Strategy = page(() => import('./pages/Strategy'))
const Submit = page(() => import('./pages/Submit'))
const Host = page(() => import('./pages/Host'))
const Explorer = page(() => import('./pages/Explorer'))
const Experiment = page(() => import('./pages/Experiment'))
const Account = page(() => import('./pages/Account'))
const NotFound = page(() => import('./pages/NotFound'))

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

/** The site's own paths: /api/* (the API, its docs) and /assets/* are the Worker's, so links to them load for real. */
const SITE_PATHS = /^\/(?!api\/|api$|assets\/)/

/** A new page: the default title until the page sets its own, and focus on the content for keyboard and screen-reader users. */
function arrived() {
  document.title = 'Dilemma Arena'
  document.getElementById('main')?.focus({ preventScroll: true })
}

export function App() {
  return (
    <LocationProvider scope={SITE_PATHS}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        <PageBoundary>
          <Router onRouteChange={arrived}>
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
        </PageBoundary>
      </main>
      <footer class="site-footer">
        <a href="/api/docs">API docs</a> · <a href="/explorer">Why the dilemma?</a>
      </footer>
    </LocationProvider>
  )
}

render(<App />, document.getElementById('app')!)

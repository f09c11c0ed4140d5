/**
 * What a visitor sees when a page breaks: its own message and a way out,
 * instead of a blank app. A page chunk that cannot be fetched (say, the site
 * was deployed again and the old chunk names are gone) asks for a reload.
 */
import { Component, type ComponentChildren, type ComponentType } from 'preact'
import lazy from 'preact-iso/lazy'

export class PageBoundary extends Component<{ children: ComponentChildren }, { error: Error | null }> {
  override state = { error: null as Error | null }

  override componentDidCatch(error: unknown): void {
    this.setState({ error: error instanceof Error ? error : new Error(String(error)) })
  }

  override render() {
    const { error } = this.state
    if (!error) return this.props.children
    return (
      <section role="alert">
        <h1>This page broke</h1>
        <p class="error">{error.message}</p>
        <p>
          <button type="button" onClick={() => location.reload()}>
            Reload
          </button>{' '}
          or go to the <a href="/" onClick={() => this.setState({ error: null })}>leaderboard</a>.
        </p>
      </section>
    )
  }
}

function ChunkFailed() {
  return (
    <section role="alert">
      <h1>This page could not be loaded</h1>
      <p>The connection failed, or the site was updated since this tab opened.</p>
      <button type="button" onClick={() => location.reload()}>
        Reload
      </button>
    </section>
  )
}

/** A lazily loaded page whose failed download shows ChunkFailed (its Reload button tries again). */
export function page<P>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  return lazy(() => load().catch(() => ({ default: ChunkFailed as ComponentType<P> })))
}

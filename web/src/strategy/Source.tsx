/**
 * A strategy's source, highlighted, with line numbers. Every token is a
 * Preact text node inside a <span>: the source is never parsed as HTML.
 */
import { useMemo } from 'preact/hooks'
import { lines, tokenize } from './highlight'

export function Source({ source, version }: { source: string; version: number }) {
  const rows = useMemo(() => {
    const all = lines(tokenize(source))
    // A final newline ends the last line; it does not start an empty one.
    if (all.length > 1 && all[all.length - 1]!.length === 0) all.pop()
    return all
  }, [source])
  return (
    <figure class="source">
      <figcaption class="muted">
        Version {version}, {rows.length} {rows.length === 1 ? 'line' : 'lines'}
      </figcaption>
      <pre class="source-code" tabIndex={0} aria-label={`Source of version ${version}`}>
        <code>
          {rows.map((tokens, n) => (
            <span class="source-line" key={n}>
              <span class="ln" aria-hidden="true">
                {n + 1}
              </span>
              <span class="lc">
                {tokens.map((t, k) => (t.kind === 'plain' ? t.text : <span key={k} class={`tok-${t.kind}`}>{t.text}</span>))}
                {'\n'}
              </span>
            </span>
          ))}
        </code>
      </pre>
    </figure>
  )
}

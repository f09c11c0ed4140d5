/**
 * A new API token, shown this once: the platform keeps only its hash, so
 * the page says plainly to store it now, and offers a copy button.
 */
import { useState } from 'preact/hooks'

export function ShownOnce({ token, title }: { token: string; title: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token)
      setCopied('yes')
    } catch {
      // No clipboard (an insecure origin, or permission refused): the field is selectable by hand.
      setCopied('failed')
    }
  }
  return (
    <div class="card shown-once" role="region" aria-label={title}>
      <h3>{title}</h3>
      <p class="warning">
        <strong>Store this token now.</strong> It is shown only this once: the platform keeps only a hash of it and cannot show it again. Anyone holding it acts as you.
      </p>
      <div class="row token-row">
        <input class="token-value mono" type="text" readOnly value={token} aria-label="The new API token" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={copy}>
          Copy
        </button>
        <span role="status" aria-live="polite" class={copied === 'failed' ? 'error' : 'ok'}>
          {copied === 'yes' ? 'Copied.' : copied === 'failed' ? 'Could not copy: select the token and copy it by hand.' : ''}
        </span>
      </div>
      <p class="muted">
        Use it as <code>Authorization: Bearer …</code> with the <a href="/api/docs">API</a> or the <code>arena</code> command line.
      </p>
    </div>
  )
}

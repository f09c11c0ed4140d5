/**
 * The run's seed, salt and commitment. The commitment (sha256 of the seed
 * followed by the salt) was published when the run was queued, the seed and
 * salt only once it finished: so the seed was fixed before anyone could see
 * how it played. The page checks the hash itself.
 */
import { useEffect, useState } from 'preact/hooks'
import type { RunView } from './types'

async function sha256Hex(text: string): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null // not a secure context: no Web Crypto to check with
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

export function Commitment({ run }: { run: RunView }) {
  const revealed = run.standings !== null ? { seed: run.seed, salt: run.salt } : null
  const [check, setCheck] = useState<boolean | null>(null)
  useEffect(() => {
    setCheck(null)
    if (!revealed) return
    let live = true
    void sha256Hex(`${revealed.seed}${revealed.salt}`).then((hex) => live && setCheck(hex === null ? null : hex === run.commitment))
    return () => {
      live = false
    }
  }, [revealed?.seed, revealed?.salt, run.commitment])
  return (
    <section class="card commitment" aria-labelledby="seed-heading">
      <h2 id="seed-heading">Seed</h2>
      <p class="muted">The commitment, sha256 of the seed and salt, was published before the run played; the seed and salt are revealed only after it finished, so nobody could pick a seed that favours anyone.</p>
      <dl class="seed-list">
        <dt>Commitment</dt>
        <dd class="mono">{run.commitment}</dd>
        <dt>Seed</dt>
        <dd class="mono">{revealed ? revealed.seed : <span class="muted">revealed when the run finishes</span>}</dd>
        <dt>Salt</dt>
        <dd class="mono">{revealed ? revealed.salt : <span class="muted">revealed when the run finishes</span>}</dd>
      </dl>
      {check === true && <p class="ok">✓ sha256(seed + salt), computed in this browser, equals the commitment.</p>}
      {check === false && <p class="error">✗ sha256(seed + salt), computed in this browser, does not equal the commitment.</p>}
    </section>
  )
}

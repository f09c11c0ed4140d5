/** Where Debian's Chromium is (`apt-get install chromium`), or null. */
import { existsSync } from 'node:fs'

export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p)
  return candidates.find((p) => existsSync(p)) ?? null
}

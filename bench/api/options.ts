/** bench:api's command line (see bench/api.ts for what each option does). */

const argv = process.argv.slice(2)
const flag = (name: string) => argv.includes(name)

function option(name: string, fallback: number): number {
  const i = argv.indexOf(name)
  if (i < 0) return fallback
  const n = Number(argv[i + 1])
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} takes a number`)
  return n
}

/** Every value given to a repeatable option (`--server-arg X --server-arg Y`). */
function repeated(name: string): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== name) continue
    const value = argv[i + 1]
    if (value === undefined) throw new Error(`${name} needs a value`)
    out.push(value)
  }
  return out
}

export const OPTS = {
  connections: option('--connections', 10),
  duration: option('--duration', 10),
  warmup: option('--warmup', 2),
  seed: option('--seed', 1),
  port: option('--port', 0),
  build: !flag('--no-build'),
  load: !flag('--no-load'),
  replay: !flag('--no-replay'),
  keep: flag('--keep'),
  json: flag('--json'),
  /** Which endpoints the load step measures (names: health, leaderboard, run, match). */
  endpoints: (argv.includes('--endpoints') ? argv[argv.indexOf('--endpoints') + 1] ?? '' : 'health,leaderboard,run,match').split(',').filter(Boolean),
  /** Passed on to scripts/start.mjs (and from there to `wrangler dev`), e.g. `--server-arg --log-level=info`. */
  serverArgs: repeated('--server-arg'),
}

export const log = (text: string) => process.stderr.write(`bench:api: ${text}\n`)
export const now = () => performance.now()
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits

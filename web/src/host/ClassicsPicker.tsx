/**
 * Entering the house classics: the host picks any of GET /api/classics for
 * the tournament's game (all of them, or Axelrod's: those that mirror an
 * Axelrod-Python strategy) and each is entered with its own
 * POST /api/tournaments/:id/entries, as the API takes them.
 */
import { useState } from 'preact/hooks'
import { api, ApiProblem, ok } from '../api'
import { ErrorNote, Loaded, useLoad } from '../ui/load'


/** At most this many entries in flight: the API allows 60 writes per 10 s per account. */
const PARALLEL = 4
/** After a 429 (the burst limit), wait out its 10-second window. */
const BURST_WAIT_MS = 10_000

async function enterOne(tournamentId: string, strategyId: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await ok(api.api.tournaments[':id'].entries.$post({ param: { id: tournamentId }, json: { strategyId } }))
      return
    } catch (e) {
      // Entered already (a second click, another tab): that is what was wanted.
      if (e instanceof ApiProblem && e.status === 409 && /already entered/.test(e.message)) return
      if (e instanceof ApiProblem && e.code === 'rate_limited' && attempt < 3) {
        await new Promise((r) => setTimeout(r, BURST_WAIT_MS))
        continue
      }
      throw e
    }
  }
}

export function ClassicsPicker({ tournamentId, game, onEntered }: { tournamentId: string; game: 'dilemma' | 'commons'; onEntered: (ids: string[]) => void }) {
  const load = useLoad(() => ok(api.api.classics.$get({ query: { game } })), [game])
  const [chosen, setChosen] = useState<Set<string>>(new Set())
  const [entered, setEntered] = useState<Set<string>>(new Set())
  const [busy, setBusy] = useState(false)
  const [failures, setFailures] = useState<{ id: string; error: ApiProblem | Error }[]>([])

  const enter = async () => {
    const todo = [...chosen].filter((id) => !entered.has(id))
    setBusy(true)
    setFailures([])
    const done = new Set(entered)
    const failed: { id: string; error: ApiProblem | Error }[] = []
    let next = 0
    const worker = async () => {
      while (next < todo.length) {
        const id = todo[next++]!
        try {
          await enterOne(tournamentId, id)
          done.add(id)
          setEntered(new Set(done))
        } catch (e) {
          failed.push({ id, error: e instanceof Error ? e : new Error(String(e)) })
        }
      }
    }
    await Promise.all(Array.from({ length: PARALLEL }, worker))
    setFailures(failed)
    setBusy(false)
    onEntered([...done])
  }

  return (
    <Loaded load={load}>
      {(classics) => {
        const axelrod = classics.filter((c) => c.axelrod !== null).map((c) => c.id)
        const pick = (ids: string[]) => setChosen(new Set(ids))
        const toggle = (id: string, on: boolean) => {
          const next = new Set(chosen)
          if (on) next.add(id)
          else next.delete(id)
          setChosen(next)
        }
        const waiting = [...chosen].filter((id) => !entered.has(id)).length
        return (
          <div class="host-classics">
            <div class="row" role="group" aria-label="Choose classics">
              <button type="button" class="secondary" onClick={() => pick(classics.map((c) => c.id))}>
                All {classics.length}
              </button>
              {game === 'dilemma' && axelrod.length > 0 && (
                <button type="button" class="secondary" onClick={() => pick(axelrod)} title="The classics that mirror a strategy of the Axelrod-Python library">
                  Axelrod's {axelrod.length}
                </button>
              )}
              <button type="button" class="secondary" onClick={() => pick([])}>
                None
              </button>
              <span class="muted" aria-live="polite">
                {chosen.size} chosen, {entered.size} entered
              </span>
            </div>
            <ul class="host-classic-list">
              {classics.map((c) => (
                <li key={c.id}>
                  <label class="inline" title={c.description}>
                    <input type="checkbox" name="classic" value={c.id} checked={chosen.has(c.id)} disabled={entered.has(c.id)} onChange={(e) => toggle(c.id, (e.currentTarget as HTMLInputElement).checked)} />
                    <span>
                      {c.name}
                      {entered.has(c.id) && <span class="ok"> ✓ entered</span>}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
            <button type="button" onClick={enter} disabled={busy || waiting === 0}>
              {busy ? `Entering… (${entered.size} entered)` : `Enter ${waiting} ${waiting === 1 ? 'classic' : 'classics'}`}
            </button>
            {failures.map((f) => (
              <div key={f.id}>
                <span class="muted">{f.id}:</span> <ErrorNote error={f.error} />
              </div>
            ))}
          </div>
        )
      }}
    </Loaded>
  )
}

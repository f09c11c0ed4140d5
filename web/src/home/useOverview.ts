/**
 * The tournaments overview: the list first (what comes up next shows at
 * once), then the runs of a handful. Kept fresh while the page is open:
 * every few seconds while a run plays (its progress, then its result), and
 * when a countdown reaches its slot (the run it starts), for a minute and a
 * half after it, since the scheduler may start a run a little late.
 */
import { useEffect, useRef } from 'preact/hooks'
import { useLoad } from '../ui/load'
import { loadRuns, loadTournaments } from './overview'

const WHILE_RUNNING_MS = 3000
const AFTER_SLOT_MS = 10_000
const SLOT_WATCH_MS = 90_000
const MAX_WAIT_MS = 60 * 60_000

export function useOverview() {
  const tournaments = useLoad(loadTournaments, [])
  const list = tournaments.data
  const runs = useLoad(() => (list ? loadRuns(list) : new Promise<never>(() => {})), [list])
  const lastSlot = useRef(0)
  const reload = tournaments.reload
  useEffect(() => {
    if (!list || !runs.data || runs.loading) return
    const now = Date.now()
    const next = list.upcoming.map((t) => Date.parse(t.nextRunAt!)).filter((t) => t > now)
    const soonest = next.length ? Math.min(...next) : null
    let wait: number
    if (runs.data.running.length > 0) wait = WHILE_RUNNING_MS
    else if (now - lastSlot.current < SLOT_WATCH_MS) wait = AFTER_SLOT_MS
    else if (soonest !== null) wait = Math.min(MAX_WAIT_MS, soonest - now + 3000)
    else return
    const timer = setTimeout(() => {
      if (soonest !== null && Date.now() >= soonest) lastSlot.current = soonest
      reload()
    }, wait)
    return () => clearTimeout(timer)
  }, [list, runs.data, runs.loading, reload])
  return { tournaments, runs }
}

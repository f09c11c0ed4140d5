/**
 * A run, polled every second while it is queued or running and left alone
 * once it has finished or failed. Each answer replaces the last one in
 * place, so the page updates without reloading or flashing a spinner; a
 * failed poll keeps what is shown and tries again a little later.
 */
import { useEffect, useState } from 'preact/hooks'
import { api, ApiProblem, ok } from '../api'
import type { RunView } from './types'

const POLL_MS = 1000
const RETRY_MS = 3000

export function usePolledRun(id: string): { run: RunView | undefined; error: ApiProblem | undefined } {
  const [run, setRun] = useState<RunView | undefined>(undefined)
  const [error, setError] = useState<ApiProblem | undefined>(undefined)
  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    setRun(undefined)
    setError(undefined)
    const poll = async () => {
      try {
        const view = await ok(api.api.runs[':id'].$get({ param: { id } }))
        if (stopped) return
        setRun(view)
        setError(undefined)
        if (view.status === 'queued' || view.status === 'running') timer = setTimeout(poll, POLL_MS)
      } catch (e) {
        if (stopped) return
        const problem = e instanceof ApiProblem ? e : new ApiProblem(0, 'client', String(e))
        setError(problem)
        // A run that does not exist will not appear; a network or server hiccup may pass.
        if (problem.status === 0 || problem.status >= 500) timer = setTimeout(poll, RETRY_MS)
      }
    }
    void poll()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [id])
  return { run, error }
}

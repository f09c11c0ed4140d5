/**
 * Loading data for a page: `useLoad` runs an API call when its keys change,
 * keeps the last good value while reloading, and reports an ApiProblem;
 * `<Loaded>` shows the spinner, the error or the content.
 */
import type { ComponentChildren } from 'preact'
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { ApiProblem } from '../api'

export interface Load<T> {
  data: T | undefined
  error: ApiProblem | undefined
  loading: boolean
  reload: () => void
}

export function useLoad<T>(fetcher: () => Promise<T>, keys: readonly unknown[]): Load<T> {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<ApiProblem | undefined>(undefined)
  const [loading, setLoading] = useState(true)
  const [tick, setTick] = useState(0)
  const latest = useRef(0)
  const shownKeys = useRef<readonly unknown[] | null>(null)
  useEffect(() => {
    const call = ++latest.current
    // Another id (the router keeps the page's component when only a parameter changes): never show the last one's data under the new address.
    const sameKeys = shownKeys.current !== null && shownKeys.current.length === keys.length && shownKeys.current.every((k, i) => Object.is(k, keys[i]))
    if (!sameKeys) {
      shownKeys.current = keys
      setData(undefined)
      setError(undefined)
    }
    setLoading(true)
    fetcher().then(
      (value) => {
        if (call !== latest.current) return
        setData(value)
        setError(undefined)
        setLoading(false)
      },
      (e: unknown) => {
        if (call !== latest.current) return
        setError(e instanceof ApiProblem ? e : new ApiProblem(0, 'client', e instanceof Error ? e.message : String(e)))
        setLoading(false)
      },
    )
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...keys, tick])
  const reload = useCallback(() => setTick((t) => t + 1), [])
  return { data, error, loading, reload }
}

export function ErrorNote({ error }: { error: ApiProblem | Error | undefined | null }) {
  if (!error) return null
  const status = error instanceof ApiProblem && error.status ? `${error.status} ` : ''
  return (
    <p class="error" role="alert">
      {status}
      {error.message}
    </p>
  )
}

/** The message of an error that concerns one form field, shown beside that field. */
export function FieldError({ error, field }: { error: ApiProblem | undefined | null; field: string }) {
  if (!error?.field) return null
  if (error.field !== field && !error.field.startsWith(field + '.')) return null
  return (
    <span class="field-error" role="alert" data-field={error.field}>
      {error.message}
    </span>
  )
}

/** True when the API's error names this field (or one under it), so the general error line can skip it. */
export function isFieldError(error: ApiProblem | undefined | null, fields: readonly string[]): boolean {
  const f = error?.field
  return !!f && fields.some((name) => f === name || f.startsWith(name + '.'))
}

export function Loaded<T>({ load, children }: { load: Load<T>; children: (data: T) => ComponentChildren }) {
  // A failed reload keeps what was shown, and says so above it.
  if (load.data !== undefined)
    return (
      <>
        <ErrorNote error={load.error} />
        {children(load.data)}
      </>
    )
  if (load.error) return <ErrorNote error={load.error} />
  return <Spinner />
}

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <p class="muted" role="status" aria-live="polite">
      {label}
    </p>
  )
}

/**
 * The global leaderboard of one game, a page at a time: "more" appends the
 * next page (the API's nextCursor) to what is shown; changing the game
 * starts again from the top.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { api, ApiProblem, ok, type Body } from '../api'
import type { Game } from './types'

export type BoardPage = Body<typeof api.api.leaderboard.$get>
export type BoardEntry = BoardPage['entries'][number]

export const PAGE_SIZE = 25

export interface Board {
  entries: BoardEntry[]
  nextCursor: string | null
  loading: boolean
  error: ApiProblem | undefined
  /** False until the first page has answered. */
  loaded: boolean
  more: () => void
}

export function useBoard(game: Game): Board {
  const [entries, setEntries] = useState<BoardEntry[]>([])
  const [nextCursor, setNextCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [loaded, setLoaded] = useState(false)
  const [error, setError] = useState<ApiProblem | undefined>(undefined)
  // A page asked for a game that is no longer shown is dropped.
  const current = useRef(0)

  const load = useCallback(
    (cursor: string | null) => {
      const call = ++current.current
      setLoading(true)
      const query = cursor ? { game, limit: String(PAGE_SIZE), cursor } : { game, limit: String(PAGE_SIZE) }
      ok(api.api.leaderboard.$get({ query })).then(
        (page) => {
          if (call !== current.current) return
          setEntries((shown) => (cursor ? [...shown, ...page.entries] : page.entries))
          setNextCursor(page.nextCursor)
          setError(undefined)
          setLoading(false)
          setLoaded(true)
        },
        (e: unknown) => {
          if (call !== current.current) return
          setError(e instanceof ApiProblem ? e : new ApiProblem(0, 'client', String(e)))
          setLoading(false)
        },
      )
    },
    [game],
  )

  useEffect(() => {
    setEntries([])
    setLoaded(false)
    setNextCursor(null)
    load(null)
  }, [load])

  const more = useCallback(() => {
    if (nextCursor) load(nextCursor)
  }, [load, nextCursor])
  return { entries, nextCursor, loading, error, loaded, more }
}

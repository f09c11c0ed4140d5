/** Client-side pages of a long list: previous, next, and where you are. */
import { useEffect, useState } from 'preact/hooks'

export function usePage<T>(items: readonly T[], size: number, resetKey: unknown): { shown: readonly T[]; page: number; pages: number; go: (p: number) => void } {
  const [page, setPage] = useState(0)
  useEffect(() => setPage(0), [resetKey])
  const pages = Math.max(1, Math.ceil(items.length / size))
  const p = Math.min(page, pages - 1)
  return { shown: items.slice(p * size, (p + 1) * size), page: p, pages, go: setPage }
}

export function Pager({ page, pages, go, label }: { page: number; pages: number; go: (p: number) => void; label: string }) {
  if (pages <= 1) return null
  return (
    <nav class="pager row" aria-label={label}>
      <button type="button" class="secondary" onClick={() => go(page - 1)} disabled={page === 0}>
        Previous
      </button>
      <span class="num">
        page {page + 1} of {pages}
      </span>
      <button type="button" class="secondary" onClick={() => go(page + 1)} disabled={page >= pages - 1}>
        Next
      </button>
    </nav>
  )
}

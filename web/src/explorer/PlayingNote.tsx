/** What a live run is doing: playing (with its progress), failed, or done (nothing said). */
export function PlayingNote({ playing, progress, unit, error }: { playing: boolean; progress: { done: number; total: number } | null; unit: string; error: string | null }) {
  if (error) {
    return (
      <p class="error" role="alert">
        Could not play it here: {error}
      </p>
    )
  }
  return (
    <p class="playing-note" role="status" aria-live="polite">
      {playing ? (
        <>
          <span class="spinner" aria-hidden="true" />
          playing…
          {progress && (
            <>
              {' '}
              {progress.done} of {progress.total} {unit}
              <progress max={progress.total} value={progress.done} aria-hidden="true" />
            </>
          )}
        </>
      ) : (
        <span class="visually-hidden">played</span>
      )}
    </p>
  )
}

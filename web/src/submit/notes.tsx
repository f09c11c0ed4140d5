/** What the submit page says about errors and sign-in, each next to what it concerns. */
import { ApiProblem } from '../api'
import type { SourceMark } from '../editor/types'
import { dateTime, relative } from '../ui/format'
import { ErrorNote } from '../ui/load'
import { LimitProblem } from './send'

/** The error under the editor: the source did not load, in the browser or at the API. */
export function SourceError({ error, mark, goTo }: { error: { message: string; from: 'try' | 'api' } | null; mark: SourceMark | null; goTo: (line: number, column: number) => void }) {
  if (!error) return null
  return (
    <div class="source-error" role="alert" id="source-error">
      <p>
        <strong>{error.from === 'try' ? 'Your draft does not load' : 'The arena refused the source'}:</strong> <span class="source-error-message">{error.message}</span>
      </p>
      {mark && (
        <button type="button" class="secondary" onClick={() => goTo(mark.line, mark.column)}>
          Go to line {mark.line}, column {mark.column}
        </button>
      )}
    </div>
  )
}

/** Submitting needs an identity; the draft waits in this browser meanwhile. */
export function SignInNote() {
  return (
    <p class="note" data-note="sign-in">
      Submitting needs an identity: <a href="/account">create one or sign in on the account page</a> (a handle is all it takes). Your draft stays saved in this
      browser meanwhile, and "Try it" works without signing in.
    </p>
  )
}

/** An error that concerns no field: a limit with its reset time, a refused token, or anything else. */
export function SubmitError({ error }: { error: ApiProblem | null }) {
  if (!error) return null
  if (error instanceof LimitProblem) {
    return (
      <p class="error" role="alert">
        Too many submissions for now: {sentence(error.message)}
        {error.resetAt && (
          <>
            {' '}
            You can submit again {relative(error.resetAt)} (at {new Date(error.resetAt).toLocaleTimeString()}, {dateTime(error.resetAt)}). Your draft stays saved here.
          </>
        )}
      </p>
    )
  }
  if (error.status === 401) {
    return (
      <p class="error" role="alert">
        The arena did not accept your sign-in ({error.message}): the token may have been revoked. <a href="/account">Sign in again</a>; your draft stays saved here.
      </p>
    )
  }
  return <ErrorNote error={error} />
}

/** A message as a sentence of its own, so that what follows reads as the next one. */
function sentence(message: string): string {
  return /[.!?]$/.test(message) ? message : message + '.'
}

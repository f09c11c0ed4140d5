/**
 * A button that asks before it acts: the first press shows the question with
 * "Yes" and "Cancel" in place (keyboard focus moves to "Cancel", so a second
 * Enter does not act by accident). An inline question rather than
 * window.confirm: it is styled, readable in both themes, and says exactly
 * what will happen.
 */
import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiProblem } from '../api'
import { ErrorNote } from '../ui/load'

interface Props {
  /** The first button's text. */
  label: ComponentChildren
  /** What pressing "yes" will do, as a question. */
  question: ComponentChildren
  /** The confirming button's text. */
  yes: string
  onConfirm: () => Promise<void>
  /** An accessible name for the first button when its text is short ("Revoke"). */
  ariaLabel?: string
}

export function ConfirmButton({ label, question, yes, onConfirm, ariaLabel }: Props) {
  const [asking, setAsking] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiProblem | Error | null>(null)
  const cancel = useRef<HTMLButtonElement>(null)
  const first = useRef<HTMLButtonElement>(null)
  const asked = useRef(false)
  useEffect(() => {
    // Focus follows the question: onto "Cancel" when it appears, back to the button when it goes.
    if (asking) cancel.current?.focus()
    else if (asked.current) first.current?.focus()
    asked.current = asking
  }, [asking])
  const confirm = async () => {
    setBusy(true)
    setError(null)
    try {
      await onConfirm()
      setAsking(false)
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)))
    } finally {
      setBusy(false)
    }
  }
  if (!asking)
    return (
      <button type="button" class="secondary danger" ref={first} aria-label={ariaLabel} onClick={() => setAsking(true)}>
        {label}
      </button>
    )
  return (
    <span class="confirm" role="group" aria-label="Confirm">
      <span class="confirm-question">{question}</span>
      <button type="button" class="danger" disabled={busy} onClick={confirm}>
        {busy ? 'Working…' : yes}
      </button>
      <button type="button" class="secondary" ref={cancel} disabled={busy} onClick={() => setAsking(false)}>
        Cancel
      </button>
      <ErrorNote error={error} />
    </span>
  )
}

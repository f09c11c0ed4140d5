/**
 * Submit a strategy (/submit), or a new version of one's own
 * (/strategies/:id/edit, with `id`): a code editor with templates, "Try it"
 * against the classics in this browser's sandbox, errors at their line, then
 * the API. The draft is saved in this browser as it is typed.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso/router'
import type { Fault } from '../../../src/engine/types'
import { api, ApiProblem, ok } from '../api'
import { Editor } from '../editor/Editor'
import type { EditorHandle } from '../editor/types'
import { getHandle, getToken, onSessionChange } from '../lib/session'
import { dateTime } from '../ui/format'
import { FieldError, isFieldError, Spinner, useLoad, type Load } from '../ui/load'
import { clearDraft, loadDraft, saveDraft, type Draft } from '../submit/draft'
import { SignInNote, SourceError, SubmitError } from '../submit/notes'
import { submitStrategy, type Submission } from '../submit/send'
import { TemplatePicker } from '../submit/TemplatePicker'
import { BLANK, listClassics } from '../submit/templates'
import { TryIt } from '../submit/TryIt'
import { markOf } from '../submit/where'

export default function Submit({ id }: { id?: string }) {
  // A fresh form for each strategy: moving from one edit page to another must not carry a draft over.
  return <SubmitForm key={id ?? '(new)'} id={id} />
}

type Profile = Awaited<ReturnType<typeof loadProfile>>

function loadProfile(id: string) {
  return ok(api.api.strategies[':id'].$get({ param: { id } }))
}

function SubmitForm({ id }: { id: string | undefined }) {
  const editing = id !== undefined
  const { route } = useLocation()
  const [handle, setHandle] = useState(getToken() ? getHandle() : null)
  useEffect(() => onSessionChange(() => setHandle(getToken() ? getHandle() : null)), [])

  const saved = useMemo(() => loadDraft(id), [id])
  const [form, setForm] = useState<Submission>(saved ?? { name: '', description: '', isPublic: false, source: editing ? '' : BLANK })
  const [restored, setRestored] = useState<Draft | null>(saved)
  // Only what the person changed is saved: a form filled from the API is not a draft.
  const dirty = useRef(false)
  const [storageFull, setStorageFull] = useState(false)
  useEffect(() => {
    if (dirty.current) setStorageFull(!saveDraft(id, form))
  }, [form, id])
  const update = (patch: Partial<Submission>) => {
    dirty.current = true
    setForm((f) => ({ ...f, ...patch }))
  }

  const current: Load<Profile | null> = useLoad(() => (id !== undefined ? loadProfile(id) : Promise.resolve(null)), [id, handle])
  useEffect(() => {
    const s = current.data
    if (!s || s.source === undefined || dirty.current) return
    // Unsaved changes restored from this browser win over the latest version.
    setForm({ name: s.name, isPublic: s.public, description: saved?.description ?? s.description, source: saved?.source ?? s.source })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current.data])

  const classics = useLoad(listClassics, [])
  const editor = useRef<EditorHandle | null>(null)
  const goTo = (line: number, column: number) => editor.current?.goTo(line, column)

  const [sourceError, setSourceError] = useState<{ message: string; from: 'try' | 'api' } | null>(null)
  const mark = useMemo(() => (sourceError ? markOf(sourceError.message) : null), [sourceError])
  const [submitError, setSubmitError] = useState<ApiProblem | null>(null)
  const [busy, setBusy] = useState(false)

  const onSetupFault = (fault: Fault | null) => setSourceError(fault ? { message: fault.message, from: 'try' } : null)

  const submit = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setSubmitError(null)
    try {
      const strategyId = await submitStrategy(form, id)
      clearDraft(id)
      route(`/strategies/${encodeURIComponent(strategyId)}`)
    } catch (err) {
      const problem = err instanceof ApiProblem ? err : new ApiProblem(0, 'client', err instanceof Error ? err.message : String(err))
      setSubmitError(problem)
      // An error about the source replaces the one shown; any other clears only the API's earlier one ("Try it"'s still holds).
      setSourceError((shown) => (problem.field === 'source' ? { message: problem.message, from: 'api' } : shown?.from === 'api' ? null : shown))
    } finally {
      setBusy(false)
    }
  }

  const discardDraft = () => {
    clearDraft(id)
    dirty.current = false
    setRestored(null)
    const s = current.data
    setForm(s && s.source !== undefined ? { name: s.name, description: s.description, isPublic: s.public, source: s.source } : { name: '', description: '', isPublic: false, source: BLANK })
  }

  if (editing) {
    if (current.data === undefined) return current.error ? <EditRefused id={id} error={current.error} /> : <Spinner label="Loading the strategy…" />
    const s = current.data!
    if (s.source === undefined || (handle !== null && s.owner !== handle)) return <NotYours id={id} owner={s.owner} signedIn={handle !== null} />
  }
  const strategyName = editing ? current.data!.name : form.name
  const nameInvalid = isFieldError(submitError, ['name'])
  const descriptionInvalid = isFieldError(submitError, ['description'])

  return (
    <div class="submit-page">
      <h1>{editing ? `New version of ${strategyName}` : 'Submit a strategy'}</h1>
      <p class="muted intro">
        A strategy is a JavaScript module whose default export returns <code>'C'</code> or <code>'D'</code> each round. Start from a template, try it against the
        classics right here, then submit it to enter tournaments.
      </p>
      {restored && (
        <p class="note" data-note="restored">
          {editing ? 'Your unsaved changes' : 'Your draft'} from {dateTime(restored.savedAt)} {editing ? 'are' : 'is'} back: drafts are saved in this browser as you type.{' '}
          <button type="button" class="link" onClick={discardDraft}>
            {editing ? 'Discard them' : 'Start over'}
          </button>
        </p>
      )}
      <form class="submit-form" onSubmit={submit} noValidate>
        <div class="submit-fields">
          {editing ? (
            <p>
              Strategy: <a href={`/strategies/${id}`}>{strategyName}</a> ({current.data!.public ? 'public' : 'private'}, version {current.data!.version} now)
            </p>
          ) : (
            <label>
              Name
              <input type="text" value={form.name} maxLength={100} aria-invalid={nameInvalid} onInput={(e) => update({ name: e.currentTarget.value })} />
              <FieldError error={submitError} field="name" />
            </label>
          )}
          <label>
            Description <span class="hint">(optional: what it does, in a sentence or two)</span>
            <textarea rows={2} value={form.description} maxLength={2000} aria-invalid={descriptionInvalid} onInput={(e) => update({ description: e.currentTarget.value })} />
            <FieldError error={submitError} field="description" />
          </label>
          {!editing && (
            <label class="check">
              <input type="checkbox" checked={form.isPublic} onChange={(e) => update({ isPublic: e.currentTarget.checked })} />
              <span>
                Public source
                <span class="hint">Anyone can read it and verify its matches in their own browser. Unticked, only you see the source; everyone sees its results.</span>
              </span>
            </label>
          )}
        </div>

        <div class="submit-source">
          <TemplatePicker classics={classics.data} classicsError={classics.error} source={form.source} onPick={(source) => update({ source })} />
          <h2 id="source-label" class="source-label">Source</h2>
          <Editor value={form.source} onInput={(source) => update({ source })} mark={mark} label="Strategy source (JavaScript)" labelledBy="source-label" handle={editor} />
          <SourceError error={sourceError} mark={mark} goTo={goTo} />
          {storageFull && <p class="error">This browser would not save the draft (storage full or turned off): keep a copy elsewhere.</p>}
        </div>

        <div class="submit-try">
          <TryIt source={form.source} name={form.name} classics={classics.data} onSetupFault={onSetupFault} goTo={goTo} />
        </div>

        <div class="submit-send">
          {handle === null && <SignInNote />}
          <div class="row">
            <button type="submit" disabled={busy || handle === null}>
              {busy ? 'Checking and sending…' : editing ? 'Submit new version' : 'Submit strategy'}
            </button>
            <span class="muted">The arena loads it and plays a few short matches before accepting it.</span>
          </div>
          {!isFieldError(submitError, ['name', 'description', 'source']) && <SubmitError error={submitError} />}
        </div>
      </form>
    </div>
  )
}

function EditRefused({ id, error }: { id: string; error: ApiProblem }) {
  return (
    <div>
      <h1>Edit a strategy</h1>
      <p class="error" role="alert">
        {error.status === 404 ? `There is no strategy "${id}".` : `The strategy could not be loaded: ${error.message}`}
      </p>
      <p>
        <a href="/submit">Submit a new strategy</a> instead.
      </p>
    </div>
  )
}

function NotYours({ id, owner, signedIn }: { id: string; owner: string; signedIn: boolean }) {
  return (
    <div>
      <h1>Edit a strategy</h1>
      {signedIn ? (
        <p>
          Only its owner can add a version: <a href={`/strategies/${id}`}>this strategy</a> belongs to {owner}.
        </p>
      ) : (
        <p>
          Only its owner can add a version to <a href={`/strategies/${id}`}>this strategy</a>: <a href="/account">sign in</a> as {owner} first.
        </p>
      )}
      <p>
        <a href="/submit">Submit a strategy of your own</a>.
      </p>
    </div>
  )
}

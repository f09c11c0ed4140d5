/**
 * Start from a template: the blank one (its comments explain `view`) or a
 * classic's source. Replacing the draft can be undone with one button.
 */
import { useState } from 'preact/hooks'
import { ApiProblem } from '../api'
import { ErrorNote } from '../ui/load'
import { BLANK, BLANK_ID, classicSource, type ClassicInfo } from './templates'

interface Props {
  classics: ClassicInfo[] | undefined
  classicsError: ApiProblem | undefined
  source: string
  onPick: (source: string) => void
}

export function TemplatePicker({ classics, classicsError, source, onPick }: Props) {
  const [choice, setChoice] = useState(BLANK_ID)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiProblem | null>(null)
  const [replaced, setReplaced] = useState<{ previous: string; with: string; name: string } | null>(null)
  const picked = classics?.find((c) => c.id === choice)

  const use = async () => {
    setBusy(true)
    setError(null)
    try {
      const text = choice === BLANK_ID ? BLANK : await classicSource(choice)
      setReplaced(source.trim() && source !== text ? { previous: source, with: text, name: picked?.name ?? 'the blank template' } : null)
      onPick(text)
    } catch (e) {
      setError(e instanceof ApiProblem ? e : new ApiProblem(0, 'client', String(e)))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="template-picker">
      <div class="row">
        <label class="inline">
          Start from
          <select value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
            <option value={BLANK_ID}>Blank, with view explained</option>
            {classics && (
              <optgroup label="Classics">
                {classics.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        <button type="button" class="secondary" onClick={use} disabled={busy}>
          {busy ? 'Loading…' : 'Use this template'}
        </button>
      </div>
      <p class="muted template-about">{picked ? picked.description : 'A strategy that always cooperates, with comments on everything view holds.'}</p>
      {classicsError && <p class="muted">The classics could not be listed ({classicsError.message}); the blank template is here.</p>}
      <ErrorNote error={error} />
      {replaced && source === replaced.with && (
        <p class="note">
          The editor now holds {replaced.name}.{' '}
          <button
            type="button"
            class="link"
            onClick={() => {
              onPick(replaced.previous)
              setReplaced(null)
            }}
          >
            Bring back my previous draft
          </button>
        </p>
      )}
    </div>
  )
}

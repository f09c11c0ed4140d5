/**
 * The code editor as a Preact component. CodeMirror is imported here
 * dynamically (./codemirror is a chunk of its own), so it loads with the
 * first page that shows an editor and never with the main bundle. Until it
 * has loaded, or if it cannot, a plain text box holds the source, so the
 * text is always there and can still be edited when the chunk fails.
 */
import type { RefObject } from 'preact'
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks'
import type { EditorHandle, SourceMark } from './types'

interface Props {
  value: string
  onInput: (text: string) => void
  /** The error to mark at its line, if any. */
  mark: SourceMark | null
  label: string
  /** Receives the editor once it is there (to move the cursor to an error's line). */
  handle?: RefObject<EditorHandle | null>
  /** Id of the element that labels the editor, for the fallback text box. */
  labelledBy?: string
}

export function Editor({ value, onInput, mark, label, handle, labelledBy }: Props) {
  const host = useRef<HTMLDivElement>(null)
  const editor = useRef<EditorHandle | null>(null)
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading')
  const keysId = useId()
  // The latest props, for the editor's change callback, which is made once.
  const latest = useRef({ value, onInput })
  latest.current = { value, onInput }

  useEffect(() => {
    let gone = false
    import('./codemirror').then(
      (cm) => {
        if (gone || !host.current) return
        editor.current = cm.createEditor({ parent: host.current, text: latest.current.value, onChange: (text) => latest.current.onInput(text), label, describedBy: keysId })
        if (handle) handle.current = editor.current
        setState('ready')
      },
      () => {
        if (!gone) setState('failed')
      },
    )
    return () => {
      gone = true
      editor.current?.destroy()
      editor.current = null
      if (handle) handle.current = null
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // Layout effect: it runs before the next keystroke can reach the editor, so an older value never overwrites newer typing.
  useLayoutEffect(() => editor.current?.setText(value), [value, state])
  useEffect(() => editor.current?.markError(mark), [mark, state])

  return (
    <div class="editor">
      <div ref={host} class="editor-host" />
      {state !== 'ready' && (
        <textarea
          class="editor-fallback mono"
          aria-label={labelledBy ? undefined : label}
          aria-labelledby={labelledBy}
          aria-describedby={keysId}
          spellcheck={false}
          readOnly={state === 'loading'}
          value={value}
          onInput={(e) => onInput(e.currentTarget.value)}
        />
      )}
      <p id={keysId} class="muted editor-keys">
        {state === 'failed' ? (
          <span class="error">The code editor could not load (reload to try again); this plain text box keeps your source meanwhile.</span>
        ) : state === 'loading' ? (
          'Loading the editor…'
        ) : (
          <>
            Tab indents. To leave the editor with the keyboard, press <kbd>Esc</kbd> then <kbd>Tab</kbd>.
          </>
        )}
      </p>
    </div>
  )
}

/**
 * The code editor: CodeMirror 6 in JavaScript mode. This module is the lazy
 * chunk (Editor.tsx imports it dynamically), so nothing of CodeMirror lands
 * in the main bundle or on a page that has no editor.
 *
 * Colours come from the site's CSS variables (styles.css, and the syntax
 * colours in styles/submit.css), so the editor follows the light and dark
 * themes, and a switch of theme, without being rebuilt.
 *
 * Tab indents, as in any code editor; CodeMirror's own escape hatch keeps
 * the keyboard free: Escape then Tab moves focus out (Ctrl-M / Shift-Alt-M
 * on macOS switches Tab to moving focus for good). The page says so beside
 * the editor.
 */
import { javascript } from '@codemirror/lang-javascript'
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language'
import { lintGutter, setDiagnostics } from '@codemirror/lint'
import { EditorState, StateEffect, StateField } from '@codemirror/state'
import { Decoration, keymap, type DecorationSet } from '@codemirror/view'
import { indentWithTab } from '@codemirror/commands'
import { tags as t } from '@lezer/highlight'
import { basicSetup, EditorView } from 'codemirror'
import type { EditorHandle, EditorOptions, SourceMark } from './types'

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)', borderRadius: '6px', fontSize: '0.9rem' },
  '&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '2px' },
  '.cm-scroller': { fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace", lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': {
    backgroundColor: 'color-mix(in srgb, var(--accent) 30%, transparent)',
  },
  '.cm-gutters': { backgroundColor: 'var(--bg)', color: 'var(--muted)', borderRight: '1px solid var(--border)', borderRadius: '6px 0 0 6px' },
  '.cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 14%, transparent)', color: 'var(--text)' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent) 7%, transparent)' },
  '&.cm-focused .cm-matchingBracket': { backgroundColor: 'color-mix(in srgb, var(--ok) 25%, transparent)', outline: '1px solid var(--ok)' },
  '&.cm-focused .cm-nonmatchingBracket': { backgroundColor: 'color-mix(in srgb, var(--error) 25%, transparent)' },
  '.cm-selectionMatch': { backgroundColor: 'color-mix(in srgb, var(--flip) 30%, transparent)' },
  '.cm-searchMatch': { backgroundColor: 'color-mix(in srgb, var(--flip) 45%, transparent)', outline: '1px solid var(--flip)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--accent-text)' },
  '.cm-panels': { backgroundColor: 'var(--bg)', color: 'var(--text)' },
  '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--border)' },
  '.cm-panel input, .cm-panel button': { color: 'var(--text)' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--error)' },
  '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy var(--error)', textUnderlineOffset: '3px' },
  '.cm-foldPlaceholder': { backgroundColor: 'var(--bg)', color: 'var(--muted)', border: '1px solid var(--border)' },
})

/** Token colours: variables defined per theme in styles/submit.css, each readable on --surface. */
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword, t.definitionKeyword], color: 'var(--code-keyword)' },
  { tag: [t.string, t.special(t.string), t.regexp], color: 'var(--code-string)' },
  { tag: [t.number, t.bool, t.null, t.atom], color: 'var(--code-number)' },
  { tag: [t.comment, t.lineComment, t.blockComment, t.docComment], color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: [t.function(t.variableName), t.function(t.definition(t.variableName)), t.function(t.propertyName)], color: 'var(--code-function)' },
  { tag: [t.propertyName, t.definition(t.propertyName)], color: 'var(--code-property)' },
  { tag: t.invalid, color: 'var(--error)' },
])

/** The line of the current error, as a whole-line highlight that follows edits. */
const setErrorLine = StateEffect.define<number | null>()
const errorLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = marks.map(tr.changes)
    for (const e of tr.effects) {
      if (!e.is(setErrorLine)) continue
      next = e.value === null ? Decoration.none : Decoration.set([Decoration.line({ class: 'cm-error-line', attributes: { 'data-error-line': String(e.value) } }).range(tr.state.doc.line(e.value).from)])
    }
    return next
  },
  provide: (field) => EditorView.decorations.from(field),
})

/** A line and column from 1 as a position in the document, clamped to what exists. */
function position(state: EditorState, line: number, column: number): { pos: number; line: number; to: number } {
  const l = state.doc.line(Math.min(Math.max(1, Math.floor(line)), state.doc.lines))
  const pos = Math.min(l.from + Math.max(0, Math.floor(column) - 1), l.to)
  return { pos, line: l.number, to: l.to }
}

export function createEditor(options: EditorOptions): EditorHandle {
  const attributes: Record<string, string> = { 'aria-label': options.label }
  if (options.describedBy) attributes['aria-describedby'] = options.describedBy
  let applying = false
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.text,
      extensions: [
        basicSetup,
        keymap.of([indentWithTab]),
        javascript(),
        syntaxHighlighting(highlight),
        theme,
        lintGutter(),
        errorLine,
        EditorView.contentAttributes.of(attributes),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !applying) options.onChange(update.state.doc.toString())
        }),
      ],
    }),
  })

  return {
    setText(text) {
      if (view.state.doc.toString() === text) return
      applying = true
      try {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, effects: setErrorLine.of(null) })
      } finally {
        applying = false
      }
    },
    markError(mark: SourceMark | null) {
      if (!mark) {
        view.dispatch(setDiagnostics(view.state, []), { effects: setErrorLine.of(null) })
        return
      }
      const { pos, line, to } = position(view.state, mark.line, mark.column)
      const diagnostic = { from: pos, to: Math.min(pos + 1, to), severity: 'error' as const, message: mark.message, source: 'sandbox' }
      // No scrolling here: the message under the editor has a button that goes to the line.
      view.dispatch(setDiagnostics(view.state, [diagnostic]), { effects: setErrorLine.of(line) })
    },
    goTo(line, column) {
      const { pos } = position(view.state, line, column)
      view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) })
      view.focus()
    },
    destroy() {
      view.destroy()
    },
  }
}

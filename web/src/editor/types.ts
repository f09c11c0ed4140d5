/**
 * What the page knows of the code editor, without importing CodeMirror: the
 * editor itself is a lazy chunk (codemirror.ts), loaded only by the pages
 * that show it, so these types live apart from it.
 */

/** A place in the source an error names, from 1 like the sandbox's messages. */
export interface SourceMark {
  line: number
  column: number
  message: string
}

export interface EditorOptions {
  parent: HTMLElement
  text: string
  /** Called with the whole text after every change the user makes. */
  onChange: (text: string) => void
  /** The accessible name of the editing area. */
  label: string
  /** Id of the element that says how to leave the editor with the keyboard. */
  describedBy?: string
}

export interface EditorHandle {
  /** Replace the text (one undoable change), unless it is already that. */
  setText(text: string): void
  /** Mark the line of an error (a lint diagnostic and a line highlight), or clear the mark. */
  markError(mark: SourceMark | null): void
  /** Put the cursor at a line and column, scroll there and focus the editor. */
  goTo(line: number, column: number): void
  destroy(): void
}

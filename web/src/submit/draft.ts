/**
 * Drafts kept in this browser's localStorage, so nothing typed is lost on a
 * reload, on leaving the page, or while signing in: one for a new strategy,
 * and one per strategy being edited.
 */
export interface Draft {
  name: string
  description: string
  isPublic: boolean
  source: string
  /** ISO time of the last save. */
  savedAt: string
}

const key = (id: string | undefined) => (id === undefined ? 'arena.draft.new' : `arena.draft.edit.${id}`)

export function loadDraft(id: string | undefined): Draft | null {
  try {
    const raw = localStorage.getItem(key(id))
    if (!raw) return null
    const d = JSON.parse(raw) as Partial<Draft>
    if (typeof d.source !== 'string') return null
    return {
      name: typeof d.name === 'string' ? d.name : '',
      description: typeof d.description === 'string' ? d.description : '',
      isPublic: d.isPublic === true,
      source: d.source,
      savedAt: typeof d.savedAt === 'string' ? d.savedAt : new Date(0).toISOString(),
    }
  } catch {
    return null // storage off, or not JSON: start afresh
  }
}

/** Save a draft; false when the browser refuses (storage full or off). */
export function saveDraft(id: string | undefined, draft: Omit<Draft, 'savedAt'>): boolean {
  try {
    localStorage.setItem(key(id), JSON.stringify({ ...draft, savedAt: new Date().toISOString() }))
    return true
  } catch {
    return false
  }
}

export function clearDraft(id: string | undefined): void {
  try {
    localStorage.removeItem(key(id))
  } catch {
    // nothing kept, nothing to clear
  }
}

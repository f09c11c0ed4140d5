/**
 * The signed-in identity: an API token and its handle, kept in this
 * browser's localStorage. The token is the only credential there is.
 */
const TOKEN = 'arena.token'
const HANDLE = 'arena.handle'
const listeners = new Set<() => void>()

function read(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

export function getToken(): string | null {
  return read(TOKEN)
}

export function getHandle(): string | null {
  return read(HANDLE)
}

export function signIn(token: string, handle: string): void {
  localStorage.setItem(TOKEN, token)
  localStorage.setItem(HANDLE, handle)
  for (const l of listeners) l()
}

export function signOut(): void {
  localStorage.removeItem(TOKEN)
  localStorage.removeItem(HANDLE)
  for (const l of listeners) l()
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

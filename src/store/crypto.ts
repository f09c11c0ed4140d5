/**
 * Ids, API tokens and hashes, with Web Crypto only (the same in workerd and Node).
 */

const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz' // Crockford's alphabet, lowercase: no i, l, o, u

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(n))
}

function base32(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b.toString(16).padStart(2, '0')
  return out
}

/**
 * A new random id: 128 bits as 26 lowercase base32 characters. Never
 * contains `-`, so it cannot collide with a classic's kebab-case id.
 */
export function newId(): string {
  return base32(randomBytes(16))
}

/** Lowercase hex SHA-256 of a string's UTF-8 bytes, or of raw bytes. */
export async function sha256Hex(data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)))
}

/** Prefix of every API token (recognisable in logs and by secret scanners). */
export const API_TOKEN_PREFIX = 'da_'

/**
 * A new API token for the token row `id`: `da_<id>_<256 random bits>`, and
 * the hash to store (`api_tokens.token_hash`). Show `token` once to its
 * owner. The id in it is not secret: it finds the row, whose hash is then
 * compared with the presented token's in constant time (`sameHash`).
 */
export async function generateApiToken(id: string): Promise<{ token: string; hash: string }> {
  const token = `${API_TOKEN_PREFIX}${id}_${base32(randomBytes(32))}`
  return { token, hash: await sha256Hex(token) }
}

/** The token row id a presented token names, or null when it is not one of ours. */
export function apiTokenId(token: string): string | null {
  const m = /^da_([0-9a-z]{26})_[0-9a-z]{52}$/.exec(token)
  return m ? m[1]! : null
}

/** The hash under which a token is stored. */
export function hashApiToken(token: string): Promise<string> {
  return sha256Hex(token)
}

/** Whether two hex hashes are equal, in time that does not depend on where they differ. */
export function sameHash(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/** A new 128-bit salt, as 32 hex digits. */
export function newSalt(): string {
  return toHex(randomBytes(16))
}

/**
 * The published commitment of a run: sha256 of the seed (its decimal digits)
 * followed by the salt (hex), i.e. sha256(`${seed}${salt}`). Anyone can check
 * it once the seed and salt are revealed.
 */
export function runCommitment(seed: number, salt: string): Promise<string> {
  return sha256Hex(`${seed}${salt}`)
}

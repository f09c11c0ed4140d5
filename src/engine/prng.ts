/**
 * Deterministic randomness. Everything random in a run (match lengths, noise,
 * the strategies' own `view.random()`) comes from 32-bit seeds derived here,
 * so the same run seed gives the same bytes on every machine and runtime.
 *
 * The strategies' generator runs inside QuickJS: `sandbox/prelude.ts` holds
 * the same mulberry32 algorithm as source text, and a test checks that both
 * produce identical streams.
 */

/** mulberry32: small, fast, good enough for game noise; uses only 32-bit integer maths. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Derive an independent 32-bit seed from a parent seed and a path of labels
 * (e.g. run seed → "match", i, j, repetition). FNV-1a over the UTF-16 code
 * units of a canonical string, then the murmur3 finaliser to spread the bits.
 */
export function deriveSeed(parent: number | string, ...path: (string | number)[]): number {
  const text = [String(parent), ...path.map(String)].join('\u001f')
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Turn a user-supplied seed (number or text) into a 32-bit run seed. Integers in range are kept as they are. */
export function normalizeSeed(seed: number | string): number {
  if (typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff) return seed
  if (typeof seed === 'string' && /^\d+$/.test(seed) && Number(seed) <= 0xffffffff) return Number(seed)
  return deriveSeed(String(seed))
}

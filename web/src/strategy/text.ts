/** Small wordings shared by the strategy page's parts. */

/** An owner as the API names it: a handle, or "deleted account" (which is no handle). */
export function ownerText(owner: string): string {
  return owner.includes(' ') ? `(${owner})` : `@${owner}`
}

/** A count with thousands separated: 147,000 rounds. */
export function count(n: number): string {
  return n.toLocaleString('en-US')
}

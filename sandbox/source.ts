/**
 * A strategy's source as QuickJS is given it: without a byte-order mark
 * (which does not count towards the size limit), and with every line ending
 * written as \n. QuickJS counts lines by \n alone, so a file with old Mac
 * (CR-only) line endings would otherwise report every error on line 1. No
 * JavaScript literal can hold a raw line ending other than a template, whose
 * value the language already normalises this way, so behaviour is unchanged.
 */
export function prepareSource(source: string): string {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
}

const encoder = new TextEncoder()

/** Size in bytes of a prepared source, as the limit counts it (UTF-8). */
export function sourceBytes(prepared: string): number {
  return encoder.encode(prepared).length
}

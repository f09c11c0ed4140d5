/**
 * Text that came from a strategy or a user (fault messages, file names) made
 * safe to show anywhere: a terminal, a table, a web page. Tabs and line
 * breaks become spaces, so a message stays on one line; every other control
 * character (C0, DEL, C1), the bidirectional overrides and isolates that
 * reorder what follows them, the line and paragraph separators and lone
 * surrogates are written as \u{XXXX}, so nothing can move the cursor, change
 * colours or disguise what comes after it.
 *
 * Fault messages pass through here once, where the sandbox makes them, so the
 * command line, the API and the web all show the same text.
 */

const SPACED = /[\t\n\v\f\r]+/g
const ESCAPED = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

const escape = (c: string): string => `\\u{${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}}`

/** `text` safe to print, cut to at most `max` characters (ending in "..." when cut). */
export function printable(text: string, max = Infinity): string {
  const clean = text.replace(SPACED, ' ').replace(ESCAPED, escape)
  if (clean.length <= max) return clean
  // Never cut through an escape or a surrogate pair.
  let end = max - 3
  const open = clean.lastIndexOf('\\u{', end)
  if (open >= 0 && clean.indexOf('}', open) >= end) end = open
  if (end > 0 && /[\ud800-\udbff]/.test(clean[end - 1]!)) end--
  return clean.slice(0, Math.max(0, end)) + '...'
}

/** A block of lines, each made printable (the line breaks between them kept). */
export function printableLines(text: string): string {
  return text.split('\n').map((line) => printable(line)).join('\n')
}

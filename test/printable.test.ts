/**
 * Text from strategies and users, made safe to print (src/engine/printable.ts).
 */
import { describe, expect, it } from 'vitest'
import { printable, printableLines } from '../src/engine/printable'

describe('printable', () => {
  it('keeps ordinary text, including non-Latin scripts and emoji', () => {
    expect(printable('Tit for Tat: 3 rounds, naïve, 囚人のジレンマ, 🙂')).toBe('Tit for Tat: 3 rounds, naïve, 囚人のジレンマ, 🙂')
  })

  it('turns tabs and line breaks into spaces, so a message stays on one line', () => {
    expect(printable('a\tb\nc\r\nd')).toBe('a b c d')
  })

  it('escapes other control characters, DEL, C1 controls and bidi controls as \\u{XXXX}', () => {
    expect(printable('\u0000\u001b[31m\u007f\u0085\u009b')).toBe('\\u{0000}\\u{001B}[31m\\u{007F}\\u{0085}\\u{009B}')
    expect(printable('abc\u202edef\u2066\u2069\u200f\u061c')).toBe('abc\\u{202E}def\\u{2066}\\u{2069}\\u{200F}\\u{061C}')
    expect(printable('line\u2028para\u2029')).toBe('line\\u{2028}para\\u{2029}')
  })

  it('escapes lone surrogates but keeps pairs', () => {
    expect(printable('a\ud800b\udc00c\ud83d\ude42')).toBe('a\\u{D800}b\\u{DC00}c\ud83d\ude42')
  })

  it('cuts long text with "...", never through an escape or a surrogate pair', () => {
    expect(printable('x'.repeat(50), 10)).toBe('xxxxxxx...')
    expect(printable('xxxxx\u0085yyyy', 10)).toBe('xxxxx...')
    expect(printable('xxxxxx\ud83d\ude42yyyy', 10)).toBe('xxxxxx...')
    expect(printable('short', 10)).toBe('short')
  })

  it('keeps the lines of a block', () => {
    expect(printableLines('one\u001b\ntwo\u202e\n')).toBe('one\\u{001B}\ntwo\\u{202E}\n')
  })
})

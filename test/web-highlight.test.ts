/** The strategy page's JavaScript tokenizer: it gives back the source exactly and marks what an editor would. */
import { describe, expect, it } from 'vitest'
import { lines, tokenize } from '../web/src/strategy/highlight'
import { CLASSICS } from '../src/classics'

const kinds = (src: string) => tokenize(src).filter((t) => t.kind !== 'plain').map((t) => [t.kind, t.text])

describe('highlight', () => {
  it('marks keywords, strings, numbers and comments, and leaves names plain', () => {
    expect(kinds("export default function move(view) { // copy\n  return view.round === 0 ? 'C' : view.their[view.round - 1] /* last */\n}")).toEqual([
      ['keyword', 'export'],
      ['keyword', 'default'],
      ['keyword', 'function'],
      ['comment', '// copy'],
      ['keyword', 'return'],
      ['number', '0'],
      ['string', "'C'"],
      ['number', '1'],
      ['comment', '/* last */'],
    ])
    expect(kinds('const x1 = 0x1F + 1.5e3 + 10n; let returned = `a ${b}`; "q\\"t"')).toEqual([
      ['keyword', 'const'],
      ['number', '0x1F'],
      ['number', '1.5e3'],
      ['number', '10n'],
      ['keyword', 'let'],
      ['string', '`a ${b}`'],
      ['string', '"q\\"t"'],
    ])
  })

  it('never fails: an unterminated string stops at its line, an unterminated comment runs to the end', () => {
    expect(kinds("'open\nnext /* never closed\nstill")).toEqual([
      ['string', "'open"],
      ['comment', '/* never closed\nstill'],
    ])
  })

  it('gives back every classic exactly, split into its lines', () => {
    for (const c of CLASSICS) {
      const tokens = tokenize(c.source)
      expect(tokens.map((t) => t.text).join('')).toBe(c.source)
      expect(lines(tokens).map((l) => l.map((t) => t.text).join(''))).toEqual(c.source.split('\n'))
    }
  })
})

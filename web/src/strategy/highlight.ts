/**
 * A small JavaScript tokenizer for showing a strategy's source: comments,
 * strings (template literals whole), numbers and keywords, the rest plain.
 * Hand-written rather than a highlighting library: strategies are short
 * modules, and this costs the page well under a kilobyte. It never fails:
 * an unterminated string or comment runs to the end of its line or of the
 * source, as an editor would show it. Regular expressions are left plain
 * (telling `/` apart from division needs a parser).
 */

export type TokenKind = 'comment' | 'string' | 'number' | 'keyword' | 'plain'

export interface Token {
  kind: TokenKind
  text: string
}

const KEYWORDS = new Set(
  (
    'await break case catch class const continue debugger default delete do else export extends false finally for function if import in instanceof let new null of return static super switch this throw true try typeof undefined var void while with yield async from as'
  ).split(' '),
)

// Sticky patterns, tried in this order at each position.
const PATTERNS: [TokenKind | 'word', RegExp][] = [
  ['comment', /\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/y],
  ['string', /'(?:\\[\s\S]|[^'\\\n])*'?|"(?:\\[\s\S]|[^"\\\n])*"?|`(?:\\[\s\S]|[^`\\])*`?/y],
  ['number', /(?:0[xX][\da-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?)n?(?![\w$])/y],
  ['word', /[A-Za-z_$][\w$]*/y],
]

/** The source as tokens whose texts, joined, give back the source exactly. */
export function tokenize(source: string): Token[] {
  const out: Token[] = []
  const push = (kind: TokenKind, text: string) => {
    const last = out[out.length - 1]
    if (last && last.kind === kind && kind === 'plain') last.text += text
    else out.push({ kind, text })
  }
  let i = 0
  scan: while (i < source.length) {
    for (const [kind, re] of PATTERNS) {
      re.lastIndex = i
      const m = re.exec(source)
      if (m && m[0].length > 0) {
        const text = m[0]
        push(kind === 'word' ? (KEYWORDS.has(text) ? 'keyword' : 'plain') : kind, text)
        i += text.length
        continue scan
      }
    }
    push('plain', source[i]!)
    i++
  }
  return out
}

/** Tokens split into lines (a comment or template string over several lines becomes a token on each). */
export function lines(tokens: readonly Token[]): Token[][] {
  const out: Token[][] = [[]]
  for (const t of tokens) {
    const parts = t.text.split('\n')
    parts.forEach((part, k) => {
      if (k > 0) out.push([])
      if (part) out[out.length - 1]!.push({ kind: t.kind, text: part })
    })
  }
  return out
}

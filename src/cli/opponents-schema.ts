/**
 * The shape of one entry of an `--opponents` file, checked with zod, and
 * zod's findings turned into the CLI's one-line errors ("<where> must be
 * ..., got ..."). Every object is strict, so a misspelt field is an error
 * rather than a silently ignored value; every field is optional, because
 * the defaults (DEFAULT_REPUTATION, EMPTY_HISTORY) fill the rest.
 *
 * Record-like levels (player ids, a history's opponent ids) are walked by
 * opponents.ts instead: their keys must be checked against the players.
 */
import { z } from 'zod'
import { didYouMean } from './suggest'

/** At most this many last moves per side, as the platform keeps them. */
export const MAX_LAST_MOVES = 10

const FRACTION = 'must be a number from 0 to 1, or null'
const WHOLE = 'must be a whole number ≥ 0'

const fraction = z.number({ error: FRACTION }).min(0, { error: FRACTION }).max(1, { error: FRACTION }).nullable()
const count = z.int({ error: WHOLE }).min(0, { error: WHOLE })
const moves = z
  .array(z.enum(['C', 'D'], { error: 'must be "C" or "D"' }), { error: 'must be an array of "C" and "D"' })
  .max(MAX_LAST_MOVES, { error: `must hold at most ${MAX_LAST_MOVES} moves (the last rounds of the latest match)` })

/** A strict object whose messages name what is expected: the fields it knows, or the nearest to a misspelt one. */
function strict<T extends z.ZodRawShape>(shape: T) {
  const fields = Object.keys(shape)
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') {
        const key = String(issue.keys[0])
        return `has an unknown field "${key}"${didYouMean(key, fields)}; the fields are ${fields.join(', ')}`
      }
      return `must be an object with the fields ${fields.join(', ')}`
    },
  })
}

export const ratingSchema = strict({
  mu: z.number({ error: 'must be a number' }),
  sigma: z.number({ error: 'must be a number > 0' }).positive({ error: 'must be a number > 0' }),
}).partial()

export const reputationSchema = strict({
  rating: ratingSchema,
  cooperationRate: fraction,
  nice: fraction,
  retaliating: fraction,
  forgiving: fraction,
  matches: count,
}).partial()

export const historySchema = strict({
  matches: count,
  myCooperation: fraction,
  theirCooperation: fraction,
  // Both sides or neither: they are the same rounds.
  lastMoves: strict({ my: moves, their: moves }),
}).partial()

/** One player's entry; `history` maps opponent ids to historySchema values (checked by opponents.ts). */
export const entrySchema = strict({
  name: z.string({ error: 'must be a non-empty string' }).min(1, { error: 'must be a non-empty string' }),
  reputation: reputationSchema,
  history: z.unknown(),
}).partial()

export type EntryInput = z.infer<typeof entrySchema>
export type ReputationInput = z.infer<typeof reputationSchema>
export type HistoryInput = z.infer<typeof historySchema>

/** A path inside the file, as the error shows it: `"defector".history."tit-for-tat".lastMoves.my[3]`. */
export type FieldPath = readonly (string | number)[]

/** Player and opponent ids (at the positions given) are quoted; field names are not. */
export function pathText(path: FieldPath, quoted: readonly number[]): string {
  let out = ''
  path.forEach((part, i) => {
    if (typeof part === 'number') out += `[${part}]`
    else out += (i === 0 ? '' : '.') + (quoted.includes(i) ? JSON.stringify(part) : part)
  })
  return out
}

/** A value as an error shows it: short, and numbers as JavaScript reads them (1e999 is Infinity, not null). */
export function valueText(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (typeof value === 'number') return String(value)
  const text = JSON.stringify(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}

/**
 * Check `value` against `schema`; on failure, one sentence for the first
 * problem (an unknown field first: it usually explains the rest), how many
 * more there are, and where (`path` is where `value` sits in the file).
 */
export function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
  path: FieldPath,
  quoted: readonly number[],
): { ok: true; value: z.infer<S> } | { ok: false; message: string } {
  const result = schema.safeParse(value, { reportInput: true })
  if (result.success) return { ok: true, value: result.data }
  const issues = [...result.error.issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  )
  const first = issues[0]!
  const where = pathText([...path, ...(first.path as (string | number)[])], quoted)
  const got = first.input
  let sentence: string
  if (first.code === 'unrecognized_keys') sentence = `${where} ${first.message}`
  else if (got === undefined) sentence = `${where} is missing: it ${first.message}`
  else sentence = `${where} ${first.message}, got ${valueText(got)}`
  const more = issues.length - 1
  return { ok: false, message: more === 0 ? sentence : `${sentence} (and ${more} more ${more === 1 ? 'problem' : 'problems'})` }
}

/**
 * The games a strategy module says it plays: `export const games =
 * ['dilemma', 'commons']`. Without that export a module plays the dilemma,
 * so every module written before the commons works unchanged; an export
 * whose value is undefined (`export let games`) is a declaration, refused
 * like any other value that is not an array. The value is
 * read inside the module's own sandbox, under its set-up budget (it may be a
 * proxy or have getters: prelude.ts readGames), and judged here.
 */
import { printable } from '../src/engine/printable'
import { MAX_MESSAGE, thrownText } from './faults'
import { SEPARATOR } from './prelude'

/** Every game a module can declare. */
export const GAMES = ['dilemma', 'commons'] as const
export type Game = (typeof GAMES)[number]

/** What a module declares: the games it plays (in its order), or why its declaration is refused. */
export type DeclaredGames = { games: Game[] } | { error: string }

/** A module without a `games` export. */
export const DEFAULT_GAMES: readonly Game[] = Object.freeze(['dilemma'])

const EXAMPLE = "write `export const games = ['dilemma', 'commons']` (or only the games it plays)"
const KNOWN = `the games are ${GAMES.map((g) => `'${g}'`).join(' and ')}`

function refused(text: string): DeclaredGames {
  return { error: printable(text, MAX_MESSAGE) }
}

/** A value's type as a sentence says it: "a string", "an object", "undefined", "null". */
const typeText = (type: string | undefined): string =>
  type === undefined ? 'a value' : type === 'null' || type === 'undefined' ? type : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`

/** Judge what prelude.ts readGames made of the value (see MAX_GAMES_READ there). */
export function gamesFromRecord(record: string): DeclaredGames {
  const [kind, ...fields] = record.split(SEPARATOR)
  switch (kind) {
    case 'absent':
      return { games: [...DEFAULT_GAMES] }
    case 'not-array':
      return refused(`the \`games\` export is ${typeText(fields[0])}, not an array of game names: ${EXAMPLE}`)
    case 'length': {
      const length = fields[0] ?? ''
      if (length === '0') return refused(`the \`games\` export is an empty array: list the games the module plays; ${EXAMPLE}`)
      // (The prelude gives a length that is not a number as its type.)
      if (/^[a-z]+$/.test(length)) return refused(`the \`games\` export's length is ${typeText(length)}, not a number: ${EXAMPLE}`)
      return refused(`the \`games\` export has ${length} entries: list each game once (${KNOWN})`)
    }
    case 'entry':
      return refused(`games[${fields[0]}] is ${typeText(fields[1])}, not a game name (${KNOWN})`)
    case 'throw':
      return refused(`reading the \`games\` export failed: ${thrownText(fields[0] ?? '', fields[1] ?? '')}`)
    case 'list': {
      const games: Game[] = []
      for (const name of fields) {
        if (!(GAMES as readonly string[]).includes(name)) return refused(`the \`games\` export names an unknown game "${name.slice(0, 40)}" (${KNOWN})`)
        if (games.includes(name as Game)) return refused(`the \`games\` export lists '${name}' twice: list each game once`)
        games.push(name as Game)
      }
      return { games }
    }
    default:
      return refused('the `games` export could not be read')
  }
}

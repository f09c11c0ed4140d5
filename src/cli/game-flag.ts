/**
 * `--game dilemma|commons`, read before a command parses the rest of its
 * words: the commons has options of its own (--capacity, --quota, ...) and
 * no payoff matrix, so each game's command parses with its own options and
 * refuses the other's by name.
 */
import type { Game } from '../engine/types'
import { UsageError } from './errors'

/** The game the words name with --game (the dilemma without it). */
export function gameOf(argv: readonly string[]): Game {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string
    if (word === '--') break
    let value: string | undefined
    if (word === '--game') value = argv[i + 1]
    else if (word.startsWith('--game=')) value = word.slice('--game='.length)
    else continue
    if (value === 'dilemma' || value === 'commons') return value
    throw new UsageError(`--game must be dilemma or commons, got ${value === undefined ? 'nothing' : `"${value}"`}`)
  }
  return 'dilemma'
}

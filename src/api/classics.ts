/**
 * GET /api/classics[?game=dilemma|commons]: the built-in strategies (id, name,
 * description, axelrod, games), and one with its source. `axelrod` names the
 * Axelrod-Python class a classic mirrors (null for the arena's own examples),
 * so a host can enter "Axelrod's classics" without fetching every source.
 */
import { Hono } from 'hono'
import { ALL_CLASSICS, classicsFor, findClassic } from '../classics'
import type { Game } from '../engine/types'
import { errorBody } from './errors'

const GAMES: readonly Game[] = ['dilemma', 'commons']

export const classics = new Hono()
  .get('/', (c) => {
    const game = c.req.query('game')
    if (game !== undefined && !GAMES.includes(game as Game)) {
      return c.json(errorBody('invalid_input', `game must be ${GAMES.join(' or ')}, got "${game}"`, 'game'), 400)
    }
    const shown = game === undefined ? ALL_CLASSICS : classicsFor(game as Game)
    return c.json(shown.map(({ id, name, description, axelrod, games }) => ({ id, name, description, axelrod, games })))
  })
  .get('/:id', (c) => {
    const found = findClassic(c.req.param('id'))
    return found ? c.json(found) : c.json(errorBody('not_found', `no built-in strategy named "${c.req.param('id')}"`), 404)
  })

/** GET /api/classics: the built-in strategies (id, name, description, source). */
import { Hono } from 'hono'
import { CLASSICS, findClassic } from '../classics'
import { errorBody } from './errors'

export const classics = new Hono()
  .get('/', (c) => c.json(CLASSICS.map(({ id, name, description }) => ({ id, name, description }))))
  .get('/:id', (c) => {
    const found = findClassic(c.req.param('id'))
    return found ? c.json(found) : c.json(errorBody('not_found', `no built-in strategy named "${c.req.param('id')}"`), 404)
  })

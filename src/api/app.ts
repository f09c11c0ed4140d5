/**
 * The HTTP API: one chain of sub-apps, one per resource, so that
 * `hc<AppType>` gives the web a typed client. Every input is validated by
 * the zod schemas of the routes, which also produce /api/openapi.json.
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import { QuotaExceededError } from '../quotas'
import { createDb } from '../store'
import { accountsApi, tokensApi } from './accounts'
import { classics } from './classics'
import { docs } from './docs'
import { experimentsApp } from './experiments'
import { leaderboardApp, tournamentLeaderboardApp } from './leaderboard'
import { invalidateLeaderboard } from './leaderboard-cache'
import { matchesApp } from './matches'
import { runsApp } from './runs'
import { strategiesApi } from './strategies'
import { tournamentHistoryApp } from './tournament-history'
import { tournamentsApp } from './tournaments'
import type { ApiEnv } from './context'
import { ApiError, errorBody, errorResponse, validationError } from './errors'
import { limitError } from './quotas'

/** Largest request body accepted, in bytes (a strategy's source is at most 64 KiB, plus JSON around it). */
export const MAX_BODY_BYTES = 256 * 1024

const root = new OpenAPIHono<ApiEnv>({
  defaultHook: (result, c) => {
    if (!result.success) return errorResponse(c, validationError(result.error.issues))
  },
})

root.onError((error, c) => {
  if (error instanceof ApiError) return errorResponse(c, error)
  if (error instanceof QuotaExceededError) return errorResponse(c, limitError(error))
  if (error instanceof HTTPException) {
    const code = error.status === 413 ? 'too_large' : error.status === 401 ? 'unauthorized' : error.status === 404 ? 'not_found' : 'invalid_input'
    return errorResponse(c, new ApiError(code, error.message || 'invalid request'))
  }
  if (error instanceof SyntaxError) return errorResponse(c, new ApiError('invalid_input', 'the body is not valid JSON'))
  console.error(error)
  return c.json(errorBody('internal', 'something went wrong on our side; the request changed nothing that was not saved'), 500)
})
root.notFound((c) => c.json(errorBody('not_found', `no such endpoint: ${c.req.method} ${c.req.path}`), 404))

export const api = root
  .use('/api/*', async (c, next) => {
    const length = Number(c.req.header('content-length') ?? 0)
    if (length > MAX_BODY_BYTES) throw new ApiError('too_large', `the request body is ${length} bytes; the limit is ${MAX_BODY_BYTES}`)
    // Without bindings (app.request(path) with no env) only the routes that need no database work.
    if (c.env?.DB) c.set('db', createDb(c.env.DB))
    await next()
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') invalidateLeaderboard()
  })
  .get('/api/health', (c) => c.json({ ok: true }))
  .route('/api/classics', classics)
  .route('/api/accounts', accountsApi)
  .route('/api/tokens', tokensApi)
  .route('/api/strategies', strategiesApi)
  .route('/api/tournaments', tournamentsApp)
  .route('/api/tournaments', tournamentLeaderboardApp)
  .route('/api/tournaments', tournamentHistoryApp)
  .route('/api/runs', runsApp)
  .route('/api/matches', matchesApp)
  .route('/api/leaderboard', leaderboardApp)
  .route('/api/experiments', experimentsApp)
  .route('/api/docs', docs)

root.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API token: POST /api/accounts or POST /api/tokens' })

root.doc31('/api/openapi.json', {
  openapi: '3.1.0',
  info: { title: 'Dilemma Arena API', version: '1.0.0', description: "Iterated prisoner's dilemma tournaments with sandboxed strategies." },
})

export type AppType = typeof api

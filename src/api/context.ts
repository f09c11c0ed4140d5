/**
 * What every API handler gets: the bindings, a store opened once per request
 * (its guard counts D1's per-invocation query limit), and the signed-in
 * account once `requireAccount` has run.
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import type { Env } from '../env'
import type { Account, GuardedDb } from '../store'
import { validationError, errorResponse } from './errors'

export interface ApiEnv {
  Bindings: Env
  Variables: { db: GuardedDb; account: Account }
}

/** A sub-app whose validation failures use the API's error shape. */
export function subApp(): OpenAPIHono<ApiEnv> {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return errorResponse(c, validationError(result.error.issues))
    },
  })
}

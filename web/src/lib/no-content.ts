/**
 * For the API's 204 answers (DELETE a token, a strategy, the account):
 * `ok()` reads every 2xx body as JSON, and a 204 has none. Errors still go
 * through `ok()`, so they arrive as the same ApiProblem with its field.
 */
import type { ClientResponse } from 'hono/client'
import { ApiProblem, ok } from '../api'

export async function noContent<R extends ClientResponse<unknown, number, string>>(call: Promise<R>): Promise<void> {
  let res: R
  try {
    res = await call
  } catch (error) {
    throw new ApiProblem(0, 'network', `could not reach the server (${error instanceof Error ? error.message : String(error)})`)
  }
  if (res.status === 204) return
  await ok(Promise.resolve(res))
}

/**
 * The site's only way to the platform: Hono's typed client over the public
 * API, so every path, query and response shape comes from the Worker's own
 * route definitions (`AppType`) and is never written twice.
 */
import { hc, type ClientResponse, type InferResponseType } from 'hono/client'
import type { AppType } from '../../src/api/app'
import { getToken } from './lib/session'

/** An error the API answered with (`{ error: { code, message, field? } }`), or a network failure (status 0). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The input field the error concerns (a dotted path such as `rules.noise`), when the API names one. */
    readonly field?: string,
  ) {
    super(message)
  }
}

export const api = hc<AppType>('/', {
  headers: (): Record<string, string> => {
    const token = getToken()
    return token ? { authorization: `Bearer ${token}` } : {}
  },
})

/** The 2xx body of a typed call (undefined for a 204); anything else becomes an ApiProblem with the API's own message and field. */
export async function ok<R extends ClientResponse<unknown, number, string>>(call: Promise<R>): Promise<OkBody<R>> {
  let res: R
  try {
    res = await call
  } catch (error) {
    throw new ApiProblem(0, 'network', `could not reach the server (${error instanceof Error ? error.message : String(error)})`)
  }
  // 204 (a DELETE) has no body to read.
  if (res.status === 204) return undefined as OkBody<R>
  if (res.status >= 200 && res.status < 300) return (await res.json()) as OkBody<R>
  type ErrorBody = { error?: { code?: string; message?: string; field?: string } } | null
  let body: ErrorBody = null
  try {
    body = (await (res as Response).json()) as ErrorBody
  } catch {
    // not JSON: keep the status line
  }
  const e = body?.error
  throw new ApiProblem(res.status, e?.code ?? 'http_' + res.status, e?.message ?? `${res.status} ${res.statusText}`, e?.field)
}

type OkBody<R> = R extends ClientResponse<infer T, infer S, string> ? (S extends 200 | 201 ? T : S extends 204 ? undefined : never) : never

/** The successful body type of a client method, for props and state. */
export type Body<F extends (...args: never[]) => unknown> = InferResponseType<F, 200>

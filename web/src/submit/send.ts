/**
 * Sending a draft: POST /api/strategies for a new strategy, PUT
 * /api/strategies/:id for a new version of one's own. Like ok(), but a 429
 * keeps when the limit resets (the error body's resetAt), so the page can
 * say when to try again.
 */
import type { ClientResponse } from 'hono/client'
import { api, ApiProblem, ok } from '../api'

/** A 429: a burst limit or an hourly quota, and when it resets. */
export class LimitProblem extends ApiProblem {
  constructor(
    code: string,
    message: string,
    readonly resetAt: string | null,
    readonly limit: number | null,
  ) {
    super(429, code, message)
  }
}

async function answer<R extends ClientResponse<unknown, number, string>>(call: Promise<R>) {
  const res = await call.catch(() => null)
  if (res?.status === 429) {
    type Body = { error?: { code?: string; message?: string; resetAt?: string; limit?: number } } | null
    const body = (await (res as Response).json().catch(() => null)) as Body
    const e = body?.error
    throw new LimitProblem(e?.code ?? 'rate_limited', e?.message ?? 'too many requests', e?.resetAt ?? null, e?.limit ?? null)
  }
  // ok() turns a network failure or any other error into an ApiProblem with the API's field.
  return ok(res ? Promise.resolve(res) : call)
}

export interface Submission {
  name: string
  description: string
  isPublic: boolean
  source: string
}

/** The strategy's id once the API has accepted it. */
export async function submitStrategy(draft: Submission, id?: string): Promise<string> {
  if (id !== undefined) {
    const updated = await answer(api.api.strategies[':id'].$put({ param: { id }, json: { source: draft.source, description: draft.description } }))
    return updated.id
  }
  const created = await answer(api.api.strategies.$post({ json: { name: draft.name, source: draft.source, description: draft.description, public: draft.isPublic } }))
  return created.id
}

/**
 * Every error the API returns has one shape, `{ error: { code, message, field? } }`,
 * with these statuses: 400 invalid input, 401 no or bad token, 403 not yours,
 * 404 not found, 409 conflict, 413 too large, 422 a strategy that does not
 * load, 429 over a limit, 500 our fault (never with a stack trace).
 *
 * A 429 also says which limit (`quota`), its size (`limit`) and when it
 * resets (`resetAt`, ISO time), with a `Retry-After` header in seconds:
 * `rate_limited` for a burst (src/api/quotas.ts), `quota_exceeded` for an
 * hourly or daily quota (src/quotas.ts).
 */
import { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_input' }),
      message: z.string().openapi({ example: 'name: required' }),
      field: z.string().optional().openapi({ example: 'name' }),
      quota: z.string().optional().openapi({ description: 'On a 429: the limit that was hit', example: 'runs-per-day' }),
      limit: z.number().int().optional().openapi({ description: 'On a 429: how many the limit allows per window', example: 20 }),
      resetAt: z
        .string()
        .optional()
        .openapi({ format: 'date-time', description: 'On a 429: when the window resets (for a burst, `rate_limited`, the latest it can); also `Retry-After` in seconds', example: '2026-11-02T00:00:00.000Z' }),
    }),
  })
  .openapi('Error')

export type ErrorCode =
  | 'invalid_input'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'strategy_does_not_load'
  | 'rate_limited'
  | 'quota_exceeded'
  | 'internal'

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  strategy_does_not_load: 422,
  rate_limited: 429,
  quota_exceeded: 429,
  internal: 500,
}

/** What a 429 adds to the error: the limit, its size, and when it resets. */
export interface LimitDetails {
  quota: string
  limit: number
  resetAt: Date
}

/** Thrown anywhere in a handler; the app turns it into the error shape. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly limitDetails?: LimitDetails,
  ) {
    super(message)
    this.status = STATUS[code]
  }
}

export function errorBody(code: ErrorCode, message: string, field?: string, limit?: LimitDetails): z.infer<typeof ErrorSchema> {
  const error: z.infer<typeof ErrorSchema>['error'] = field === undefined ? { code, message } : { code, message, field }
  if (limit) Object.assign(error, { quota: limit.quota, limit: limit.limit, resetAt: limit.resetAt.toISOString() })
  return { error }
}

export function errorResponse(c: Context, error: ApiError): Response {
  if (error.limitDetails) c.header('Retry-After', String(Math.max(1, Math.ceil((error.limitDetails.resetAt.getTime() - Date.now()) / 1000))))
  return c.json(errorBody(error.code, error.message, error.field, error.limitDetails), error.status)
}

/** The OpenAPI description of the error responses a route can give (codes that share a status share its entry). */
export function errorResponses(...codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of codes) byStatus.set(STATUS[code], [...(byStatus.get(STATUS[code]) ?? []), code])
  return Object.fromEntries(
    [...byStatus].map(([status, shared]) => [
      status,
      {
        description: shared.join(' or '),
        ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds until the limit resets (for a burst, at the latest)', schema: { type: 'integer' as const } } } } : {}),
        content: { 'application/json': { schema: ErrorSchema } },
      },
    ]),
  ) as Record<number, { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } }>
}

/** A zod failure as one readable message naming the first field that is wrong. */
export function validationError(issues: readonly z.core.$ZodIssue[]): ApiError {
  const first = issues[0]
  const field = first && first.path.length > 0 ? first.path.map(String).join('.') : undefined
  const message = first ? (field ? `${field}: ${first.message}` : first.message) : 'invalid input'
  return new ApiError('invalid_input', message, field)
}

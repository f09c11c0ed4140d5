/**
 * Every error the API returns has one shape, `{ error: { code, message, field? } }`,
 * with these statuses: 400 invalid input, 401 no or bad token, 403 not yours,
 * 404 not found, 409 conflict, 413 too large, 422 a strategy that does not
 * load, 429 over a limit, 500 our fault (never with a stack trace).
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
  internal: 500,
}

/** Thrown anywhere in a handler; the app turns it into the error shape. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.status = STATUS[code]
  }
}

export function errorBody(code: ErrorCode, message: string, field?: string): z.infer<typeof ErrorSchema> {
  return { error: field === undefined ? { code, message } : { code, message, field } }
}

export function errorResponse(c: Context, error: ApiError): Response {
  return c.json(errorBody(error.code, error.message, error.field), error.status)
}

/** The OpenAPI description of the error responses a route can give. */
export function errorResponses(...codes: ErrorCode[]) {
  return Object.fromEntries(
    codes.map((code) => [STATUS[code], { description: code, content: { 'application/json': { schema: ErrorSchema } } }]),
  ) as Record<number, { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } }>
}

/** A zod failure as one readable message naming the first field that is wrong. */
export function validationError(issues: readonly z.core.$ZodIssue[]): ApiError {
  const first = issues[0]
  const field = first && first.path.length > 0 ? first.path.map(String).join('.') : undefined
  const message = first ? (field ? `${field}: ${first.message}` : first.message) : 'invalid input'
  return new ApiError('invalid_input', message, field)
}

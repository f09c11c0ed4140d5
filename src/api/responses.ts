/**
 * A JSON response whose body the handler builds, typed by what it builds.
 *
 * Routes with a zod schema for their body say so in their route; these
 * bodies (runs, matches, tournaments, experiments, a tournament's
 * leaderboard) are large and built by functions, so writing the shape again
 * as a schema would keep two copies in step by hand. The runtime schema
 * stays `z.any()` (so /api/openapi.json is unchanged), while the TYPE is
 * `T`, which the typed client (`hc<AppType>`) reads through
 * RouteConfigToTypedResponse, and which the handler's `c.json(...)` must
 * match. Pass `T` as `Awaited<ReturnType<typeof theFunctionThatBuildsIt>>`.
 */
import { z } from '@hono/zod-openapi'

const Any = z.any()

export function jsonOf<T>(description: string) {
  return { description, content: { 'application/json': { schema: Any as unknown as z.ZodType<T> } } }
}

/**
 * Set-up of every workers test file (runs inside workerd): apply the D1
 * migrations (read from migrations/ by vitest.config.ts) to the file's own
 * fresh database. Applying is idempotent, so this is safe to run per file.
 */
import { applyD1Migrations } from 'cloudflare:test'
import { env } from 'cloudflare:workers'

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)

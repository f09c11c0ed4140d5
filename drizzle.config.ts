/**
 * drizzle-kit: `npm run db:generate` writes a new migration to migrations/
 * from src/store/schema.ts. Stay on drizzle-kit 0.31.x: it writes the flat
 * `NNNN_name.sql` files that `wrangler d1 migrations apply` (and the Workers
 * vitest pool's `readD1Migrations`) read; the 1.0 betas write one folder per
 * migration. Migrations are applied by wrangler, never by drizzle-kit.
 */
import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/store/schema.ts',
  out: './migrations',
})

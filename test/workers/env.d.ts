/**
 * Types of the Workers test environment: `cloudflare:test` (the vitest
 * plugin's helpers) and `env` from `cloudflare:workers`, typed with the
 * Worker's own `Env` plus the test-only bindings of vitest.config.ts.
 */
/// <reference types="@cloudflare/vitest-plugin/types" />

/** The Worker's bindings (src/env.ts). */
type ArenaWorkerEnv = import('../../src/env').Env

declare namespace Cloudflare {
  interface Env extends ArenaWorkerEnv {
    /** The SQL migrations, read by `readD1Migrations('migrations')` in vitest.config.ts. */
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[]
  }
}

declare module 'cloudflare:workers' {
  export const env: Cloudflare.Env
}

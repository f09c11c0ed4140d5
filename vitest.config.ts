import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/workers/**', 'test/browser/**', 'node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        // The site in a real headless Chromium (Debian's, driven by playwright-core) against `npm start`.
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/setup/browser-platform.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: './wrangler.toml' },
            // The migrations, applied to each test file's fresh D1 by test/setup/d1.ts.
            miniflare: { bindings: { TEST_MIGRATIONS: await readD1Migrations('migrations') } },
          })),
        ],
        test: {
          name: 'workers',
          include: ['test/workers/**/*.test.ts'],
          globalSetup: ['test/setup/node-determinism.ts', 'test/setup/node-cli-tournament.ts'],
          setupFiles: ['test/setup/d1.ts'],
          testTimeout: 120_000,
        },
      },
    ],
  },
})

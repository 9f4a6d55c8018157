import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The fault tests start real processes and a PostgreSQL server of their own: `npm run test:faults`.
    exclude: [...configDefaults.exclude, 'test/faults/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.ci-out/vitest.json' },
  },
});

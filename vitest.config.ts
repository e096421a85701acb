import { configDefaults, defineConfig } from "vitest/config";

// One vitest for the whole workspace. Unit tests sit beside the code (`*/src/**/*.test.ts`);
// integration and browser tests live in `tests/`. Each integration file isolates itself
// (its own database schema, its own queue prefix), so files may run in parallel.
export default defineConfig({
  test: {
    include: [
      "shared/src/**/*.test.ts",
      "bot/src/**/*.test.ts",
      "emulator/src/**/*.test.ts",
      "miniapp/src/**/*.test.ts",
      "prisma/**/*.test.ts",
      "tests/**/*.test.ts",
    ],
    // The fault suite restarts its own PostgreSQL and Redis: it has its own config (`npm run test:faults`).
    exclude: [...configDefaults.exclude, "tests/reliability/**"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // expect.poll waits on a condition (a page to update, a job to finish); its 1 s default is a timed test on a
    // loaded 2-core machine. A poll still fails when the condition never comes, just later.
    expect: { poll: { timeout: 15_000 } },
    // On CI a failed test runs once more: CI must say whether the product works, and a test that lost a race
    // with the loaded machine says nothing about that. The flaky reporter names every test that needed it.
    retry: process.env.CI ? 1 : 0,
    pool: "forks",
    maxWorkers: 2,
    minWorkers: 1,
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }], "./tests/support/flaky-reporter.ts"],
  },
});

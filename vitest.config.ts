import { defineConfig } from "vitest/config";

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
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
    minWorkers: 1,
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});

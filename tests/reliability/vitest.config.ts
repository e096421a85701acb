import { defineConfig } from "vitest/config";

// The fault suite (`npm run test:faults`): real server, worker processes and emulator against a PostgreSQL and a
// Redis that the suite starts on free ports and restarts itself. Files run one after the other: a restart of the
// suite's Redis or PostgreSQL must not land in another file's scenario.
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["tests/reliability/**/*.test.ts"],
    globalSetup: ["tests/reliability/support/global-setup.ts"],
    testTimeout: 150_000,
    hookTimeout: 120_000,
    // As in the main suite: on CI a failed scenario runs once more, and the flaky reporter names it.
    retry: process.env.CI ? 1 : 0,
    pool: "forks",
    fileParallelism: false,
    maxWorkers: 1,
    minWorkers: 1,
    reporters: [
      "default",
      ["json", { outputFile: "test-results/faults.json" }],
      ["./tests/support/flaky-reporter.ts", { outputFile: "test-results/flaky-faults.jsonl" }],
    ],
  },
});

import { appendFileSync, mkdirSync } from "node:fs";
import { dirname, relative } from "node:path";
import type { Reporter, TestCase } from "vitest/node";

/**
 * Names every test that passed only after a retry (CI retries a failed test once: see vitest.config.ts), on the
 * console and in `test-results/flaky.jsonl`, so a flaky test is seen and fixed instead of hidden by the retry.
 */
export default class FlakyReporter implements Reporter {
  private readonly flaky: string[] = [];

  private readonly outputFile: string;

  constructor(options: { outputFile?: string } = {}) {
    this.outputFile = options.outputFile ?? "test-results/flaky.jsonl";
  }

  onTestCaseResult(testCase: TestCase): void {
    const { flaky, retryCount } = testCase.diagnostic() ?? { flaky: false, retryCount: 0 };
    if (!flaky) return;
    const file = relative(process.cwd(), testCase.module.moduleId);
    // A test that passed on its retry keeps the errors of its failed attempts: they say why it is flaky.
    const errors = (testCase.result().errors ?? []).map((e) => (e.message ?? String(e)).split("\n")[0]?.slice(0, 300));
    const line = { file, test: testCase.fullName, retryCount, errors, at: new Date().toISOString() };
    this.flaky.push(
      `${file} > ${testCase.fullName} (passed after ${retryCount} retr${retryCount === 1 ? "y" : "ies"})` +
        errors.map((e) => `\n      first failed with: ${e}`).join(""),
    );
    mkdirSync(dirname(this.outputFile), { recursive: true });
    appendFileSync(this.outputFile, `${JSON.stringify(line)}\n`);
  }

  onTestRunEnd(): void {
    if (this.flaky.length === 0) return;
    console.log(`\n${this.flaky.length} flaky test(s), passed only after a retry:`);
    for (const name of this.flaky) console.log(`  FLAKY ${name}`);
  }
}

import type { Reporter, TestCase } from 'vitest/node';

/**
 * Names every test that passed only when tried again, with what failed the first time, so a
 * flaky test shows up in the CI log (and gets fixed) instead of hiding behind `retry`.
 */
export default class RetryReporter implements Reporter {
  onTestCaseResult(testCase: TestCase): void {
    const retries = testCase.diagnostic()?.retryCount ?? 0;
    if (retries === 0 || testCase.result().state !== 'passed') return;
    const firstErrors = (testCase.result().errors ?? []).map((error) => error.message).join('; ');
    process.stdout.write(`FLAKY (passed on attempt ${retries + 1}): ${testCase.module.moduleId} > ${testCase.fullName}${firstErrors ? ` (first: ${firstErrors})` : ''}\n`);
  }
}

import type {Reporter, TestModule} from 'vitest/node';

/**
 * Prints the slowest test files, then one plain closing line, `tests: N
 * passed, N failed, N skipped`, after vitest's own summary, so CI logs end
 * with a count any reader can parse and show where the suite's time goes.
 */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A file that failed to load has no tests but is still a failure.
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
    }
    const slowest = testModules
      .map((m) => ({file: m.moduleId.replace(`${process.cwd()}/`, ''), ms: m.diagnostic().duration}))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 12);
    if (slowest.length > 0) {
      process.stdout.write('\nslowest test files:\n');
      for (const {file, ms} of slowest) process.stdout.write(`  ${(ms / 1000).toFixed(1).padStart(7)} s  ${file}\n`);
    }
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}

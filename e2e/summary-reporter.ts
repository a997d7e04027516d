/**
 * Prints, at the end of a run, which org the suite ran against and every skipped test with its
 * reason — a test whose need the org can't meet is skipped loudly, never silently passed.
 */
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { resolveTarget } from './target';

export default class SummaryReporter implements Reporter {
  private readonly skipped: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given';
    // titlePath: root, project (empty when unnamed), file, describes…, title.
    this.skipped.push(`  - ${test.titlePath().filter(Boolean).join(' › ')}: ${reason}`);
  }

  onEnd(_result: FullResult): void {
    const target = resolveTarget(process.env);
    console.log(`\ne2e target: ${target.label} (${target.issuer})`);
    if (this.skipped.length) console.log(`skipped ${this.skipped.length}:\n${this.skipped.join('\n')}`);
  }
}

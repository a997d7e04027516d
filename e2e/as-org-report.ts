/**
 * Checks a Playwright JSON report from a run against an org (`npm run test:e2e:as-org`): that the
 * target switch and the skip logic did what they claim. A run passes only if
 *  - every test either passed or was skipped with a reason naming this target and a capability it
 *    doesn't offer (never a skip without a reason, never one blaming something the org offers),
 *  - every expected skip happened (so the skip logic was exercised, not merely never reached), and
 *    no test ran that should have been skipped,
 *  - something actually passed against the org.
 */
import type { JSONReport, JSONReportSuite, JSONReportTest } from '@playwright/test/reporter';
import { CAPABILITIES, type Capability } from './target';

export interface ExpectedSkip {
  /** Spec file, as the report names it (relative to testDir, e.g. `registration.spec.ts`). */
  file: string;
  /** Only the tests whose title matches; all of the file's tests when absent. */
  title?: RegExp;
  capability: Capability;
}

export interface ReportedTest {
  file: string;
  title: string;
  outcome: 'passed' | 'skipped' | 'failed';
  /** Skip reasons (annotation descriptions), from the test and its results. */
  reasons: string[];
}

export interface ReportCheck {
  tests: ReportedTest[];
  passed: number;
  skipped: number;
  problems: string[];
}

/** Every test in the report, flattened, with its outcome and skip reasons. */
export function reportedTests(report: JSONReport): ReportedTest[] {
  const out: ReportedTest[] = [];
  const walk = (suite: JSONReportSuite, path: string[]) => {
    for (const spec of suite.specs) {
      for (const test of spec.tests) {
        out.push({ file: spec.file, title: [...path, spec.title].join(' › '), outcome: outcomeOf(test), reasons: skipReasons(test) });
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
  };
  // A file's top suite is titled with the file name; describe blocks below it add to the title.
  for (const fileSuite of report.suites) walk(fileSuite, []);
  return out;
}

function outcomeOf(test: JSONReportTest): ReportedTest['outcome'] {
  if (test.status === 'skipped') return 'skipped';
  // 'expected' includes a test declared to fail (test.fail()) that did; 'flaky' (passed on a retry)
  // counts as failed: the suite runs without retries.
  return test.status === 'expected' ? 'passed' : 'failed';
}

function skipReasons(test: JSONReportTest): string[] {
  const annotations = [...test.annotations, ...test.results.flatMap((r) => r.annotations)];
  const reasons = annotations.filter((a) => a.type === 'skip' && a.description).map((a) => a.description as string);
  return [...new Set(reasons)];
}

/** The capabilities a skip reason from `unmetNeeds` names (`<label> does not offer: outbox (…); clock (…)`). */
export function capabilitiesIn(reason: string): Capability[] {
  const list = reason.split(' does not offer: ')[1] ?? '';
  return (Object.keys(CAPABILITIES) as Capability[]).filter((c) => list.includes(`${c} (${CAPABILITIES[c]})`));
}

export function checkAsOrgReport(
  report: JSONReport,
  { targetLabel, offered, expectedSkips }: { targetLabel: string; offered: readonly Capability[]; expectedSkips: readonly ExpectedSkip[] },
): ReportCheck {
  const problems: string[] = report.errors.map((e) => `run error: ${(e.message ?? e.value ?? 'unknown').split('\n')[0] ?? ''}`);
  const tests = reportedTests(report);
  const matches = (t: ReportedTest, e: ExpectedSkip) => t.file === e.file && (!e.title || e.title.test(t.title));
  const used = new Set<ExpectedSkip>();

  for (const t of tests) {
    const name = `${t.file} › ${t.title}`;
    const expected = expectedSkips.filter((e) => matches(t, e));
    expected.forEach((e) => used.add(e));
    if (t.outcome === 'failed') {
      problems.push(`${name}: failed`);
      continue;
    }
    if (t.outcome === 'passed') {
      for (const e of expected)
        problems.push(`${name}: ran, but ${targetLabel} does not offer ${e.capability}: it should have been skipped`);
      continue;
    }
    const reason = t.reasons.find((r) => r.startsWith(`${targetLabel} does not offer: `));
    if (!reason) {
      problems.push(`${name}: skipped without a reason naming ${targetLabel} and an unmet need (${t.reasons.join(' | ') || 'no reason'})`);
      continue;
    }
    const named = capabilitiesIn(reason);
    const wrong = named.filter((c) => offered.includes(c));
    if (!named.length || wrong.length)
      problems.push(`${name}: skipped for ${wrong.join(', ') || 'no known capability'}, which the org offers`);
    if (!expected.length) problems.push(`${name}: skipped (${reason}), which this run did not expect`);
    for (const e of expected) if (!named.includes(e.capability)) problems.push(`${name}: skipped, but not for ${e.capability}`);
  }
  for (const e of expectedSkips) {
    if (!used.has(e))
      problems.push(`no test in ${e.file}${e.title ? ` matching ${String(e.title)}` : ''} ran: the ${e.capability} skip was not exercised`);
  }
  const passed = tests.filter((t) => t.outcome === 'passed').length;
  if (passed === 0) problems.push(`no test passed against ${targetLabel}`);
  return { tests, passed, skipped: tests.filter((t) => t.outcome === 'skipped').length, problems };
}

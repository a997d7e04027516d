import type { JSONReport, JSONReportSpec, JSONReportTest } from '@playwright/test/reporter';
import { describe, expect, it } from 'vitest';
import { capabilitiesIn, checkAsOrgReport, reportedTests, type ExpectedSkip } from './as-org-report';
import { resolveTarget, unmetNeeds, type Capability } from './target';

const target = resolveTarget({
  E2E_OKTA_ISSUER: 'http://localhost:17170/oauth2/default',
  E2E_OKTA_CLIENT_ID: '0oaasorgportal000001',
  E2E_OKTA_API_TOKEN: 'tok',
  E2E_CAPABILITIES: 'outbox,mfa',
});
const OFFERED: Capability[] = ['outbox', 'mfa'];
const EXPECTED: ExpectedSkip[] = [
  { file: 'registration.spec.ts', capability: 'registration' },
  { file: 'session.spec.ts', title: /reused refresh token/, capability: 'clock' },
];

type Outcome = 'passed' | 'failed' | 'flaky' | { skip: string | undefined };

/** One test as Playwright's JSON reporter writes it. */
function test(outcome: Outcome): JSONReportTest {
  const skip = typeof outcome === 'object';
  const annotations = skip && outcome.skip ? [{ type: 'skip', description: outcome.skip }] : [];
  const result = (status: 'passed' | 'failed' | 'skipped') => ({
    workerIndex: 0,
    parallelIndex: 0,
    status,
    duration: 1,
    error: undefined,
    errors: [],
    stdout: [],
    stderr: [],
    retry: 0,
    startTime: '2026-01-01T00:00:00.000Z',
    attachments: [],
    annotations,
  });
  return {
    timeout: 30_000,
    annotations,
    expectedStatus: skip ? 'skipped' : 'passed',
    projectName: '',
    projectId: '',
    results:
      outcome === 'flaky' ? [result('failed'), result('passed')] : [result(skip ? 'skipped' : outcome === 'failed' ? 'failed' : 'passed')],
    status: skip ? 'skipped' : outcome === 'passed' ? 'expected' : outcome === 'flaky' ? 'flaky' : 'unexpected',
  };
}

function spec(file: string, title: string, outcome: Outcome): JSONReportSpec {
  return { tags: [], title, ok: outcome !== 'failed', tests: [test(outcome)], id: title, file, line: 1, column: 1 };
}

function report(specs: JSONReportSpec[], errors: JSONReport['errors'] = []): JSONReport {
  const files = [...new Set(specs.map((s) => s.file))];
  return {
    config: {} as JSONReport['config'],
    suites: files.map((file) => ({ title: file, file, line: 0, column: 0, specs: specs.filter((s) => s.file === file) })),
    errors,
    stats: { startTime: '', duration: 0, expected: 0, unexpected: 0, flaky: 0, skipped: 0 },
  };
}

const needs = (...c: Capability[]) => ({ skip: unmetNeeds(target, c) });

/** The run as it should be: registration and the clock test skipped, the rest passed. */
function goodRun(): JSONReportSpec[] {
  return [
    spec('sign-in.spec.ts', 'signs in through the widget', 'passed'),
    spec('registration.spec.ts', 'a visitor signs up', needs('registration', 'outbox')),
    spec('registration.spec.ts', 'a wrong code shows the error', needs('registration', 'outbox')),
    spec('session.spec.ts', '"Renew now" replaces all three tokens', 'passed'),
    spec('session.spec.ts', 'a reused refresh token is rejected', needs('clock')),
  ];
}

const check = (r: JSONReport) => checkAsOrgReport(r, { targetLabel: target.label, offered: OFFERED, expectedSkips: EXPECTED });

describe('checking the as-org report', () => {
  it('accepts a run that skipped exactly what the org lacks, with reasons, and passed the rest', () => {
    const result = check(report(goodRun()));
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ passed: 2, skipped: 3 });
  });

  it('counts a test declared to fail (test.fail()) that failed as passed', () => {
    const declaredToFail = spec('cleanup.spec.ts', 'fails on purpose', 'failed');
    declaredToFail.tests[0]!.expectedStatus = 'failed';
    declaredToFail.tests[0]!.status = 'expected';
    const result = check(report([...goodRun(), declaredToFail]));
    expect(result.problems).toEqual([]);
    expect(result.passed).toBe(3);
  });

  it('reads the capabilities a skip reason names', () => {
    expect(capabilitiesIn(unmetNeeds(target, ['registration', 'clock', 'outbox'])!)).toEqual(['clock', 'registration']);
    expect(capabilitiesIn('some other reason')).toEqual([]);
  });

  it('flags failures, flaky passes and run errors', () => {
    const specs = goodRun();
    specs[0] = spec('sign-in.spec.ts', 'signs in through the widget', 'failed');
    specs.push(spec('sign-in.spec.ts', 'wrong password', 'flaky'));
    const result = check(report(specs, [{ message: 'Error: Process from config.webServer exited early.\n  at …' }]));
    expect(result.problems).toEqual([
      'run error: Error: Process from config.webServer exited early.',
      'sign-in.spec.ts › signs in through the widget: failed',
      'sign-in.spec.ts › wrong password: failed',
    ]);
  });

  it('flags a test that ran although the org lacks what it needs (a silent pass)', () => {
    const specs = goodRun();
    specs[4] = spec('session.spec.ts', 'a reused refresh token is rejected', 'passed');
    expect(check(report(specs)).problems).toEqual([
      'session.spec.ts › a reused refresh token is rejected: ran, but localhost:17170 does not offer clock: it should have been skipped',
    ]);
  });

  it('flags a skip without a reason, and one whose reason names another target', () => {
    const specs = goodRun();
    specs[1] = spec('registration.spec.ts', 'a visitor signs up', { skip: undefined });
    specs[2] = spec('registration.spec.ts', 'a wrong code shows the error', { skip: 'localhost:17070 does not offer: registration (…)' });
    expect(check(report(specs)).problems).toEqual([
      'registration.spec.ts › a visitor signs up: skipped without a reason naming localhost:17170 and an unmet need (no reason)',
      'registration.spec.ts › a wrong code shows the error: skipped without a reason naming localhost:17170 and an unmet need (localhost:17070 does not offer: registration (…))',
    ]);
  });

  it('flags a test skipped for a need the org offers, and a skip the run did not expect', () => {
    const outbox = new Set(target.capabilities);
    outbox.delete('outbox');
    const noOutbox = { ...target, capabilities: outbox };
    const specs = [...goodRun(), spec('sign-in.spec.ts', 'wrong password', { skip: unmetNeeds(noOutbox, ['outbox']) })];
    expect(check(report(specs)).problems).toEqual([
      'sign-in.spec.ts › wrong password: skipped for outbox, which the org offers',
      expect.stringMatching(
        /^sign-in.spec.ts › wrong password: skipped \(localhost:17170 does not offer: outbox .*\), which this run did not expect$/,
      ),
    ]);
  });

  it('flags an expected skip that never happened, a skip for the wrong need, and a run where nothing passed', () => {
    const result = check(
      report([
        spec('registration.spec.ts', 'a visitor signs up', needs('clock')),
        spec('session.spec.ts', 'storage holding junk', needs('clock')),
      ]),
    );
    expect(result.problems).toEqual([
      'registration.spec.ts › a visitor signs up: skipped, but not for registration',
      expect.stringMatching(/^session.spec.ts › storage holding junk: skipped .*, which this run did not expect$/),
      'no test in session.spec.ts matching /reused refresh token/ ran: the clock skip was not exercised',
      'no test passed against localhost:17170',
    ]);
  });

  it('titles tests inside describe blocks with their path', () => {
    const r = report([]);
    r.suites = [
      {
        title: 'lifecycle.spec.ts',
        file: 'lifecycle.spec.ts',
        line: 0,
        column: 0,
        specs: [],
        suites: [
          {
            title: 'suspended users',
            file: 'lifecycle.spec.ts',
            line: 1,
            column: 1,
            specs: [spec('lifecycle.spec.ts', 'cannot sign in', 'passed')],
          },
        ],
      },
    ];
    expect(reportedTests(r)).toEqual([
      { file: 'lifecycle.spec.ts', title: 'suspended users › cannot sign in', outcome: 'passed', reasons: [] },
    ]);
  });
});

/**
 * Part "e2e": the two Playwright runs' durations against issue #22's targets — the main run under 60 s,
 * main + as-org (`npm run test:e2e:as-org`) under 90 s — as `e2eMainSeconds` and `e2eAsOrgSeconds`.
 *
 * Running them needs the suite's fixed ports and rebuilds dist-e2e, which would collide with a
 * colleague's run, so only an explicit `npm run bench -- e2e` runs them, each holding `flock
 * /tmp/e2e.lock` like every run on this machine, and times them by the wall clock (start-up included).
 * Otherwise the last recorded runs (test-results/playwright.json, playwright-as-org.json, whoever ran
 * them) are reported with their start time; Playwright's `stats.duration` there covers its whole run,
 * web servers' start-up included (measured: 209.3 s reported for 210.9 s wall), but not what the as-org
 * script does around Playwright (its devorg's start and the checks after: 31.8 s for 37.4 s wall). A run with failures gives no figure; the counts shown tell a
 * colleague's subset from the whole suite.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './lib/devorg-proc';
import { verdict, type PartResult, type TargetRow } from './lib/report';

interface PwStats {
  startTime: string;
  duration: number;
  expected: number;
  unexpected: number;
  flaky: number;
  skipped: number;
}

interface Run {
  label: string;
  /** The JSON report the run writes (playwright.config.ts `E2E_REPORT_NAME`). */
  report: string;
  command: string[];
}

const LOCK = '/tmp/e2e.lock';
const MAIN: Run = { label: 'main run', report: 'test-results/playwright.json', command: ['npx', 'playwright', 'test'] };
const AS_ORG: Run = { label: 'as-org run', report: 'test-results/playwright-as-org.json', command: ['npm', 'run', 'test:e2e:as-org'] };

interface Report {
  stats?: PwStats;
  /** One top-level suite per spec file the run loaded. */
  suites?: { file?: string }[];
}

function readReport(file: string): Report | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Report;
  } catch {
    return undefined;
  }
}

/** The main run's report is the whole suite only if it loaded every spec file in e2e/. */
function missingSpecs(report: Report): number {
  const loaded = new Set((report.suites ?? []).map((s) => s.file));
  return readdirSync(join(REPO, 'e2e')).filter((f) => f.endsWith('.spec.ts') && !loaded.has(f)).length;
}

/** Runs one suite under the e2e lock; the wall clock from the command's start (lock wait excluded). */
async function timed(run: Run): Promise<{ code: number | null; seconds: number }> {
  // flock prints nothing; the child says when it got the lock by starting (date +%s.%N would need a shell).
  const script = `echo locked >&3; exec ${run.command.join(' ')}`;
  let t0 = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn('flock', [LOCK, 'sh', '-c', script], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit', 'pipe'] });
    child.stdio[3]?.on('data', () => (t0 = performance.now()));
    child.once('exit', resolve);
  });
  return { code, seconds: (performance.now() - t0) / 1000 };
}

function describe(stats: PwStats): string {
  return `${stats.expected} passed, ${stats.unexpected} failed, ${stats.flaky} flaky, ${stats.skipped} skipped`;
}

/** A run's seconds, or null when it says little about the suite's duration (failures, or no report). */
function seconds(stats: PwStats | undefined, wall: number | undefined): number | null {
  if (!stats || stats.unexpected > 0) return null;
  return Number((wall ?? stats.duration / 1000).toFixed(1));
}

export async function e2ePart(_tmp: string, run: boolean): Promise<PartResult> {
  const lines: string[] = [];
  const figures: Record<'main' | 'asOrg', number | null> = { main: null, asOrg: null };
  for (const [key, r] of [
    ['main', MAIN],
    ['asOrg', AS_ORG],
  ] as const) {
    let wall: number | undefined;
    if (run) {
      const { code, seconds: s } = await timed(r);
      wall = s;
      lines.push(`The ${r.label} (\`${r.command.join(' ')}\`) exited ${code} after ${s.toFixed(1)} s wall clock, start-up included.`);
    }
    const report = readReport(join(REPO, r.report));
    const stats = report?.stats;
    if (!report || !stats) {
      lines.push(`No report of the ${r.label} at ${r.report}.`);
      continue;
    }
    // A colleague's run of a few specs says nothing about the suite's duration.
    const missing = key === 'main' ? missingSpecs(report) : 0;
    figures[key] = missing ? null : seconds(stats, wall);
    const why = missing
      ? `: a subset (${missing} spec files not run), no figure`
      : figures[key] === null
        ? ': had failures, no figure'
        : '';
    lines.push(
      `${run ? 'This' : 'Last recorded'} ${r.label} (${r.report}): started ${stats.startTime}, Playwright reports ${(stats.duration / 1000).toFixed(1)} s (${describe(stats)})${why}.`,
    );
  }
  const targets: TargetRow[] = [
    {
      target: 'main e2e run under 60 s',
      figure: figures.main === null ? 'no figure' : `${figures.main} s`,
      verdict: figures.main === null ? 'not judged' : verdict(figures.main < 60, `${(figures.main - 60).toFixed(1)} s`),
    },
  ];
  const both = figures.main !== null && figures.asOrg !== null ? figures.main + figures.asOrg : null;
  targets.push({
    target: 'main + as-org e2e runs under 90 s',
    figure: both === null ? 'no figure' : `${both.toFixed(1)} s (${figures.main} + ${figures.asOrg})`,
    verdict: both === null ? 'not judged' : verdict(both < 90, `${(both - 90).toFixed(1)} s`),
  });
  if (!run) lines.push('`npm run bench -- e2e` re-runs both (under `flock /tmp/e2e.lock`).');
  return {
    name: 'e2e suite',
    markdown: lines.join('\n'),
    targets,
    figures: { e2eMainSeconds: figures.main, e2eAsOrgSeconds: figures.asOrg },
  };
}

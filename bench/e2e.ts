/**
 * Part "e2e": the whole Playwright suite's duration against the 90 s target. Running it needs the
 * suite's fixed ports (17070/18080) and rebuilds dist-e2e, which would collide with a colleague's
 * run, so only an explicit `npm run bench -- e2e` runs it; otherwise the last recorded run
 * (test-results/playwright.json) is reported with its date.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO } from './lib/devorg-proc';
import { verdict, type PartResult } from './lib/report';

interface PwStats {
  startTime: string;
  duration: number;
  expected: number;
  unexpected: number;
  flaky: number;
  skipped: number;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function readStats(file: string): PwStats | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { stats?: PwStats }).stats;
  } catch {
    return undefined;
  }
}

function result(stats: PwStats, wallSeconds: number | undefined, source: string): PartResult {
  const secs = stats.duration / 1000;
  const figure = `${secs.toFixed(1)} s (${stats.expected} passed, ${stats.unexpected} failed, ${stats.flaky} flaky, ${stats.skipped} skipped)`;
  return {
    name: 'e2e suite',
    markdown: `${source}: Playwright reports ${figure}, started ${stats.startTime}${wallSeconds ? `; wall clock incl. build and servers ${wallSeconds.toFixed(1)} s` : ''}.`,
    targets: [
      {
        target: 'whole e2e suite under 90 s',
        figure: `${figure}, ${source.toLowerCase()}`,
        // A run with failures (or a colleague's subset) says little about the suite's duration.
        verdict: stats.unexpected > 0 ? 'not judged: that run had failures' : verdict(secs < 90, `${(secs - 90).toFixed(1)} s`),
      },
    ],
  };
}

export async function e2ePart(tmp: string, run: boolean): Promise<PartResult> {
  const last = join(REPO, 'test-results/playwright.json');
  if (run) {
    if (!(await portFree(17070)) || !(await portFree(18080))) {
      const stats = readStats(last);
      if (!stats)
        return {
          name: 'e2e suite',
          markdown: 'Not run: ports 17070/18080 are busy (another e2e run?) and no previous run is recorded.',
          targets: [],
        };
      return result(stats, undefined, 'Not run (ports 17070/18080 busy); last recorded run');
    }
    const out = join(tmp, 'e2e.json');
    const t0 = performance.now();
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('npx', ['playwright', 'test', '--reporter=json', `--output=${join(tmp, 'e2e-artifacts')}`], {
        cwd: REPO,
        env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: out, PLAYWRIGHT_JSON_OUTPUT_FILE: out },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      child.once('exit', resolve);
    });
    const wall = (performance.now() - t0) / 1000;
    const stats = readStats(out);
    if (!stats) return { name: 'e2e suite', markdown: `The suite ran (exit ${code}) but wrote no JSON report.`, targets: [] };
    return result(stats, wall, 'This run');
  }
  const stats = readStats(last);
  if (!stats) return { name: 'e2e suite', markdown: 'No recorded e2e run; `npm run bench -- e2e` runs the suite.', targets: [] };
  return result(stats, undefined, 'Last recorded run (test-results/playwright.json; `npm run bench -- e2e` re-runs it)');
}

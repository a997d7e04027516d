/**
 * `npx tsx bench/form-ab.ts <tree|dist>… [visits] [--trace=DIR]`: the sign-in form's cold load of portal builds
 * from different source trees side by side (e.g. `git archive <base> | tar -x -C /tmp/base` with node_modules
 * linked in, and this worktree), as bench/compare.ts measures it (same static server, same probe, fresh
 * browser context per visit), in interleaved visits against one devorg. A directory with an index.html is
 * taken as a build as it is. On a machine whose load swings, only such an interleaved comparison says
 * whether a change helped.
 *
 * `--trace=DIR` also writes one Chromium trace per tree (a cold visit after the measured ones, devtools
 * timeline categories with JS sampling) for chrome://tracing or DevTools' Performance panel, and prints the
 * main thread's longest tasks until the form.
 * `--serve` only builds and serves them (and devorg) until interrupted, for a look by hand.
 * Ports: BENCH_FORM_AB_PORT (default 19200) for devorg, the builds on the next ones.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { defaultConfig } from '../devorg/config';
import { chromiumLaunchOptions } from '../scripts/chromium';
import { MarkSignals, PROBE } from './lib/browser-runs';
import { CLIENT_ID, passwordOnlyPolicies, startDevorg, TEST_COST, writeBenchConfig } from './lib/devorg-proc';
import { serveStatic, type StaticServer } from './lib/static-server';
import { summarize } from './lib/stats';

const args = process.argv.slice(2);
const visits = Number(args.find((a) => /^\d+$/.test(a)) ?? 15);
const serveOnly = args.includes('--serve');
const traceDir = args.find((a) => a.startsWith('--trace='))?.slice('--trace='.length);
const trees = args.filter((a) => !/^\d+$/.test(a) && !a.startsWith('--')).map((t) => resolve(t));
const BASE_PORT = Number(process.env.BENCH_FORM_AB_PORT ?? 19200);
const DEVORG = `http://localhost:${BASE_PORT}`;
const origins = trees.map((_, i) => `http://localhost:${BASE_PORT + 1 + i}`);

function build(tree: string, out: string): string {
  if (existsSync(join(tree, 'index.html')) && !existsSync(join(tree, 'vite.config.ts'))) return tree;
  execFileSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: tree,
    stdio: 'inherit',
    env: {
      ...process.env,
      VITE_OKTA_ISSUER: `${DEVORG}/oauth2/default`,
      VITE_OKTA_CLIENT_ID: CLIENT_ID,
      VITE_DEVORG_URL: DEVORG,
    },
  });
  return out;
}

async function coldVisit(browser: Browser, origin: string, trace?: string): Promise<{ ms: number; marks: Record<string, number> }> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  const signals = await MarkSignals.attach(context);
  await context.addInitScript({ content: PROBE });
  try {
    const page = await context.newPage();
    if (trace)
      await browser.startTracing(page, {
        path: trace,
        screenshots: false,
        categories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'v8.execute',
          'disabled-by-default-v8.cpu_profiler',
          'blink.user_timing',
          'loading',
          'netlog',
        ],
      });
    await page.goto(`${origin}/login`);
    await signals.wait(page, 'identify', 30_000);
    const marks = await page.evaluate(() => {
      const m: Record<string, number> = { ...(window as unknown as { __bench: Record<string, number> }).__bench };
      // When each milestone request started and ended (Resource Timing; cross-origin ones too, start and end).
      const named: [string, RegExp][] = [
        ['discovery', /openid-configuration$/],
        ['interact', /\/v1\/interact$/],
        ['introspect', /\/idx\/introspect$/],
        ['widget', /\/assets\/oie-[^/]*\.js$/],
        ['widget-css', /\/assets\/okta-sign-in-[^/]*\.css$/],
      ];
      for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
        for (const [name, re] of named) {
          if (re.test(e.name) && m[`${name}>`] === undefined) {
            m[`${name}>`] = e.startTime;
            m[`${name}<`] = e.responseEnd;
          }
        }
      }
      return m;
    });
    if (trace) await browser.stopTracing();
    return { ms: marks.identify as number, marks };
  } finally {
    await context.close();
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown>; name?: string };
}

/** The renderer main thread's top-level tasks and their biggest children, in ms after navigation start. */
function summarizeTrace(file: string, untilMs: number): void {
  const { traceEvents } = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] };
  const main = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const nav = traceEvents.find((e) => e.name === 'navigationStart' || e.name === 'TracingStartedInBrowser');
  if (!main || !nav) return console.log('  (no renderer main thread in the trace)');
  const t0 = traceEvents.filter((e) => e.name === 'navigationStart').map((e) => e.ts)[0] ?? nav.ts;
  const onMain = traceEvents.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
  const tasks = onMain.filter((e) => e.name === 'RunTask' && (e.ts - t0) / 1000 < untilMs);
  const busy = tasks.reduce((s, e) => s + (e.dur as number), 0) / 1000;
  console.log(`  main thread busy until the form: ${busy.toFixed(0)} ms of ${untilMs.toFixed(0)} ms`);
  const byName = new Map<string, number>();
  for (const e of onMain) {
    if ((e.ts - t0) / 1000 > untilMs || e.name === 'RunTask') continue;
    byName.set(e.name, (byName.get(e.name) ?? 0) + (e.dur as number) / 1000);
  }
  console.log(
    '  inclusive time by event: ' +
      [...byName.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 14)
        .map(([n, d]) => `${n} ${d.toFixed(0)}`)
        .join(', '),
  );
  for (const t of tasks.filter((e) => (e.dur as number) > 8000)) {
    const inside = onMain
      .filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur as number) <= t.ts + (t.dur as number) && (e.dur as number) > 3000)
      .map((e) => {
        const d = e.args?.data ?? {};
        const what =
          (d.url as string | undefined) ?? (d.functionName as string | undefined) ?? (d.styleSheetUrl as string | undefined) ?? '';
        return `${e.name}${what ? `(${basename(what)})` : ''} ${((e.dur as number) / 1000).toFixed(0)}`;
      });
    console.log(
      `  task at ${((t.ts - t0) / 1000).toFixed(0)} ms, ${((t.dur as number) / 1000).toFixed(0)} ms: ${inside.slice(0, 8).join(', ')}`,
    );
  }
}

async function main(): Promise<void> {
  if (trees.length === 0) throw new Error('usage: npx tsx bench/form-ab.ts <tree|dist>… [visits] [--trace=DIR]');
  const tmp = mkdtempSync(join(tmpdir(), 'form-ab-'));
  const outs = trees.map((t, i) => build(t, join(tmp, `build-${i}`)));
  const { policies } = await passwordOnlyPolicies();
  const apps = defaultConfig().apps.map((a) =>
    a.clientId === CLIENT_ID
      ? {
          ...a,
          redirectUris: origins.map((o) => `${o}/login/callback`),
          postLogoutRedirectUris: origins.map((o) => `${o}/`),
          emailMagicLinkUri: `${origins[0]}/login`,
        }
      : a,
  );
  const org = await startDevorg({
    dataDir: join(tmp, 'data'),
    configFile: writeBenchConfig(tmp, TEST_COST, policies, { apps, trustedOrigins: origins }),
    cost: TEST_COST,
    port: BASE_PORT,
    portalOrigin: null,
  });
  const servers: StaticServer[] = [];
  const opts = chromiumLaunchOptions();
  const browser = await chromium.launch({ ...opts, args: [...opts.args, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost'] });
  const times: number[][] = trees.map(() => []);
  const marks: Record<string, number>[][] = trees.map(() => []);
  try {
    for (const [i, out] of outs.entries()) servers.push(await serveStatic(out, BASE_PORT + 1 + i));
    if (serveOnly) {
      console.log(`serving ${origins.join(', ')} against ${DEVORG}; Ctrl-C ends`);
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()).once('SIGTERM', () => resolve()));
      return;
    }
    for (const o of origins) await coldVisit(browser, o); // warm-up: Chromium's first launch, devorg's JIT
    for (let v = 0; v < visits; v++) {
      const order = trees.map((_, i) => i);
      if (v % 2) order.reverse();
      for (const i of order) {
        const r = await coldVisit(browser, origins[i] as string);
        times[i]?.push(r.ms);
        marks[i]?.push(r.marks);
      }
      console.log(`  visit ${v + 1}/${visits}: ${order.map((i) => `${i}: ${times[i]?.at(-1)?.toFixed(0)} ms`).join(', ')}`);
    }
    for (const [i, tree] of trees.entries()) {
      const s = summarize(times[i] as number[]);
      console.log(
        `${i} ${tree}: form interactive median ${s.median.toFixed(0)} ms (p90 ${s.p90.toFixed(0)}, min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`,
      );
      if (i > 0) {
        // Per round, this tree's time minus the first tree's: the machine's drift cancels out.
        const diffs = (times[i] as number[]).map((t, v) => t - ((times[0] as number[])[v] as number));
        const d = summarize(diffs);
        const sorted = [...diffs].sort((a, b) => a - b);
        const q1 = sorted[Math.floor(sorted.length / 4)] as number;
        const q3 = sorted[Math.floor((3 * sorted.length) / 4)] as number;
        const faster = diffs.filter((x) => x < 0).length;
        console.log(
          `  vs 0, paired by round: median ${d.median.toFixed(0)} ms (quartiles ${q1.toFixed(0)} … ${q3.toFixed(0)}), faster in ${faster} of ${diffs.length}`,
        );
      }
      const keys = [...new Set((marks[i] ?? []).flatMap((m) => Object.keys(m)))].filter((k) => /[<>]$|:dom$/.test(k));
      const median = (k: string) => summarize((marks[i] ?? []).map((m) => m[k] ?? NaN)).median;
      console.log(`  medians: ${keys.map((k) => `${k} ${median(k).toFixed(0)}`).join(', ')}`);
    }
    if (traceDir) {
      mkdirSync(traceDir, { recursive: true });
      for (const [i, o] of origins.entries()) {
        const file = join(traceDir, `trace-${i}.json`);
        const r = await coldVisit(browser, o, file);
        console.log(`trace of ${trees[i]}: ${file} (form at ${r.ms.toFixed(0)} ms)`);
        summarizeTrace(file, r.ms);
      }
    }
  } finally {
    await browser.close();
    for (const s of servers) await s.close();
    await org.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

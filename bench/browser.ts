/**
 * Parts "weight" and "browser": what the real page loads download (recorded in Chromium, then
 * compressed from the build output) and how long the user waits, from the page's own clock.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { BENCH_PASSWORD, createUserViaApi, PORTAL_ORIGIN, PROD_COST, startDevorg, TEST_COST, writeBenchConfig } from './lib/devorg-proc';
import { launchChromium, measuredVisit, type NetEntry, type Phase, type RunData } from './lib/browser-runs';
import { buildPortal, startPreview, WIDGET_MARKERS, type BuiltPortal } from './lib/portal';
import { QUICK, verdict, type PartResult, type TargetRow } from './lib/report';
import { kib, medP90, ms, summarize, table } from './lib/stats';

export interface BrowserData {
  built: BuiltPortal;
  runs: Map<number, RunData[]>;
}

/** Builds, serves and drives the portal: `visits` measured visits per hash cost. */
export async function collectBrowserData(
  tmp: string,
  costs: number[],
  visits: number,
  policies: Record<string, unknown>,
): Promise<BrowserData> {
  const built = await buildPortal(join(tmp, 'dist'));
  console.log(`  built the portal in ${built.seconds.toFixed(1)} s`);
  const server = await startPreview(built.outDir);
  const browser = await launchChromium();
  const runs = new Map<number, RunData[]>();
  try {
    for (const cost of costs) {
      const dir = join(tmp, `browser-${cost}`);
      const org = await startDevorg({ dataDir: join(dir, 'data'), configFile: writeBenchConfig(dir, cost, policies), cost });
      const list: RunData[] = [];
      try {
        // One unmeasured visit first: Chromium's own first-launch work and devorg's JIT warm-up.
        const warmLogin = `warmup.${cost}@example.test`;
        await createUserViaApi(warmLogin, BENCH_PASSWORD);
        await measuredVisit(browser, warmLogin);
        for (let i = 0; i < visits; i++) {
          const login = `browser.${cost}.${i}@example.test`;
          await createUserViaApi(login, BENCH_PASSWORD, 'Ada', `Visitor ${i}`);
          const run = await measuredVisit(browser, login);
          list.push(run);
          console.log(
            `  cost ${cost} visit ${i + 1}/${visits}: cold form ${run.coldForm.ms.toFixed(0)} ms, warm ${run.warmForm.ms.toFixed(0)} ms, ` +
              (run.signIn ? `sign-in ${run.signIn.ms.toFixed(0)} ms` : (run.notMeasured ?? '')),
          );
          if (run.notMeasured) break;
        }
      } finally {
        await org.stop();
      }
      runs.set(cost, list);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return { built, runs };
}

// ---- weight ----------------------------------------------------------------------------------

interface Asset {
  path: string;
  kind: 'js' | 'css';
  raw: number;
  gz: number;
  br: number;
  widget: boolean;
  wall: number;
}

const sizeCache = new Map<string, { raw: number; gz: number; br: number; text: string }>();

function sizes(outDir: string, path: string) {
  let s = sizeCache.get(path);
  if (!s) {
    const buf = readFileSync(join(outDir, path));
    // Best static compression a CDN would pre-compress with: gzip -9 and brotli quality 11.
    s = {
      raw: buf.length,
      gz: gzipSync(buf, { level: 9 }).length,
      br: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } })
        .length,
      text: buf.toString('utf8'),
    };
    sizeCache.set(path, s);
  }
  return s;
}

/** JS and CSS files of the portal itself among the recorded requests, in request order, deduplicated. */
function assetsOf(built: BuiltPortal, requests: NetEntry[]): Asset[] {
  const seen = new Set<string>();
  const out: Asset[] = [];
  for (const r of [...requests].sort((a, b) => a.wall - b.wall)) {
    const url = new URL(r.url);
    if (url.origin !== PORTAL_ORIGIN) continue;
    const path = url.pathname.replace(/^\//, '');
    const kind = path.endsWith('.js') ? 'js' : path.endsWith('.css') ? 'css' : undefined;
    if (!kind || seen.has(path)) continue;
    seen.add(path);
    const s = sizes(built.outDir, path);
    out.push({ path, kind, raw: s.raw, gz: s.gz, br: s.br, widget: built.widgetFiles.has(path), wall: r.wall });
  }
  return out;
}

const sum = (as: Asset[], k: 'raw' | 'gz' | 'br') => as.reduce((n, a) => n + a[k], 0);

export function weightPart(data: BrowserData): PartResult {
  const first = data.runs.get(TEST_COST)?.[0];
  if (!first) throw new Error('no browser visit recorded');
  const { built } = data;
  const form = assetsOf(built, first.coldForm.requests);
  const widgetAt = form.find((a) => a.path === built.widgetChunk)?.wall ?? Infinity;
  const boot = form.filter((a) => a.wall < widgetAt);
  const bootJs = boot.filter((a) => a.kind === 'js');
  const dash = first.dashboardReload ? assetsOf(built, first.dashboardReload.requests) : [];
  const dashJs = dash.filter((a) => a.kind === 'js');
  const widgetInDash = dash.filter((a) => a.widget || WIDGET_MARKERS.some((m) => sizes(built.outDir, a.path).text.includes(m)));

  const rows = (as: Asset[]) => as.map((a) => [a.path + (a.widget ? ' (widget)' : ''), kib(a.raw), kib(a.gz), kib(a.br)]);
  const total = (label: string, as: Asset[]) => [
    `**${label}**`,
    `**${kib(sum(as, 'raw'))}**`,
    `**${kib(sum(as, 'gz'))}**`,
    `**${kib(sum(as, 'br'))}**`,
  ];
  const lines = [
    `Production build (Vite ${built.seconds.toFixed(1)} s) in a temp dir; the file lists come from a real cold load of \`/login\``,
    'and a signed-in reload of `/dashboard` in Chromium (DevTools network log, up to the moment the form / dashboard was',
    'painted). Sizes: each file compressed with gzip -9 and brotli q11 (node:zlib).',
    '',
    '(a) Sign-in form, cold:',
    '',
    table(
      ['file (request order)', 'raw', 'gzip', 'brotli'],
      [
        ...rows(form),
        total('JS before the widget chunk starts loading', bootJs),
        total('JS + CSS before the widget chunk', boot),
        total('all JS + CSS until the form is painted', form),
      ],
    ),
    '',
    '(b) Dashboard of a signed-in user, reload:',
    '',
    table(['file (request order)', 'raw', 'gzip', 'brotli'], [...rows(dash), total('JS', dashJs), total('JS + CSS', dash)]),
    '',
    widgetInDash.length
      ? `**The widget IS in (b)**: ${widgetInDash.map((a) => a.path).join(', ')}.`
      : `The widget is **not** in (b): no widget chunk (per the build manifest: ${[...built.widgetFiles].join(', ')}) and none of the marker strings ${WIDGET_MARKERS.map((m) => `\`${m}\``).join(', ')} in any file loaded.`,
  ];
  const bootGz = sum(bootJs, 'gz');
  const dashGz = sum(dashJs, 'gz');
  const targets: TargetRow[] = [
    {
      target: '(a) JS before the widget chunk starts loading ≤ 10 KiB gz',
      figure: `${kib(bootGz)} gz (${bootJs.map((a) => `${a.path.replace('assets/', '')} ${kib(a.gz)}`).join(' + ')})`,
      verdict: verdict(
        bootGz <= 10 * 1024,
        bootGz > 10 * 1024
          ? `${kib(bootGz - 10 * 1024)} (×${(bootGz / 10240).toFixed(1)}): ${bootJs.length} JS file(s) are requested before the widget chunk`
          : undefined,
      ),
    },
    {
      target: '(b) signed-in dashboard reload ≤ 40 KiB gz JS, no widget code',
      // A visit that never reached the dashboard measured nothing: say so, never "0 KiB, met".
      figure: first.dashboardReload
        ? `${kib(dashGz)} gz JS; widget ${widgetInDash.length ? 'present' : 'absent'}`
        : `not measured (${first.notMeasured ?? 'the dashboard was not reached'})`,
      verdict: !first.dashboardReload
        ? 'not measured'
        : verdict(
            dashGz <= 40 * 1024 && widgetInDash.length === 0,
            dashGz > 40 * 1024
              ? `${kib(dashGz - 40 * 1024)}: auth-js (core) is needed to read and renew the tokens, Lit to render`
              : 'widget present',
          ),
    },
  ];
  const toKiB = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
  return {
    name: 'weight',
    markdown: lines.join('\n'),
    targets,
    figures: {
      jsBeforeWidgetGzipKiB: toKiB(bootGz),
      // A reload that never reached the dashboard measured nothing: null, never 0.
      dashboardReloadJsGzipKiB: first.dashboardReload ? toKiB(dashGz) : null,
    },
  };
}

// ---- timings ---------------------------------------------------------------------------------

function netSummary(phases: Phase[]): { requests: string; bytes: string; cached: string } {
  const counts = summarize(phases.map((p) => p.requests.length));
  const bytes = summarize(phases.map((p) => p.requests.reduce((n, r) => n + r.bytes, 0)));
  const cached = summarize(phases.map((p) => p.requests.filter((r) => r.fromCache || r.revalidated || r.status === 304).length));
  return {
    requests: `${counts.median} (${counts.min}–${counts.max})`,
    bytes: `${kib(bytes.median)} (p90 ${kib(bytes.p90)})`,
    cached: String(cached.median),
  };
}

function flowRow(label: string, phases: Phase[]): string[] {
  if (phases.length === 0) return [label, 'not measured', '', '', '', ''];
  const t = summarize(phases.map((p) => p.ms));
  const d = summarize(phases.map((p) => p.domMs));
  const n = netSummary(phases);
  return [label, medP90(t), ms(d.median, 0), n.requests, n.cached, n.bytes];
}

function describeRequests(requests: NetEntry[]): string {
  return requests
    .map((r) => {
      const u = new URL(r.url);
      const status = r.revalidated ? ' 304' : r.status ? ` ${r.status}` : '';
      return `${r.method} ${u.origin === PORTAL_ORIGIN ? '' : ':' + u.port}${u.pathname}${status}${r.fromCache ? ' (cache)' : ''} ${(r.bytes / 1024).toFixed(1)} KiB`;
    })
    .join(', ');
}

export function browserPart(data: BrowserData): PartResult {
  const lines: string[] = [
    'Chromium (Debian) via Playwright, fresh browser context per visit (cold cache), then a second tab in that context',
    '(warm HTTP cache). Times are `performance.now()` in the page: navigation start → the Username input is visible and',
    'enabled and the next frame has run ("painted"; the "DOM" column is before that frame); "Verify" click → dashboard',
    'heading painted. Requests/bytes from the DevTools network log (CORS preflights included; bytes = on the wire,',
    '`vite preview` gzips on the fly and sends `Cache-Control: no-cache` + ETag, so every warm load revalidates each',
    'asset with a 304 round trip; a CDN with `immutable` hashed assets would skip those).',
    '',
  ];
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const [cost, runs] of data.runs) {
    const label = cost === TEST_COST ? `test cost N=${cost}` : `production cost N=${cost}`;
    const pick = (f: (r: RunData) => Phase | undefined) => runs.map(f).filter((p): p is Phase => !!p);
    if (cost === TEST_COST) {
      rows.push(
        flowRow(
          `cold: navigation → identify form (${runs.length} visits)`,
          pick((r) => r.coldForm),
        ),
      );
      rows.push(
        flowRow(
          'warm: navigation → identify form',
          pick((r) => r.warmForm),
        ),
      );
      rows.push(
        flowRow(
          `"Next" → password form (${label})`,
          pick((r) => r.identifyStep),
        ),
      );
    }
    rows.push(
      flowRow(
        `"Verify" → dashboard painted (${label})`,
        pick((r) => r.signIn),
      ),
    );
    if (cost === TEST_COST)
      rows.push(
        flowRow(
          'signed in: reload /dashboard → dashboard painted',
          pick((r) => r.dashboardReload),
        ),
      );
    const skipped = runs.find((r) => r.notMeasured);
    if (skipped) notes.push(`${label}: ${skipped.notMeasured}`);
    const sample = runs.find((r) => r.signIn);
    if (sample?.signIn) notes.push(`Requests of one password sign-in (${label}): ${describeRequests(sample.signIn.requests)}.`);
  }
  lines.push(
    table(['flow', 'median (p90)', 'DOM median', 'requests median (min–max)', 'from cache or 304', 'bytes on the wire median (p90)'], rows),
  );
  const testRuns = data.runs.get(TEST_COST) ?? [];
  if (testRuns.length) {
    lines.push('', 'Critical path of the form load — when each request was issued, ms after navigation start (median over visits):', '');
    const at = (p: Phase, test: (r: NetEntry) => boolean) => {
      const r = p.requests.find(test);
      return r && p.origin !== undefined ? r.wall - p.origin : NaN;
    };
    const widget = data.built.widgetChunk;
    const milestones: [string, (p: Phase) => number][] = [
      ['portal entry JS requested', (p) => at(p, (r) => /\/assets\/index-[^/]+\.js$/.test(r.url))],
      [
        "first discovery GET (the sign-in page's org check)",
        (p) => at(p, (r) => r.url.endsWith('/.well-known/openid-configuration') && r.method === 'GET'),
      ],
      ['widget chunk requested', (p) => at(p, (r) => r.url.endsWith(widget))],
      ['/v1/interact POST', (p) => at(p, (r) => r.url.endsWith('/v1/interact') && r.method === 'POST')],
      ['/idp/idx/introspect POST', (p) => at(p, (r) => r.url.endsWith('/idp/idx/introspect') && r.method === 'POST')],
      ['identify form painted', (p) => p.ms],
    ];
    lines.push(
      table(
        ['milestone', 'cold', 'warm'],
        milestones.map(([label, f]) => [
          label,
          ms(summarize(testRuns.map((r) => f(r.coldForm))).median, 0),
          ms(summarize(testRuns.map((r) => f(r.warmForm))).median, 0),
        ]),
      ),
    );
  }
  const test = testRuns[0];
  if (test) {
    notes.push(`Requests of one cold form load: ${describeRequests(test.coldForm.requests)}.`);
    notes.push(`Requests of one warm form load: ${describeRequests(test.warmForm.requests)}.`);
    if (test.dashboardReload) notes.push(`Requests of one signed-in dashboard reload: ${describeRequests(test.dashboardReload.requests)}.`);
  }
  if (notes.length) lines.push('', ...notes.map((n) => `- ${n}`));
  const coldForms = testRuns.map((r) => r.coldForm.ms);
  return {
    name: 'browser timings',
    markdown: lines.join('\n'),
    targets: [],
    figures: { formInteractiveColdMs: coldForms.length ? Math.round(summarize(coldForms).median) : null },
  };
}

export function visitsFor(parts: Set<string>): number {
  if (!parts.has('browser')) return 1;
  return QUICK ? 3 : 10;
}

export const BROWSER_COSTS = (parts: Set<string>) => (parts.has('browser') ? [TEST_COST, PROD_COST] : [TEST_COST]);

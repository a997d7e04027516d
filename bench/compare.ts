/**
 * Part "compare": the portal's sign-in form against Okta's own embedded-widget sample
 * (okta/samples-js-react `custom-login`, bench/lib/sample.ts), issue #22's target 1. Both are
 * production builds served by the same static server (bench/lib/static-server.ts: gzip, same cache
 * headers) against one bench devorg, visited alternately in fresh browser contexts (cold cache, no
 * storage). Measured with the same in-page probe for both (bench/lib/browser-runs.ts PROBE):
 * navigation start → the widget's username input (`input[name="identifier"]`) present, enabled and
 * laid out, then the next frame painted.
 */
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { defaultConfig } from '../devorg/config';
import { chromiumLaunchOptions } from '../scripts/chromium';
import { MarkSignals, PROBE } from './lib/browser-runs';
import { CLIENT_ID, ISSUER, PORTAL_ORIGIN, PORTAL_PORT, REDIRECT_URI, startDevorg, TEST_COST, writeBenchConfig } from './lib/devorg-proc';
import { buildPortal } from './lib/portal';
import { QUICK, verdict, type PartResult } from './lib/report';
import { buildSample, findSampleGitDir, SAMPLE_DIR, SAMPLE_REPO, type BuiltSample } from './lib/sample';
import { serveStatic, type StaticServer } from './lib/static-server';
import { kib, medP90, summarize, table, type Summary } from './lib/stats';

const SAMPLE_PORT = Number(process.env.BENCH_SAMPLE_PORT ?? PORTAL_PORT + 1);
const SAMPLE_ORIGIN = `http://localhost:${SAMPLE_PORT}`;
const VISITS = QUICK ? 3 : 15;
const TARGET_RATIO = 0.5;
const TARGET = `(1) sign-in form interactive ≤ ${TARGET_RATIO}× the sample's time`;

interface Visit {
  ms: number;
  domMs: number;
  /** Encoded (gzip) bytes of the scripts requested before the form was painted. */
  jsBytes: number;
  requests: number;
  /** Requests to hosts other than localhost (refused at once: see launch()). */
  outside: string[];
}

/**
 * Chromium as the other parts launch it, plus: every host but localhost fails to resolve at once. The
 * sample's Semantic UI CSS starts with `@import` of Google Fonts; on this closed network that request
 * would hang or fail after however long the resolver takes, which is the machine's doing, not the app's.
 * A resolver rule (not request interception, which would slow every request of both apps) makes it the
 * same instant failure for both — the sample's figure is then a lower bound of its time with internet.
 */
function launch(): Promise<Browser> {
  const opts = chromiumLaunchOptions();
  return chromium.launch({ ...opts, args: [...opts.args, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost'] });
}

/** The bench org, with the portal's app also accepting the sample's origin (redirect URI, CORS). */
function compareConfig(dir: string, policies: Record<string, unknown>): string {
  const apps = defaultConfig().apps.map((a) =>
    a.clientId === CLIENT_ID
      ? {
          ...a,
          redirectUris: [REDIRECT_URI, `${SAMPLE_ORIGIN}/login/callback`],
          postLogoutRedirectUris: [`${PORTAL_ORIGIN}/`, `${SAMPLE_ORIGIN}/`],
          emailMagicLinkUri: `${PORTAL_ORIGIN}/login`,
        }
      : a,
  );
  return writeBenchConfig(dir, TEST_COST, policies, { apps, trustedOrigins: [PORTAL_ORIGIN, SAMPLE_ORIGIN] });
}

const settle = () => new Promise((r) => setTimeout(r, 300));

async function coldVisit(browser: Browser, origin: string): Promise<Visit> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  const signals = await MarkSignals.attach(context);
  await context.addInitScript({ content: PROBE });
  try {
    const page = await context.newPage();
    const scripts: Promise<{ start: number; bytes: number }>[] = [];
    const requests: number[] = [];
    const outside = new Set<string>();
    page.on('request', (req) => {
      requests.push(Date.now());
      const host = new URL(req.url()).hostname;
      if (host !== 'localhost' && !req.url().startsWith('data:')) outside.add(host);
    });
    page.on('requestfinished', (req) => {
      if (req.resourceType() === 'script')
        scripts.push(req.sizes().then((s) => ({ start: req.timing().startTime, bytes: s.responseBodySize })));
    });
    await page.goto(`${origin}/login`);
    try {
      await signals.wait(page, 'identify', 30_000);
    } catch {
      const text = (
        await page
          .locator('body')
          .innerText()
          .catch(() => '')
      ).slice(0, 300);
      throw new Error(`${origin}/login: no usable username input within 30 s; the page shows: ${JSON.stringify(text)}`);
    }
    await settle(); // let requestfinished arrive for scripts requested before the mark
    const { origin: t0, m } = await page.evaluate(() => ({
      origin: performance.timeOrigin,
      m: { ...(window as unknown as { __bench: Record<string, number> }).__bench },
    }));
    const at = t0 + (m.identify as number);
    const loaded = await Promise.all(scripts);
    return {
      ms: m.identify as number,
      domMs: m['identify:dom'] ?? (m.identify as number),
      jsBytes: loaded.filter((s) => s.start <= at).reduce((sum, s) => sum + s.bytes, 0),
      requests: requests.filter((t) => t <= at).length,
      outside: [...outside],
    };
  } finally {
    await context.close();
  }
}

const nullFigures = { formInteractiveColdMs: null, sampleFormInteractiveColdMs: null, formInteractiveRatioToSample: null };

export async function comparePart(tmp: string, policies: Record<string, unknown>): Promise<PartResult> {
  const found = findSampleGitDir();
  if ('missing' in found) {
    console.log(`  compare: not measured: ${found.missing}`);
    return {
      name: `compare: portal vs Okta's ${SAMPLE_DIR} sample`,
      markdown: `Not measured: ${found.missing}. (The \`fetch\` tool's \`github:${SAMPLE_REPO}\` gives one.)`,
      targets: [{ target: TARGET, figure: 'not measured (no sample mirror)', verdict: 'not measured' }],
      figures: nullFigures,
    };
  }
  const portal = await buildPortal(join(tmp, 'compare-portal'));
  console.log(`  built the portal in ${portal.seconds.toFixed(1)} s`);
  const sample: BuiltSample = buildSample(found.gitDir, join(tmp, 'compare-sample'), { issuer: ISSUER, clientId: CLIENT_ID });
  console.log(`  built ${SAMPLE_DIR} (${sample.commit.slice(0, 12)}) in ${sample.seconds.toFixed(1)} s`);

  const dir = join(tmp, 'compare-org');
  const org = await startDevorg({
    dataDir: join(dir, 'data'),
    configFile: compareConfig(dir, policies),
    cost: TEST_COST,
    portalOrigin: null,
  });
  const servers: StaticServer[] = [];
  const browser = await launch();
  const visits = { portal: [] as Visit[], sample: [] as Visit[] };
  try {
    servers.push(await serveStatic(portal.outDir, PORTAL_PORT), await serveStatic(sample.outDir, SAMPLE_PORT));
    const [portalServer, sampleServer] = servers as [StaticServer, StaticServer];
    const apps = [
      ['portal', portalServer.origin],
      ['sample', sampleServer.origin],
    ] as const;
    // One unmeasured visit each: Chromium's first-launch work, devorg's JIT warm-up (and a clear error if either fails).
    for (const [, origin] of apps) await coldVisit(browser, origin);
    for (let i = 0; i < VISITS; i++) {
      // Alternate which app goes first, so a drift in the machine's load hits both alike.
      for (const [name, origin] of i % 2 ? [...apps].reverse() : apps) visits[name].push(await coldVisit(browser, origin));
      console.log(`  visit ${i + 1}/${VISITS}: portal ${visits.portal[i]?.ms.toFixed(0)} ms, sample ${visits.sample[i]?.ms.toFixed(0)} ms`);
    }
    return result(
      { ...summaries(visits.portal), builtJs: portalServer.jsGzipBytes },
      { ...summaries(visits.sample), builtJs: sampleServer.jsGzipBytes },
      sample,
    );
  } finally {
    await browser.close();
    for (const s of servers) await s.close();
    await org.stop();
  }
}

interface AppFigures {
  ms: Summary;
  domMs: Summary;
  jsBytes: Summary;
  requests: Summary;
  outside: string[];
  builtJs: number;
}

const summaries = (v: Visit[]) => ({
  ms: summarize(v.map((x) => x.ms)),
  domMs: summarize(v.map((x) => x.domMs)),
  jsBytes: summarize(v.map((x) => x.jsBytes)),
  requests: summarize(v.map((x) => x.requests)),
  outside: [...new Set(v.flatMap((x) => x.outside))],
});

function result(portal: AppFigures, sample: AppFigures, built: BuiltSample): PartResult {
  const ratio = portal.ms.median / sample.ms.median;
  const ok = ratio <= TARGET_RATIO;
  const row = (name: string, f: AppFigures) => [
    name,
    medP90(f.ms),
    medP90(f.domMs),
    kib(f.jsBytes.median),
    kib(f.builtJs),
    String(f.requests.median),
    f.outside.join(', ') || 'none',
  ];
  const markdown = [
    `${VISITS} cold visits to \`/login\` each, interleaved (fresh browser context per visit: empty cache, no storage), ` +
      'both production builds served by the same static server (in-memory, gzip level 6, `/assets/*` immutable, the rest `no-cache`) ' +
      'against one devorg (test hash cost), after one unmeasured visit each. "Form interactive": navigation start → the ' +
      "widget's username input present, enabled and laid out, then the next frame painted (same probe for both). " +
      'Hosts other than localhost fail to resolve at once (Chromium `--host-resolver-rules`, no request interception): ' +
      "the sample's Semantic UI CSS `@import`s Google Fonts, which this closed network cannot reach; with internet that " +
      'request costs the sample more, so its time here is a lower bound.',
    '',
    table(
      [
        'app',
        'form interactive, cold',
        'DOM ready (before the frame)',
        'JS gz loaded to the form',
        'JS gz in the build',
        'requests to the form',
        'outside hosts asked (fail at once)',
      ],
      [row('portal', portal), row(`Okta's ${SAMPLE_DIR} sample`, sample)],
    ),
    '',
    table(
      ['ratio portal / sample', 'median'],
      [
        ['form interactive', `${ratio.toFixed(2)}×`],
        ['JS gz loaded to the form', `${(portal.jsBytes.median / sample.jsBytes.median).toFixed(2)}×`],
      ],
    ),
    '',
    `The sample: [${SAMPLE_REPO}](https://github.com/${SAMPLE_REPO}) \`${SAMPLE_DIR}\` at ${built.commit.slice(0, 12)}, ` +
      `built with its own Vite ${built.viteVersion} (auth-js ${built.authJsVersion} as its \`"*"\` resolves today, ` +
      `Sign-In Widget ${built.widgetVersion}), configured as its README says (\`ISSUER\`, \`CLIENT_ID\`, ` +
      "`OKTA_TESTING_DISABLEHTTPSCHECK`) with the portal's client id; devorg's portal app also lists the sample's " +
      '`/login/callback` and origin. Changed from upstream, only so that it builds here:',
    '',
    ...built.changes.map((c) => `- ${c}`),
  ].join('\n');
  return {
    name: `compare: portal vs Okta's ${SAMPLE_DIR} sample`,
    markdown,
    targets: [
      {
        target: TARGET,
        figure: `${ratio.toFixed(2)}× (${portal.ms.median.toFixed(0)} vs ${sample.ms.median.toFixed(0)} ms median)`,
        verdict: verdict(
          ok,
          `${(ratio - TARGET_RATIO).toFixed(2)}× (${(portal.ms.median - TARGET_RATIO * sample.ms.median).toFixed(0)} ms)`,
        ),
      },
    ],
    figures: {
      formInteractiveColdMs: Math.round(portal.ms.median),
      sampleFormInteractiveColdMs: Math.round(sample.ms.median),
      formInteractiveRatioToSample: Number(ratio.toFixed(3)),
    },
  };
}

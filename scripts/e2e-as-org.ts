/**
 * `npm run test:e2e:as-org`: the e2e suite against a second devorg set up as if it were a real Okta org,
 * proving the target switch and the skip logic without a network.
 *
 * The org (e2e/devorg.as-org.json): its own port (17170), data dir, client id and API token, no demo
 * user, self-service registration off, no clock control (a real org has none), rate limits at a small
 * org's defaults. The suite gets it the way it would get a real org — `E2E_OKTA_ISSUER`,
 * `E2E_OKTA_CLIENT_ID`, `E2E_OKTA_API_TOKEN`, `E2E_CAPABILITIES` — so Playwright builds the portal for it
 * and does not start the e2e devorg.
 *
 * Capabilities declared: `outbox,mfa,myAccount`. `myAccount`: the org's portal app is granted the MyAccount
 * scopes (in e2e/devorg.as-org.json, as a real org's admin grants them), so the account page runs against it. `mfa`: the org runs devorg's policies (password + email
 * required). `outbox`: a real org has no devorg outbox, and would declare it only with some code reader
 * of its own; this org does serve the outbox (same token), and under a password + email policy no
 * sign-in finishes without reading the code, so declaring it keeps the sign-in and session journeys
 * running against this org. What the run proves skipped is what the org really lacks: registration
 * and the clock.
 *
 * After Playwright, the script checks (and fails the run otherwise):
 *  - the JSON report (test-results/playwright-as-org.json): registration.spec skipped for
 *    registration, the refresh-token replay test skipped for clock, each with a reason naming
 *    localhost:17170; everything else passed (e2e/as-org-report.ts);
 *  - nothing listened on the e2e devorg's port (17070) at any point of the run;
 *  - the org on 17170 did the work: it sent codes to the suite's throwaway users;
 *  - no user is left behind on it (management API, deactivated users included) — e2e/cleanup.spec.ts
 *    fails a test on purpose to check that its user goes too.
 * devorg is stopped at the end, also on failure and on Ctrl-C.
 *
 * Extra arguments go to `playwright test` (spec files replace the default subset).
 *
 * Two workers, as on the e2e devorg: playwright.config.ts gives a real org one, to keep its management calls
 * serial under the org's rate limits, but this org is local and its limits (a small org's) hold two
 * workers' calls (measured: 114 → 93 s on this 2-core machine under load). `--workers=1` runs it as
 * against a real org.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import type { JSONReport } from '@playwright/test/reporter';
import { issuerOf, loadConfig, portalApp } from '../devorg/config';
import { checkAsOrgReport, type ExpectedSkip } from '../e2e/as-org-report';
import { managementClient } from '../e2e/management-client';
import { resolveTarget, type Capability } from '../e2e/target';
import { DEVORG_BUNDLE_NODE_ARGS, devorgBundleArgs } from './devorg-bundle';

const CONFIG_FILE = 'e2e/devorg.as-org.json';
const PORTAL_URL = 'http://localhost:18180';
const REPORT_NAME = 'playwright-as-org';
const REPORT_FILE = `test-results/${REPORT_NAME}.json`;
const DEFAULT_SPECS = [
  'e2e/sign-in.spec.ts',
  'e2e/registration.spec.ts',
  'e2e/session.spec.ts',
  // The account page on MyAccount, as against a real org that grants the app its scopes (issue #18).
  'e2e/account.spec.ts',
  'e2e/account-security.spec.ts',
  'e2e/cleanup.spec.ts',
];
const OFFERED: Capability[] = ['outbox', 'mfa', 'myAccount'];
const EXPECTED_SKIPS: ExpectedSkip[] = [
  { file: 'registration.spec.ts', capability: 'registration' },
  { file: 'session.spec.ts', title: /reused refresh token/, capability: 'clock' },
  // The step-up needs a sign-in older than MyAccount's 15 minutes: devorg's test sign-in dates one back.
  { file: 'account.spec.ts', title: /Confirm it’s you/, capability: 'testSessions' },
];

const config = loadConfig({ DEVORG_CONFIG: CONFIG_FILE });
const issuer = issuerOf(config);
const orgUrl = config.publicOrigin;
const apiToken = config.apiTokens[0]!;
const e2eDevorgPort = Number(new URL(resolveTarget({}).orgUrl).port);

/** Running children and the signal that stops each cleanly. */
const children = new Map<ChildProcess, NodeJS.Signals>();

function start(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  { prefixOutput, stopWith, ownGroup = false }: { prefixOutput: boolean; stopWith: NodeJS.Signals; ownGroup?: boolean },
): ChildProcess {
  // ownGroup: a terminal's Ctrl-C doesn't reach the child too; it gets exactly one signal, from stopAll.
  const child = spawn(process.execPath, args, { stdio: prefixOutput ? ['ignore', 'pipe', 'pipe'] : 'inherit', env, detached: ownGroup });
  if (prefixOutput) {
    const prefix = (line: string) => (line ? `[${name}] ${line}\n` : '');
    child.stdout?.on('data', (d: Buffer) => process.stdout.write(d.toString().split('\n').map(prefix).join('')));
    child.stderr?.on('data', (d: Buffer) => process.stderr.write(d.toString().split('\n').map(prefix).join('')));
  }
  children.set(child, stopWith);
  child.once('exit', () => children.delete(child));
  return child;
}

function exited(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? 1);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

/**
 * Stops what is still running. Playwright gets SIGINT, as from Ctrl-C: that is what makes it stop its
 * web servers (the portal and the API) before it exits; on SIGTERM it would leave them behind.
 */
async function stopAll(): Promise<void> {
  const running = [...children];
  for (const [child, signal] of running) child.kill(signal);
  const deadline = setTimeout(() => running.forEach(([c]) => c.kill('SIGKILL')), 20_000);
  await Promise.all(running.map(([c]) => exited(c)));
  clearTimeout(deadline);
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Notes whether anything answers on `port` while the run lasts. */
function watchPort(port: number): { stop(): Promise<boolean> } {
  let seen = false;
  let active = true;
  const loop = (async () => {
    while (active) {
      if (await listening(port)) seen = true;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return {
    async stop() {
      active = false;
      await loop;
      return seen;
    },
  };
}

async function waitForDiscovery(devorg: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (devorg.exitCode !== null) throw new Error(`devorg exited (${devorg.exitCode}) before it served discovery`);
    try {
      const res = await fetch(`${issuer}/.well-known/openid-configuration`);
      if (res.ok) {
        const doc = (await res.json()) as { issuer?: string };
        if (doc.issuer !== issuer) throw new Error(`discovery names issuer ${doc.issuer}, expected ${issuer}`);
        return;
      }
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('discovery')) throw err;
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`devorg did not serve ${issuer}/.well-known/openid-configuration within ${timeoutMs / 1000} s`);
}

/** Users still on the org (deactivated ones included): it starts empty and has no demo user. */
async function leftoverUsers(): Promise<string[]> {
  const okta = managementClient(orgUrl, apiToken);
  const logins: string[] = [];
  for (const filter of [undefined, 'status eq "DEPROVISIONED"']) {
    const users = await okta.userApi.listUsers({ limit: 200, ...(filter ? { filter } : {}) });
    for await (const user of users) logins.push(`${user?.profile?.login ?? user?.id ?? '?'} (${user?.status ?? '?'})`);
  }
  return logins;
}

/** Codes the org "sent" to the suite's throwaway users: evidence that the tests signed in here. */
async function codesSentToTestUsers(): Promise<number> {
  const res = await fetch(`${orgUrl}/dev/api/outbox?limit=200`, {
    headers: { Authorization: `SSWS ${apiToken}`, Accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`outbox: HTTP ${res.status}`);
  const messages = (await res.json()) as { to: string }[];
  return messages.filter((m) => /^e2e\.[a-z0-9]+@example\.test$/.test(m.to)).length;
}

async function main(): Promise<number> {
  if (config.policies.registration || config.clockControl) {
    throw new Error(`${CONFIG_FILE} must keep registration and clock control off: this run proves those skips`);
  }
  if (await listening(e2eDevorgPort)) {
    throw new Error(`something already listens on ${e2eDevorgPort} (the e2e devorg's port): this run could not prove it stays down`);
  }
  // Playwright's web servers run `tsx` and `vite` by name, as under `npm run`, whatever started this script.
  const bin = new URL('../node_modules/.bin', import.meta.url).pathname;
  const playwrightCli = new URL('../node_modules/@playwright/test/cli.js', import.meta.url).pathname;

  rmSync(config.dataDir, { recursive: true, force: true });
  rmSync(REPORT_FILE, { force: true });
  const devorgEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DEVORG_')));
  // Bundled first and run by plain node.
  const bundled = spawnSync(join(bin, 'esbuild'), devorgBundleArgs(), { stdio: 'inherit' });
  if (bundled.status !== 0) throw new Error(`bundling devorg failed (esbuild exited ${bundled.status})`);
  const devorg = start(
    'as-org devorg',
    DEVORG_BUNDLE_NODE_ARGS,
    { ...devorgEnv, DEVORG_CONFIG: CONFIG_FILE },
    { prefixOutput: true, stopWith: 'SIGTERM' },
  );
  // Playwright starts beside it: its start-up (its modules, the portal and the API) needs no org, and its
  // server plan waits for the org's discovery before any test (playwright.config.ts, "target org").
  const devorgUp = waitForDiscovery(devorg, 30_000);

  const watcher = watchPort(e2eDevorgPort);
  const args = process.argv.slice(2);
  const specs = args.some((a) => a.endsWith('.spec.ts')) ? [] : DEFAULT_SPECS;
  const workers = args.some((a) => /^(-j|--workers)/.test(a)) ? [] : ['--workers=2'];
  const playwright = start(
    'playwright',
    [playwrightCli, 'test', ...specs, ...workers, ...args],
    {
      ...process.env,
      E2E_OKTA_ISSUER: issuer,
      E2E_OKTA_CLIENT_ID: portalApp(config).clientId,
      E2E_OKTA_API_TOKEN: apiToken,
      E2E_CAPABILITIES: OFFERED.join(','),
      E2E_PORTAL_URL: PORTAL_URL,
      E2E_REPORT_NAME: REPORT_NAME,
      PATH: [bin, process.env.PATH].filter(Boolean).join(delimiter),
    },
    // A second SIGINT makes Playwright quit at once, without stopping its web servers.
    { prefixOutput: false, stopWith: 'SIGINT', ownGroup: true },
  );
  await devorgUp;
  console.log(`as-org: devorg up at ${issuer} (client ${portalApp(config).clientId}, registration off, no clock control)`);
  const playwrightStatus = await exited(playwright);
  const e2eDevorgSeen = await watcher.stop();

  const problems: string[] = [];
  if (playwrightStatus !== 0) problems.push(`playwright test exited with ${playwrightStatus}`);
  if (e2eDevorgSeen) problems.push(`something listened on ${e2eDevorgPort} during the run: the e2e devorg must not start against an org`);
  if (devorg.exitCode !== null) problems.push(`the as-org devorg exited (${devorg.exitCode}) during the run`);

  if (!existsSync(REPORT_FILE)) {
    problems.push(`no report at ${REPORT_FILE}`);
  } else {
    const report = JSON.parse(readFileSync(REPORT_FILE, 'utf8')) as JSONReport;
    const label = new URL(orgUrl).host;
    const check = checkAsOrgReport(report, { targetLabel: label, offered: OFFERED, expectedSkips: EXPECTED_SKIPS });
    problems.push(...check.problems);
    console.log(`as-org: ${check.passed} passed and ${check.skipped} skipped against ${label}`);
  }
  if (devorg.exitCode === null) {
    const codes = await codesSentToTestUsers();
    if (codes === 0) problems.push(`the org on ${orgUrl} sent no codes to the suite's users: the tests did not sign in there`);
    else console.log(`as-org: the org on ${orgUrl} sent ${codes} codes to the suite's throwaway users`);
    const leftovers = await leftoverUsers();
    if (leftovers.length) problems.push(`users left behind on ${orgUrl}: ${leftovers.join(', ')}`);
    else console.log(`as-org: no users left behind on ${orgUrl}`);
  }
  if (problems.length) {
    console.error(`\nas-org: FAILED\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  console.log(`as-org: OK — the suite switched to ${issuer}, skipped what the org lacks with the reasons, and left no users`);
  return 0;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\nas-org: ${signal}, stopping`);
    void stopAll().then(() => process.exit(130));
  });
}

void main()
  .catch((err: unknown) => {
    console.error(`as-org: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  })
  .then(async (code) => {
    await stopAll();
    if (!interrupted) process.exit(code);
  });

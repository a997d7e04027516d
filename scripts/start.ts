/**
 * `npm start`: devorg (the local Okta org) + the protected API (api/) + the portal's Vite dev server, as
 * one command. Ctrl-C stops them all; if one exits, the others are stopped too. When the portal is
 * configured for a real Okta org (VITE_OKTA_ISSUER in the environment, .env/.env.local, or the Okta CLI's
 * .okta.env), devorg is not started and the API verifies that org's access tokens instead.
 *
 * `DEVORG_HTTPS=1 npm start` runs devorg over HTTPS (devorg/tls): the API is started trusting devorg's local
 * CA (`NODE_EXTRA_CA_CERTS`), the portal is pointed at the https issuer, and the browser is left to the user.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { get } from 'node:https';
import { loadEnv } from 'vite';
import { issuerOf, loadConfig } from '../devorg/config';
import { DEVORG_DEFAULTS, parseOktaEnv } from '../src/okta-env';

const PORTAL_URL = 'http://localhost:8080';
const API_PORT = process.env.API_PORT || '8000';
const API_URL = `http://localhost:${API_PORT}`;

/**
 * The portal's settings exactly as vite.config.ts resolves them (Vite's own env loading, then the Okta
 * CLI's .okta.env): a configured issuer means a real org, and devorg is not started.
 */
function portalSettings(): { issuer?: string; apiUrl?: string } {
  const env = loadEnv('development', process.cwd(), 'VITE_');
  const oktaEnv = existsSync('.okta.env') ? parseOktaEnv(readFileSync('.okta.env', 'utf8')) : {};
  const issuer = [env.VITE_OKTA_ISSUER, oktaEnv.OKTA_OAUTH2_ISSUER].map((v) => v?.trim()).find(Boolean);
  const apiUrl = env.VITE_API_URL?.trim();
  return { ...(issuer ? { issuer } : {}), ...(apiUrl ? { apiUrl } : {}) };
}

const children: ChildProcess[] = [];
let stopping = false;

function run(name: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const prefix = (line: string) => (line ? `[${name}] ${line}\n` : '');
  child.stdout?.on('data', (d: Buffer) => process.stdout.write(d.toString().split('\n').map(prefix).join('')));
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(d.toString().split('\n').map(prefix).join('')));
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`${name} exited (${code ?? 'signal'}); stopping.`);
      stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

function stop(code = 0): void {
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 2000).unref();
  void Promise.all(children.filter((c) => c.exitCode === null).map((c) => new Promise((r) => c.once('exit', r)))).then(() =>
    process.exit(code),
  );
}

/** Whether an https URL answers 2xx to a client that trusts only `caFile` (devorg's CA, once it is written). */
function httpsOk(url: string, caFile: string): Promise<boolean> {
  if (!existsSync(caFile)) return Promise.resolve(false);
  return new Promise((resolve) => {
    get(url, { ca: readFileSync(caFile, 'utf8'), agent: false }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300);
    }).on('error', () => resolve(false));
  });
}

async function waitFor(url: string, timeoutMs: number, caFile?: string): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if (caFile ? await httpsOk(url, caFile) : (await fetch(url)).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function main(): Promise<void> {
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
  const tsx = new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;
  const vite = new URL('../node_modules/vite/bin/vite.js', import.meta.url).pathname;
  const settings = portalSettings();
  const realIssuer = settings.issuer;
  // The defaults, with https when DEVORG_HTTPS=1 asks for it (the same rule devorg applies to itself).
  const devorg = loadConfig({ DEVORG_HTTPS: process.env.DEVORG_HTTPS });
  // Loaded only then: the X.509 library stays off the default start.
  const caFile = devorg.https && !realIssuer ? (await import('../devorg/tls')).tlsFiles(devorg.dataDir).ca : undefined;
  if (!realIssuer) {
    run('devorg', [tsx, 'devorg/main.ts']);
    const issuer = issuerOf(devorg);
    if (!(await waitFor(`${issuer}/.well-known/openid-configuration`, 20_000, caFile))) {
      console.error('devorg did not come up within 20 s');
      return stop(1);
    }
  }
  const issuer = realIssuer ?? issuerOf(devorg);
  // An API_ISSUER in the environment still wins (api/config.ts reads it); the default follows the portal.
  run('api', [tsx, 'api/main.ts'], {
    API_ISSUER: process.env.API_ISSUER || issuer,
    API_PORT,
    API_PORTAL_ORIGIN: PORTAL_URL,
    // Read by Node at start-up only: the CA exists by now, since devorg has answered.
    ...(caFile ? { NODE_EXTRA_CA_CERTS: caFile } : {}),
  });
  if (!(await waitFor(`${API_URL}/health`, 20_000))) {
    console.error(`The API did not come up on ${API_URL} within 20 s`);
    return stop(1);
  }
  // The portal's own default (src/okta-env.ts) applies against devorg only and assumes port 8000: unless the
  // portal is configured for another API, point it at this one.
  // Over HTTPS, devorg's defaults in src/okta-env.ts (http) don't apply: the portal is given the https ones.
  const devorgHttps = caFile
    ? { VITE_OKTA_ISSUER: issuer, VITE_OKTA_CLIENT_ID: DEVORG_DEFAULTS.VITE_OKTA_CLIENT_ID, VITE_DEVORG_URL: devorg.publicOrigin }
    : {};
  run('portal', [vite, '--strictPort'], { ...devorgHttps, ...(settings.apiUrl ? {} : { VITE_API_URL: API_URL }) });
  if (!(await waitFor(PORTAL_URL, 30_000))) {
    console.error(`The portal did not come up on ${PORTAL_URL} within 30 s`);
    return stop(1);
  }
  const lines = ['', `  Portal:  ${PORTAL_URL}`];
  if (realIssuer) {
    lines.push(`  Org:     ${realIssuer} (from your settings; devorg not started)`);
  } else {
    lines.push(`  Org:     ${issuerOf(devorg)} (devorg, a local Okta org)`);
    if (devorg.demoUser) lines.push(`  Sign in: ${devorg.demoUser.login} / ${devorg.demoUser.password}`);
    if (caFile) lines.push(`  HTTPS:   your browser must trust devorg's CA, ${caFile} (devorg's lines above say how)`);
  }
  lines.push(`  API:     ${settings.apiUrl ?? API_URL} (verifies access tokens from ${process.env.API_ISSUER || issuer})`);
  lines.push('  Ctrl-C stops everything.', '');
  console.log(lines.join('\n'));
}

void main();

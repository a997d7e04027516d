/**
 * `npm start`: devorg (the local Okta org) + the protected API (api/) + the portal's Vite dev server + the
 * server-side web app (web/), as one command. Ctrl-C stops them all; if one exits, the others are stopped too. When the portal is
 * configured for a real Okta org (VITE_OKTA_ISSUER in the environment, .env/.env.local, or the Okta CLI's
 * .okta.env), devorg is not started and the API verifies that org's access tokens instead.
 *
 * `DEVORG_HTTPS=1 npm start` runs devorg over HTTPS (devorg/tls): the API is started trusting devorg's local
 * CA (`NODE_EXTRA_CA_CERTS`), the portal is pointed at the https issuer, and the browser is left to the user.
 *
 * The web app signs in to devorg as its local web app (`WEB_APP_CLIENT_ID`) with a client secret kept per data
 * dir (`.devorg/web-app.secret`, mode 0600), given to devorg as `DEVORG_CLIENT_SECRET_<clientId>` and to the
 * web app as `WEB_OKTA_CLIENT_SECRET`. With `WEB_OKTA_ISSUER` set, it signs in to that org instead, with the
 * `WEB_OKTA_*` settings as given; with the portal on a real org and no `WEB_OKTA_ISSUER`, it isn't started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { get } from 'node:https';
import { loadEnv } from 'vite';
import { issuerOf, loadConfig, WEB_APP_CLIENT_ID } from '../devorg/config';
import { DEVORG_DEFAULTS, parseOktaEnv } from '../src/okta-env';
import { orgProblems } from './org-check';

const PORTAL_URL = 'http://localhost:8080';
const API_PORT = process.env.API_PORT || '8000';
const API_URL = `http://localhost:${API_PORT}`;
/** Where devorg's local web app redirects to (devorg/config.ts); the web app's own default. */
const WEB_URL = 'http://localhost:3000';

/**
 * The portal's settings exactly as vite.config.ts resolves them (Vite's own env loading, then the Okta
 * CLI's .okta.env): a configured issuer means a real org, and devorg is not started.
 */
function portalSettings(): { issuer?: string; clientId?: string; apiUrl?: string } {
  const env = loadEnv('development', process.cwd(), 'VITE_');
  const oktaEnv = existsSync('.okta.env') ? parseOktaEnv(readFileSync('.okta.env', 'utf8')) : {};
  const issuer = [env.VITE_OKTA_ISSUER, oktaEnv.OKTA_OAUTH2_ISSUER].map((v) => v?.trim()).find(Boolean);
  const clientId = [env.VITE_OKTA_CLIENT_ID, oktaEnv.OKTA_OAUTH2_CLIENT_ID].map((v) => v?.trim()).find(Boolean);
  const apiUrl = env.VITE_API_URL?.trim();
  return { ...(issuer ? { issuer } : {}), ...(clientId ? { clientId } : {}), ...(apiUrl ? { apiUrl } : {}) };
}

/**
 * The local web app's client secret, one per data dir: read from `web-app.secret`, or made (32 random bytes)
 * and written there, readable by the owner only. Stable across starts, so a browser session survives a restart
 * of devorg, and deleting the data dir makes a new one with everything else.
 */
function localWebAppSecret(dataDir: string): { secret: string; file: string } {
  const file = join(dataDir, 'web-app.secret');
  const kept = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (kept.length >= 32) return { secret: kept, file };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, file };
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
  // The web app against devorg: the local web app with its secret, unless WEB_OKTA_ISSUER names another org.
  const webOwnOrg = process.env.WEB_OKTA_ISSUER?.trim();
  const webOnDevorg = !realIssuer && !webOwnOrg && devorg.apps.some((a) => a.clientId === WEB_APP_CLIENT_ID);
  const secretVar = `DEVORG_CLIENT_SECRET_${WEB_APP_CLIENT_ID}`;
  const webSecret = webOnDevorg
    ? process.env[secretVar]?.trim()
      ? { secret: process.env[secretVar].trim(), file: `$${secretVar}` }
      : localWebAppSecret(process.env.DEVORG_DATA_DIR?.trim() || devorg.dataDir)
    : undefined;
  if (!realIssuer) {
    run('devorg', [tsx, 'devorg/main.ts'], webSecret ? { [secretVar]: webSecret.secret } : {});
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
  const webUrl = process.env.WEB_APP_BASE_URL?.trim() || WEB_URL;
  if (webSecret || webOwnOrg) {
    run(
      'web',
      [tsx, 'web/main.ts'],
      webSecret
        ? {
            WEB_OKTA_ISSUER: issuer,
            WEB_OKTA_CLIENT_ID: WEB_APP_CLIENT_ID,
            WEB_OKTA_CLIENT_SECRET: webSecret.secret,
            ...(caFile ? { NODE_EXTRA_CA_CERTS: caFile } : {}),
          }
        : {},
    );
    if (!(await waitFor(`${webUrl}/`, 20_000))) {
      console.error(`The web app did not come up on ${webUrl} within 20 s`);
      return stop(1);
    }
  }
  const problems = realIssuer ? await orgProblems(settings, PORTAL_URL) : [];
  const lines = ['', `  Portal:  ${PORTAL_URL}`];
  if (webSecret || webOwnOrg) lines.push(`  Web app: ${webUrl} (web/, Express + @okta/oidc-middleware)`);
  if (realIssuer) {
    lines.push(`  Org:     ${realIssuer} (from your settings; devorg not started)`);
    if (settings.clientId) lines.push(`  App:     ${settings.clientId} (the portal's)`);
  } else {
    lines.push(`  Org:     ${issuerOf(devorg)} (devorg, a local Okta org)`);
    lines.push(`  Console: ${devorg.publicOrigin}/dev/console (the codes devorg "emails" and "texts", its users, a reset)`);
    if (devorg.demoUser) {
      lines.push(`  Sign in: ${devorg.demoUser.login} / ${devorg.demoUser.password}, then the code devorg emails (in the console)`);
    }
    if (caFile) lines.push(`  HTTPS:   your browser must trust devorg's CA, ${caFile} (devorg's lines above say how)`);
    for (const app of devorg.apps) lines.push(`  App:     ${app.clientId} (${app.type}) ${app.label}`);
    if (webSecret) lines.push(`           ${WEB_APP_CLIENT_ID}'s client secret: ${webSecret.secret} (from ${webSecret.file})`);
  }
  if (webOwnOrg) lines.push(`  Web app: signs in with ${webOwnOrg} as ${process.env.WEB_OKTA_CLIENT_ID ?? '(WEB_OKTA_CLIENT_ID)'}`);
  else if (!webSecret)
    lines.push('  Web app: not started (set WEB_OKTA_ISSUER, WEB_OKTA_CLIENT_ID and WEB_OKTA_CLIENT_SECRET to run web/ against your org)');
  lines.push(`  API:     ${settings.apiUrl ?? API_URL} (verifies access tokens from ${process.env.API_ISSUER || issuer})`);
  lines.push('  Ctrl-C stops everything.', '');
  console.log(lines.join('\n'));
  if (problems.length > 0) {
    console.error(
      ["  The portal's org settings need attention (the sign-in page says the same):", ...problems.map((p) => `  - ${p}`), ''].join('\n'),
    );
  }
}

void main();

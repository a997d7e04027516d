/**
 * Runs devorg as a child process (so its memory and CPU are its own and /proc/<pid>/status tells its
 * peak RSS) with a bench config in a temp dir, on a port that collides with neither `npm start`
 * (7070) nor e2e (17070).
 */
import { GENEROUS_RATE_LIMITS } from '../../devorg/rate-limit';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './stats';

export const REPO = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
// Overridable so two worktrees can run the bench at once (the machine is shared).
export const DEVORG_PORT = Number(process.env.BENCH_DEVORG_PORT ?? 27070);
export const PORTAL_PORT = Number(process.env.BENCH_PORTAL_PORT ?? 28080);
export const DEVORG_URL = `http://localhost:${DEVORG_PORT}`;
export const PORTAL_ORIGIN = `http://localhost:${PORTAL_PORT}`;
export const ISSUER = `${DEVORG_URL}/oauth2/default`;
export const CLIENT_ID = '0oadevorgportal00001';
export const REDIRECT_URI = `${PORTAL_ORIGIN}/login/callback`;
export const API_TOKEN = '00devorg-bench-api-token';
export const TEST_COST = 1024;
export const PROD_COST = 2 ** 15;

export interface DevorgProc {
  pid: number;
  dataDir: string;
  cost: number;
  /** Peak resident set size so far (VmHWM), in bytes. */
  peakRss(): number;
  rss(): number;
  stop(): Promise<void>;
}

function statusField(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * The bench org: no demo user, its own API token, the given hash cost. If devorg grows a sign-on MFA
 * switch (a colleague is adding MFA), `extraPolicies` lets the caller turn it off.
 */
export function writeBenchConfig(
  dir: string,
  cost: number,
  extraPolicies: Record<string, unknown> = {},
  /** More top-level settings (e.g. `apps` and `trustedOrigins` for a second app origin: bench/compare.ts). */
  extraSettings: Record<string, unknown> = {},
): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `devorg.bench.${cost}.json`);
  const policies = Object.keys(extraPolicies).length ? { policies: extraPolicies } : {};
  writeFileSync(
    file,
    JSON.stringify(
      { passwordHashCost: cost, demoUser: null, apiTokens: [API_TOKEN], rateLimits: GENEROUS_RATE_LIMITS, ...policies, ...extraSettings },
      null,
      2,
    ),
  );
  return file;
}

export async function startDevorg(opts: {
  dataDir: string;
  configFile: string;
  cost: number;
  port?: number;
  /** null: the config file sets the apps' redirect URIs and trusted origins itself (DEVORG_PORTAL_ORIGIN would replace them). */
  portalOrigin?: string | null;
}): Promise<DevorgProc> {
  const port = opts.port ?? DEVORG_PORT;
  const env: Record<string, string | undefined> = { ...process.env };
  if (opts.portalOrigin === null) delete env.DEVORG_PORTAL_ORIGIN;
  else env.DEVORG_PORTAL_ORIGIN = opts.portalOrigin ?? PORTAL_ORIGIN;
  // `node --import tsx` rather than the tsx CLI: the CLI forks another node, and we want *this* pid's RSS.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'devorg/main.ts'], {
    cwd: REPO,
    env: {
      ...env,
      DEVORG_PORT: String(port),
      DEVORG_DATA_DIR: opts.dataDir,
      DEVORG_CONFIG: opts.configFile,
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (dead) throw new Error(`devorg exited during start-up:\n${output}`);
    try {
      const res = await fetch(`http://localhost:${port}/oauth2/default/.well-known/openid-configuration`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`devorg did not start within 30 s:\n${output}`);
    }
    await sleep(100);
  }
  const pid = child.pid as number;
  return {
    pid,
    dataDir: opts.dataDir,
    cost: opts.cost,
    peakRss: () => statusField(pid, 'VmHWM'),
    rss: () => statusField(pid, 'VmRSS'),
    async stop() {
      if (dead) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Creates an active user with a password through the management API, as the e2e fixtures do. */
export async function createUserViaApi(login: string, password: string, firstName = 'Ada', lastName = 'Loadtest'): Promise<string> {
  const res = await fetch(`${DEVORG_URL}/api/v1/users?activate=true`, {
    method: 'POST',
    headers: { Authorization: `SSWS ${API_TOKEN}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ profile: { login, email: login, firstName, lastName }, credentials: { password: { value: password } } }),
  });
  const body = (await res.json()) as { id?: string; errorSummary?: string; errorCauses?: unknown };
  if (!res.ok || !body.id) throw new Error(`creating ${login} failed: ${res.status} ${JSON.stringify(body)}`);
  return body.id;
}

export const BENCH_PASSWORD = 'Bench-Passw0rd-42';

/**
 * Password-only sign-on for the bench org, using whatever switches devorg's config has by the time
 * this runs (a colleague is adding MFA): no required/optional authenticator enrollment beyond the
 * password, and any boolean `policies.*mfa*` flag off. Returns what was set, for the results.
 */
export async function passwordOnlyPolicies(): Promise<{ policies: Record<string, unknown>; note: string }> {
  const { defaultConfig } = await import('../../devorg/config');
  const defaults = defaultConfig().policies as unknown as Record<string, unknown>;
  const policies: Record<string, unknown> = {};
  const enrollment = defaults.enrollment as { required?: unknown } | undefined;
  if (enrollment && Array.isArray(enrollment.required)) policies.enrollment = { required: ['okta_password'], optional: [] };
  // With nothing to enroll but the password, the sign-on policy must not ask for a second factor.
  const signOn = defaults.signOn as Record<string, unknown> | undefined;
  if (signOn && typeof signOn.secondFactor === 'boolean') policies.signOn = { ...signOn, secondFactor: false };
  for (const k of Object.keys(defaults)) if (/mfa/i.test(k) && typeof defaults[k] === 'boolean') policies[k] = false;
  const note = Object.keys(policies).length
    ? `bench org set to password-only: ${Object.entries(policies)
        .map(([k, v]) => `policies.${k}=${JSON.stringify(v)}`)
        .join(', ')}`
    : 'devorg config has no MFA/enrollment switch (password-only by default)';
  return { policies, note };
}

/** CPU seconds (user + system, all threads incl. libuv's scrypt pool) the process has used so far. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" that closes the command name; utime and stime are fields 14 and 15 overall.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100; // USER_HZ is 100 on Linux.
  } catch {
    return NaN;
  }
}

/**
 * The real `npm run api` process (api/main.ts under tsx) against a listening devorg: malformed tokens must
 * be refused without taking the process down. In-process `app.request` cannot show this, because the
 * failure this guards against was an exception thrown outside any promise, which ends a process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startListeningOrg, type ListeningOrg } from '../devorg/testing/listening-org';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** A few fixed ports in the 19xxx range, tried in turn in case another run holds one. */
const PORTS = [19400, 19401, 19402, 19403, 19404];

interface RunningApi {
  child: ChildProcess;
  base: string;
  output: () => string;
}

let org: ListeningOrg;
let api: RunningApi | undefined;
let valid: string;

beforeAll(async () => {
  org = await startListeningOrg();
  valid = (await org.accessToken()).token;
}, 30_000);

// A fresh process whenever the previous case killed it, so that every case is tried on a live API.
beforeEach(async () => {
  if (!api || !isRunning(api.child)) api = await startApi(org.issuer);
}, 30_000);

afterAll(async () => {
  const child = api?.child;
  if (child && isRunning(child)) {
    child.kill('SIGTERM');
    await exitOf(child, 5000);
  }
  await org?.stop();
});

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function exitOf(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (!isRunning(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function startApi(issuer: string): Promise<RunningApi> {
  for (const port of PORTS) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, API_ISSUER: issuer, API_HOST: '127.0.0.1', API_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = await new Promise<boolean>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`api did not start:\n${output}`)), 20_000);
      child.stdout.on('data', () => {
        if (output.includes('api: listening on')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      child.once('exit', () => {
        clearTimeout(timer);
        if (output.includes('already in use')) resolve(false);
        else reject(new Error(`api exited at start-up:\n${output}`));
      });
    });
    if (started) return { child, base: `http://127.0.0.1:${port}`, output: () => output };
  }
  throw new Error(`ports ${PORTS.join(', ')} are all in use`);
}

const encode = (part: string) => Buffer.from(part).toString('base64url');

function running(): RunningApi {
  if (!api) throw new Error('the API process was not started');
  return api;
}

function get(path: string, authorization?: string): Promise<Response> {
  return fetch(`${running().base}${path}`, authorization ? { headers: { Authorization: authorization } } : {});
}

describe('the API process, given a malformed bearer token', () => {
  // Each of these reached njwt's key-resolver callback with the issuer's real kid and threw there.
  const cases: [string, () => string][] = [
    ['an empty signature (header.payload.)', () => `${valid.split('.').slice(0, 2).join('.')}.`],
    ['two segments (header.payload)', () => valid.split('.').slice(0, 2).join('.')],
    [
      'a header whose "__proto__" member is null (njwt turns it into the header object\'s prototype)',
      () => {
        const [header = '', payload = '', signature = ''] = valid.split('.');
        const json = Buffer.from(header, 'base64url').toString().replace(/}$/, ',"__proto__":null}');
        return `${encode(json)}.${payload}.${signature}`;
      },
    ],
  ];

  it.each(cases)('answers 401 invalid_token for %s and keeps serving', async (_name, token) => {
    const res = await get('/api/messages', `Bearer ${token()}`).catch(async (err: unknown) => {
      // Let the dying process finish exiting, so that the next case starts a new one.
      await exitOf(running().child, 2000);
      throw new Error(`the API process did not answer (${String(err)}); its output:\n${running().output()}`);
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer realm="portal-api", error="invalid_token"/);
    expect(await res.json()).toMatchObject({ error: 'invalid_token' });

    const health = await get('/health');
    expect(health.status).toBe(200);
    expect(running().child.exitCode).toBeNull();
  });

  it('still accepts a good token afterwards, and never logged a token', async () => {
    const res = await get('/api/whoami', `Bearer ${valid}`);
    expect(res.status).toBe(200);
    const [header = '', payload = ''] = valid.split('.');
    expect(running().output()).not.toContain(header);
    expect(running().output()).not.toContain(payload);
  });
});

describe('the API process, started for devorg on localhost', () => {
  it("says why plain http is accepted, instead of jwt-verifier's production warning", () => {
    // The verifier is made before "listening" is printed, so its warning (if any) is in the output by now.
    const output = running().output();
    expect(output).toContain('api: plain http is accepted for this issuer because it is on localhost (devorg)');
    expect(output).not.toContain('HTTPS check is disabled');
  });
});

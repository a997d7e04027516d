/**
 * Crash safety: devorg is SIGKILLed while users are being created and people are signing in, then
 * restarted on the same data. The SQLite file must pass its integrity check, every user must be
 * either fully there or absent (and present if its creation was acknowledged), and sign-in must work.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENEROUS_RATE_LIMITS } from './rate-limit';
import { Store } from './store';
import { pkce } from './testing/harness';

const TOKEN = 'crash-test-token';
const PASSWORD = 'Crash-Test-Passw0rd';
const dir = mkdtempSync(join(tmpdir(), 'devorg-crash-'));
const configFile = join(dir, 'config.json');
writeFileSync(configFile, JSON.stringify({ passwordHashCost: 1024, demoUser: null, apiTokens: [TOKEN], rateLimits: GENEROUS_RATE_LIMITS }));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function startDevorg(port: number): Promise<ChildProcess> {
  // One process (tsx as a loader, not its CLI, which would run the server in a child that SIGKILL
  // of the parent leaves running).
  const child = spawn(process.execPath, ['--import', 'tsx', 'devorg/main.ts'], {
    env: { ...process.env, DEVORG_PORT: String(port), DEVORG_DATA_DIR: dir, DEVORG_CONFIG: configFile },
    stdio: 'ignore',
  });
  children.push(child);
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    try {
      if ((await fetch(`http://localhost:${port}/oauth2/default/.well-known/openid-configuration`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('devorg did not start');
}

function api(port: number, path: string, init: RequestInit = {}) {
  return fetch(`http://localhost:${port}/api/v1${path}`, {
    ...init,
    headers: { Authorization: `SSWS ${TOKEN}`, 'Content-Type': 'application/json', Accept: 'application/json', ...init.headers },
  });
}

function createUser(port: number, login: string) {
  return api(port, '/users?activate=true', {
    method: 'POST',
    body: JSON.stringify({
      profile: { login, email: login, firstName: 'Ada', lastName: 'Robust' },
      credentials: { password: { value: PASSWORD } },
    }),
  });
}

/** `/v1/interact` as the widget calls it: a fresh transaction's interaction handle. */
async function interact(origin: string): Promise<string> {
  const res = await fetch(`${origin}/oauth2/default/v1/interact`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: '0oadevorgportal00001',
      scope: 'openid profile email',
      redirect_uri: 'http://localhost:8080/login/callback',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      state: 'crash',
    }).toString(),
  });
  return ((await res.json()) as { interaction_handle: string }).interaction_handle;
}

/** interact → introspect → identify → password; resolves with the status and remediations after the password. */
async function signIn(port: number, login: string): Promise<{ status: number; next: string[]; success: boolean }> {
  const origin = `http://localhost:${port}`;
  const interaction_handle = await interact(origin);
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${origin}/idp/idx/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      doc: (await res.json()) as { stateHandle: string; remediation?: { value: { name: string }[] }; successWithInteractionCode?: unknown },
    };
  };
  const start = await post('introspect', { interactionHandle: interaction_handle });
  const challenged = await post('identify', { identifier: login, stateHandle: start.doc.stateHandle });
  const answered = await post('challenge/answer', { credentials: { passcode: PASSWORD }, stateHandle: challenged.doc.stateHandle });
  return {
    status: answered.status,
    next: (answered.doc.remediation?.value ?? []).map((r) => r.name),
    success: answered.doc.successWithInteractionCode !== undefined,
  };
}

type Doc = { stateHandle: string; remediation?: { value: { name: string; href: string }[] }; successWithInteractionCode?: unknown };

/** Self-service registration over IDX, as the widget drives it: Sign up → profile → password → email code → skip. */
async function register(port: number, email: string): Promise<boolean> {
  const origin = `http://localhost:${port}`;
  const interaction_handle = await interact(origin);
  const send = async (url: string, body: Record<string, unknown>): Promise<Doc> => {
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json()) as Doc;
  };
  const act = (doc: Doc, name: string, body: Record<string, unknown>) => {
    const r = doc.remediation?.value.find((x) => x.name === name);
    if (!r) throw new Error(`no ${name}`);
    return send(r.href, { ...body, stateHandle: doc.stateHandle });
  };
  let doc = await send(`${origin}/idp/idx/introspect`, { interactionHandle: interaction_handle });
  doc = await act(doc, 'select-enroll-profile', {});
  doc = await act(doc, 'enroll-profile', { userProfile: { email, firstName: 'Ada', lastName: 'Robust' } });
  doc = await act(doc, 'enroll-authenticator', { credentials: { passcode: PASSWORD } });
  const outbox = await fetch(`${origin}/dev/api/outbox?to=${encodeURIComponent(email)}`, { headers: { Authorization: `SSWS ${TOKEN}` } });
  const [message] = (await outbox.json()) as { code: string }[];
  doc = await act(doc, 'enroll-authenticator', { credentials: { passcode: message?.code } });
  if (doc.remediation?.value.some((r) => r.name === 'skip')) doc = await act(doc, 'skip', {});
  return doc.successWithInteractionCode !== undefined;
}

describe('crash safety', () => {
  it('survives SIGKILL during concurrent writes: integrity ok, no half-created users, sign-in works', async () => {
    const port = await freePort();
    const first = await startDevorg(port);
    const seeded = `seed.${Date.now()}@example.test`;
    expect((await createUser(port, seeded)).status).toBe(200);

    const logins = Array.from({ length: 60 }, (_, i) => `crash.${i}.${Date.now()}@example.test`);
    const acknowledged = new Set<string>();
    const creations = logins.map((login, i) =>
      new Promise((r) => setTimeout(r, i * 20))
        .then(() => createUser(port, login))
        .then((res) => {
          if (res.status === 200) acknowledged.add(login);
        })
        .catch(() => undefined),
    );
    const signIns = Array.from({ length: 10 }, () => signIn(port, seeded).catch(() => undefined));
    const registrants = Array.from({ length: 12 }, (_, i) => `reg.${i}.${Date.now()}@example.test`);
    const registered = new Set<string>();
    const registrations = registrants.map((email, i) =>
      new Promise((r) => setTimeout(r, i * 60))
        .then(() => register(port, email))
        .then((ok) => {
          if (ok) registered.add(email);
        })
        .catch(() => undefined),
    );
    // Kill while requests are in flight: once some registrations have completed, before all have.
    const until = Date.now() + 15_000;
    while (registered.size < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    first.kill('SIGKILL');
    await Promise.all([...creations, ...signIns, ...registrations]);
    await new Promise((r) => (first.exitCode !== null || first.signalCode !== null ? r(undefined) : first.once('exit', r)));
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(registered.size).toBeGreaterThan(0);
    expect(acknowledged.size + registered.size).toBeLessThan(logins.length + registrants.length);

    const store = await Store.open(join(dir, 'devorg.sqlite'));
    expect(await store.integrityCheck()).toEqual(['ok']);
    store.close();

    await startDevorg(port);
    for (const login of logins) {
      const res = await api(port, `/users/${encodeURIComponent(login)}`);
      if (acknowledged.has(login)) expect(res.status, login).toBe(200);
      if (res.status === 200) {
        const user = (await res.json()) as { status: string; profile: Record<string, string> };
        expect(user.status).toBe('ACTIVE');
        expect(user.profile).toMatchObject({ login, email: login, firstName: 'Ada', lastName: 'Robust' });
      } else {
        expect(res.status).toBe(404);
      }
    }
    // A registration is all or nothing: the user with its verified email, or no user at all.
    for (const email of registrants) {
      const res = await api(port, `/users/${encodeURIComponent(email)}`);
      if (registered.has(email)) expect(res.status, email).toBe(200);
      if (res.status !== 200) {
        expect(res.status).toBe(404);
        continue;
      }
      const user = (await res.json()) as { id: string; status: string; profile: Record<string, string> };
      expect(user.status).toBe('ACTIVE');
      expect(user.profile).toMatchObject({ email, firstName: 'Ada', lastName: 'Robust' });
      const factors = (await (await api(port, `/users/${user.id}/factors`)).json()) as { factorType: string; status: string }[];
      expect(factors.map((f) => [f.factorType, f.status])).toContainEqual(['email', 'ACTIVE']);
    }
    const after = await signIn(port, seeded);
    expect(after.status).toBe(200);
    expect(after.success || after.next.length > 0).toBe(true);
  }, 60_000);
});

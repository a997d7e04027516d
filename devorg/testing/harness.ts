/**
 * Test harness: a real devorg (real SQLite file in a temp dir, real keys, real scrypt at a low cost)
 * driven in-process through `app.request`, with a clock the test can move.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { loadConfig, type OrgConfig } from '../config';
import { createContext, type Clock, type OrgContext } from '../context';
import { createApp } from '../server';
import { createUser } from '../users';

export const PORTAL = 'http://localhost:8080';
export const REDIRECT_URI = `${PORTAL}/login/callback`;
export const PASSWORD = 'Correct-Horse-9';

export class TestClock implements Clock {
  constructor(private t = Date.UTC(2026, 10, 25, 12, 0, 0)) {}
  now(): number {
    return this.t;
  }
  advance(seconds: number): void {
    this.t += seconds * 1000;
  }
}

export interface Harness {
  ctx: OrgContext;
  app: Hono;
  clock: TestClock;
  config: OrgConfig;
  close(): void;
}

export async function startHarness(overrides: Parameters<typeof loadConfig>[1] = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'devorg-test-'));
  const config = loadConfig({}, { dataDir: dir, passwordHashCost: 1024, demoUser: null, ...overrides });
  const clock = new TestClock();
  const ctx = await createContext(config, { clock });
  return {
    ctx,
    app: createApp(ctx),
    clock,
    config,
    close() {
      ctx.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
export async function makeUser(h: Harness, password = PASSWORD) {
  counter += 1;
  const login = `user${counter}.${randomBytes(3).toString('hex')}@example.test`;
  return createUser(h.ctx, { profile: { login, email: login, firstName: 'Test', lastName: `User ${counter}` }, password, activate: true });
}

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

export function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: PORTAL },
    body: new URLSearchParams(fields).toString(),
  };
}

export function json(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: PORTAL }, body: JSON.stringify(body) };
}

export type IdxDoc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-side view of arbitrary IDX JSON

/** interact → introspect: a fresh transaction at the identify step. */
export async function begin(h: Harness, opts: { scope?: string } = {}) {
  const { verifier, challenge } = pkce();
  const res = await h.app.request(
    '/oauth2/default/v1/interact',
    form({
      client_id: h.config.app.clientId,
      scope: opts.scope ?? 'openid profile email',
      redirect_uri: REDIRECT_URI,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'st-' + randomBytes(8).toString('hex'),
      nonce: 'n-' + randomBytes(8).toString('hex'),
    }),
  );
  if (res.status !== 200) throw new Error(`interact failed: ${res.status} ${await res.text()}`);
  const { interaction_handle } = (await res.json()) as { interaction_handle: string };
  const doc = (await (await h.app.request('/idp/idx/introspect', json({ interactionHandle: interaction_handle }))).json()) as IdxDoc;
  return { verifier, interactionHandle: interaction_handle, stateHandle: doc.stateHandle as string, doc };
}

/** Posts to the href of the named remediation in `doc`, as the widget does. */
export async function remediate(h: Harness, doc: IdxDoc, name: string, body: Record<string, unknown>) {
  const remediation = (doc.remediation?.value ?? []).find((r: IdxDoc) => r.name === name);
  if (!remediation) throw new Error(`no remediation ${name} in ${JSON.stringify(doc.remediation?.value?.map((r: IdxDoc) => r.name))}`);
  const path = new URL(remediation.href).pathname;
  const res = await h.app.request(path, json({ ...body, stateHandle: doc.stateHandle }));
  return { status: res.status, doc: (await res.json()) as IdxDoc, headers: res.headers };
}

/** Full sign-in through IDX; returns the interaction code and the PKCE verifier. */
export async function signIn(h: Harness, login: string, password = PASSWORD, opts: { scope?: string } = {}) {
  const start = await begin(h, opts);
  const challenge = await remediate(h, start.doc, 'identify', { identifier: login });
  const done = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: password } });
  const issue = done.doc.successWithInteractionCode;
  if (!issue) throw new Error(`sign-in did not succeed: ${done.status} ${JSON.stringify(done.doc.messages)}`);
  const code = issue.value.find((f: IdxDoc) => f.name === 'interaction_code').value as string;
  return { code, verifier: start.verifier, doc: done.doc };
}

export async function exchange(h: Harness, code: string, verifier: string, extra: Record<string, string> = {}) {
  const res = await h.app.request(
    '/oauth2/default/v1/token',
    form({ client_id: h.config.app.clientId, redirect_uri: REDIRECT_URI, grant_type: 'interaction_code', code_verifier: verifier, interaction_code: code, ...extra }),
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

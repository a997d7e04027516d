/**
 * Test harness: a real devorg (real SQLite file in a temp dir, real keys, real scrypt at a low cost)
 * driven in-process through `app.request`, with a clock the test can move.
 */
import { GENEROUS_RATE_LIMITS } from '../rate-limit';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { defaultConfig, loadConfig, type OrgConfig, portalApp } from '../config';
import type { AdvanceableClock, Clock } from '../clock';
import { createContext, type OrgContext } from '../context';
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
  clock: AdvanceableClock;
  config: OrgConfig;
  close(): void;
}

/**
 * The walking skeleton's policy: password-only sign-on, nothing to enroll. Tests of token issuing,
 * management and OIDC assume it; tests of registration and MFA pass `ORG_POLICIES` (the org's real
 * defaults) instead.
 */
export const PASSWORD_ONLY_POLICIES = {
  policies: { enrollment: { required: ['okta_password'], optional: [] }, signOn: { secondFactor: false } },
} satisfies Parameters<typeof loadConfig>[1];

/** The org's default policies (password + email required, optional MFA, second factor at sign-in). */
export const ORG_POLICIES = { policies: defaultConfig().policies } satisfies Parameters<typeof loadConfig>[1];

export async function startHarness(overrides: Parameters<typeof loadConfig>[1] = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'devorg-test-'));
  const base = loadConfig(
    {},
    { dataDir: dir, passwordHashCost: 1024, demoUser: null, rateLimits: GENEROUS_RATE_LIMITS, ...PASSWORD_ONLY_POLICIES },
  );
  const config = loadConfig({}, { ...base, ...overrides, policies: { ...base.policies, ...(overrides.policies ?? {}) } });
  const clock = new TestClock();
  const ctx = await createContext(config, { clock });
  return {
    ctx,
    app: createApp(ctx),
    clock,
    config,
    close() {
      ctx.log.stop();
      ctx.hooks.stop();
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
export async function begin(h: Harness, opts: SignInOptions = {}) {
  const { verifier, challenge } = pkce();
  const res = await h.app.request(
    `${opts.endpoints ?? '/oauth2/default'}/v1/interact`,
    form({
      client_id: portalApp(h.config).clientId,
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

/**
 * Full sign-in through IDX; returns the interaction code and the PKCE verifier. Gets past the MFA the
 * default policy asks for like a person would: email codes are read from the outbox, optional
 * enrollments are postponed ("Set up later").
 */
export interface SignInOptions {
  scope?: string;
  /** The authorization server's endpoint base: `/oauth2/default` (the default) or `/oauth2` (the org's). */
  endpoints?: string;
}

export async function signIn(h: Harness, login: string, password = PASSWORD, opts: SignInOptions = {}) {
  const start = await begin(h, opts);
  const challenge = await remediate(h, start.doc, 'identify', { identifier: login });
  let done = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: password } });
  for (let i = 0; i < 4 && !done.doc.successWithInteractionCode && done.status === 200; i++) {
    done = await passMfa(h, done.doc);
  }
  const issue = done.doc.successWithInteractionCode;
  if (!issue) throw new Error(`sign-in did not succeed: ${done.status} ${JSON.stringify(done.doc.messages)}`);
  const code = issue.value.find((f: IdxDoc) => f.name === 'interaction_code').value as string;
  // The last reply's headers carry the org session cookie (`idx`) the sign-in established.
  return { code, verifier: start.verifier, doc: done.doc, headers: done.headers };
}

/** The newest code devorg "sent" to `to`. */
export async function latestCode(h: Harness, to: string): Promise<string> {
  const [m] = await h.ctx.store.outbox({ to, limit: 1 });
  if (!m) throw new Error(`no message to ${to}`);
  return m.code;
}

/** One MFA step of the default policy: answer an email code, or skip optional enrollment. */
export async function passMfa(h: Harness, doc: IdxDoc) {
  const names: string[] = (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name);
  const key = doc.currentAuthenticator?.value.key ?? doc.currentAuthenticatorEnrollment?.value.key;
  if (names.includes('skip')) return remediate(h, doc, 'skip', {});
  const email = await h.ctx.store.userById(doc.user?.value.id).then((u) => u?.profile.email);
  if (key === 'okta_email' && email) {
    const name = names.includes('enroll-authenticator') ? 'enroll-authenticator' : 'challenge-authenticator';
    return remediate(h, doc, name, { credentials: { passcode: await latestCode(h, email) } });
  }
  throw new Error(`no MFA step to pass in ${JSON.stringify(names)} (${key})`);
}

export async function exchange(h: Harness, code: string, verifier: string, extra: Record<string, string> = {}) {
  const res = await h.app.request(
    '/oauth2/default/v1/token',
    form({
      client_id: portalApp(h.config).clientId,
      redirect_uri: REDIRECT_URI,
      grant_type: 'interaction_code',
      code_verifier: verifier,
      interaction_code: code,
      ...extra,
    }),
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

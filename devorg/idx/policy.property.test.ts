/**
 * The sign-on policy holds whatever a client sends: random sequences of IDX calls — offered or not,
 * in any order, repeated, for two users sharing one browser (one cookie jar, so one org session) and
 * an unknown username — never reach success without the password plus one more factor, and the
 * tokens' `amr` names only factors the client really proved in that sign-in (or its org session).
 * Everything goes through the real routes, store and one-time codes.
 */
import fc from 'fast-check';
import { decodeJwt } from 'jose';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticatorFor } from '../authenticators';
import { totpAt } from '../authenticators/lib/totp';
import type { AuthenticatorKey } from '../authenticators/types';
import {
  latestCode,
  makeUser,
  ORG_POLICIES,
  PASSWORD,
  pkce,
  PORTAL,
  REDIRECT_URI,
  startHarness,
  type Harness,
  type IdxDoc,
} from '../testing/harness';
import { defaultConfig, portalApp } from '../config';

const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const AMR: Record<string, AuthenticatorKey> = { pwd: 'okta_password', email: 'okta_email', otp: 'google_otp' };

let h: Harness;
/** `a` has email and Google Authenticator, `b` only email: both can satisfy the policy. */
const users: Record<'a' | 'b', { id: string; login: string; passwordHash: string | null }> = {
  a: { id: '', login: '', passwordHash: null },
  b: { id: '', login: '', passwordHash: null },
};

beforeAll(async () => {
  // Okta's default policies, with every optional step on, so random runs go through them too (two more
  // steps to success, hence longer runs): "Send me an email" before the code, "Stay signed in?" after it,
  // and self-service unlock from the identify form.
  h = await startHarness({
    ...ORG_POLICIES,
    policies: {
      ...ORG_POLICIES.policies,
      signOn: { ...ORG_POLICIES.policies.signOn, sendEmailOnRequest: true, keepMeSignedInPrompt: true },
    },
    passwordPolicy: { ...defaultConfig().passwordPolicy, selfServiceUnlock: true },
  });
  for (const name of ['a', 'b'] as const) {
    const user = await makeUser(h);
    users[name] = { id: user.id, login: user.profile.login, passwordHash: user.passwordHash };
    const now = h.clock.now();
    const enrollment = { userId: user.id, failures: 0, createdAt: now, lastVerifiedAt: now };
    await h.ctx.store.saveEnrollment({
      ...enrollment,
      id: `eml${name}${randomBytes(4).toString('hex')}`,
      authenticator: 'okta_email',
      profile: { email: user.profile.login },
      secret: null,
      lastUsedStep: null,
    });
    if (name === 'a')
      await h.ctx.store.saveEnrollment({
        ...enrollment,
        id: `uft${randomBytes(4).toString('hex')}`,
        authenticator: 'google_otp',
        profile: {},
        secret: { secret: TOTP_SECRET },
        lastUsedStep: null,
      });
  }
});
afterAll(() => h.close());

type Who = 'a' | 'b' | 'nobody';
type Action =
  | { kind: 'identify'; who: Who; rememberMe: boolean }
  | { kind: 'password'; right: boolean }
  | { kind: 'email-code'; right: boolean; at: 'challenge/answer' }
  | { kind: 'totp'; right: boolean }
  | { kind: 'select'; authenticator: AuthenticatorKey; path: 'challenge' | 'credential/enroll' }
  | {
      kind: 'bare';
      path: 'challenge/resend' | 'challenge/poll' | 'skip' | 'cancel' | 'recover' | 'enroll' | 'identify/select' | 'unlock-account';
    }
  /** "Unlock account?": the username and the email to prove it, posted where the widget posts them. */
  | { kind: 'unlock'; who: Who }
  /** "Stay signed in?" answered. */
  | { kind: 'stay'; yes: boolean }
  | { kind: 'new-transaction' }
  /** Whatever the last reply offers, done right (as the widget would): keeps runs moving towards success. */
  | { kind: 'progress'; who: 'a' | 'b'; pick: number };

/** Three right answers in four: wrong ones are exercised, yet runs get far enough to matter. */
const mostlyRight = fc.constantFrom(true, true, true, false);

// Weighted towards the calls that make progress, so that a good share of runs reach success at all.
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('identify' as const),
      who: fc.constantFrom<Who>('a', 'b', 'nobody'),
      rememberMe: fc.boolean(),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('password' as const), right: mostlyRight }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('email-code' as const), right: mostlyRight, at: fc.constant('challenge/answer' as const) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('totp' as const), right: mostlyRight }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('select' as const),
      authenticator: fc.constantFrom<AuthenticatorKey>('okta_password', 'okta_email', 'google_otp', 'phone_number'),
      path: fc.constantFrom('challenge' as const, 'credential/enroll' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('bare' as const),
      path: fc.constantFrom(
        'challenge/resend' as const,
        'challenge/poll' as const,
        'skip' as const,
        'cancel' as const,
        'recover' as const,
        'enroll' as const,
        'identify/select' as const,
        'unlock-account' as const,
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unlock' as const), who: fc.constantFrom<Who>('a', 'b', 'nobody') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stay' as const), yes: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'new-transaction' as const }) },
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('progress' as const), who: fc.constantFrom('a' as const, 'b' as const), pick: fc.nat(3) }),
  },
);

/** One browser: a cookie jar (the org session) and the sign-in it is on. */
class Browser {
  cookie = '';
  stateHandle = '';
  verifier = '';
  /** Who the client last identified as on this transaction (what the client believes). */
  current: Who | undefined;
  /** Factors the client proved for `current` in this transaction: right answers it sent, wherever it sent them. */
  proved = new Set<AuthenticatorKey>();
  /** The last reply with a form: what `progress` acts on. */
  last: IdxDoc = {};
  /** The org session the cookie holds: whose, and what its sign-in proved. */
  session: { who: Who; proved: Set<AuthenticatorKey> } | undefined;

  async post(path: string, body: Record<string, unknown>): Promise<{ status: number; doc: IdxDoc }> {
    const res = await h.app.request(`/idp/idx/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: PORTAL, ...(this.cookie ? { Cookie: this.cookie } : {}) },
      body: JSON.stringify({ ...body, stateHandle: this.stateHandle }),
    });
    const doc = (await res.json()) as IdxDoc;
    if (doc.remediation || doc.successWithInteractionCode) this.last = doc;
    const set = res.headers.get('Set-Cookie');
    const idx = set?.match(/(?:^|,\s*)idx=([^;]*)/);
    if (idx) this.cookie = idx[1] ? `idx=${idx[1]}` : '';
    return { status: res.status, doc };
  }

  async begin(): Promise<void> {
    const { verifier, challenge } = pkce();
    const res = await h.app.request('/oauth2/default/v1/interact', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: PORTAL },
      body: new URLSearchParams({
        client_id: portalApp(h.config).clientId,
        scope: 'openid profile email',
        redirect_uri: REDIRECT_URI,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: 's',
        nonce: 'n',
      }).toString(),
    });
    const { interaction_handle } = (await res.json()) as { interaction_handle: string };
    const intro = await h.app.request('/idp/idx/introspect', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: PORTAL },
      body: JSON.stringify({ interactionHandle: interaction_handle }),
    });
    this.last = (await intro.json()) as IdxDoc;
    this.stateHandle = this.last.stateHandle as string;
    this.verifier = verifier;
    this.current = undefined;
    this.proved = new Set();
  }
}

/** Each user's password as the org has it now (a recovery in a run changes it). */
let passwords: Record<'a' | 'b', string> = { a: PASSWORD, b: PASSWORD };
let resets = 0;
const remediationNames = (doc: IdxDoc): string[] => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name as string);

const loginOf = (who: Who) => (who === 'nobody' ? 'nobody.here@example.test' : users[who].login);
const idOf = (key: AuthenticatorKey) => authenticatorFor(key).wire.id;

async function perform(browser: Browser, a: Action): Promise<{ status: number; doc: IdxDoc }> {
  const who = browser.current;
  const real = who !== undefined && who !== 'nobody';
  switch (a.kind) {
    case 'identify': {
      const out = await browser.post('identify', { identifier: loginOf(a.who), rememberMe: a.rememberMe });
      if (out.status === 200) {
        browser.current = a.who;
        // The org session may vouch for what it proved — only for the user it belongs to.
        browser.proved = browser.session?.who === a.who ? new Set(browser.session.proved) : new Set();
      }
      return out;
    }
    case 'password': {
      // On a recovery's new-password form any acceptable password is set (and counts as the password
      // factor, as on Okta); elsewhere only the user's current password is right.
      const atReset = remediationNames(browser.last).includes('reset-authenticator');
      const known = real ? passwords[who] : PASSWORD;
      const sent = atReset ? `Fresh-Passw0rd-${(resets += 1)}` : a.right ? known : 'Wrong-Passw0rd-1';
      const out = await browser.post('challenge/answer', { credentials: { passcode: a.right || atReset ? sent : 'Wrong-Passw0rd-1' } });
      if (atReset && out.status === 200 && real) {
        passwords[who] = sent;
        browser.proved.add('okta_password');
      } else if (!atReset && a.right && real) browser.proved.add('okta_password');
      return out;
    }
    case 'email-code': {
      // "Send me an email" first, where the step asks for it (as a person reading the code would have).
      if (remediationNames(browser.last).includes('authenticator-verification-data'))
        await browser.post('challenge', { authenticator: { id: idOf('okta_email') } });
      const to = real ? loginOf(who) : users.a.login;
      const code = await latestCode(h, to).catch(() => '000000');
      const right = a.right && real;
      if (right) browser.proved.add('okta_email');
      return browser.post(a.at, { credentials: { passcode: right ? code : code === '999999' ? '999998' : '999999' } });
    }
    case 'totp': {
      h.clock.advance(30); // a fresh time step, so a right code is never a replay
      const code = totpAt(TOTP_SECRET, h.clock.now());
      const right = a.right && who === 'a';
      if (right) browser.proved.add('google_otp');
      return browser.post('challenge/answer', { credentials: { passcode: right ? code : code === '000000' ? '111111' : '000000' } });
    }
    case 'select':
      return browser.post(a.path, { authenticator: { id: idOf(a.authenticator) } });
    case 'bare':
      if (a.path === 'cancel') {
        const out = await browser.post('cancel', {});
        if (out.status === 200) {
          browser.current = undefined;
          browser.proved = new Set();
        }
        return out;
      }
      return browser.post(a.path, {});
    case 'unlock':
      return browser.post('challenge', { identifier: loginOf(a.who), authenticator: { id: idOf('okta_email') } });
    case 'stay':
      return browser.post('keep-me-signed-in', { keepMeSignedIn: a.yes });
    case 'new-transaction':
      await browser.begin();
      return { status: 200, doc: {} };
    case 'progress': {
      const next = nextRightStep(browser.last, a);
      return next ? perform(browser, next) : { status: 200, doc: {} };
    }
  }
}

/** The call that answers the last reply's first remediation correctly. */
function nextRightStep(doc: IdxDoc, a: Extract<Action, { kind: 'progress' }>): Action | undefined {
  const remediations: IdxDoc[] = doc.remediation?.value ?? [];
  const names = remediations.map((r) => r.name as string);
  const key = (doc.currentAuthenticatorEnrollment ?? doc.currentAuthenticator)?.value.key as AuthenticatorKey | undefined;
  if (names.includes('reset-authenticator')) return { kind: 'password', right: true };
  if (names.includes('identify')) return { kind: 'identify', who: a.who, rememberMe: a.pick % 2 === 0 };
  if (names.includes('challenge-authenticator') || names.includes('enroll-authenticator')) {
    if (key === 'okta_password') return { kind: 'password', right: true };
    if (key === 'okta_email') return { kind: 'email-code', right: true, at: 'challenge/answer' };
    if (key === 'google_otp') return { kind: 'totp', right: true };
  }
  if (names.includes('select-authenticator-unlock-account')) return { kind: 'unlock', who: a.who };
  if (names.includes('keep-me-signed-in')) return { kind: 'stay', yes: a.pick % 2 === 0 };
  // "Send me an email" (or the method of a code): the authenticator the step names.
  if (names.includes('authenticator-verification-data') && key) return { kind: 'select', authenticator: key, path: 'challenge' };
  if (names.includes('select-authenticator-authenticate')) {
    const options: IdxDoc[] = doc.authenticatorEnrollments?.value ?? [];
    const chosen = options[a.pick % Math.max(options.length, 1)]?.key as AuthenticatorKey | undefined;
    if (chosen) return { kind: 'select', authenticator: chosen, path: 'challenge' };
  }
  if (names.includes('skip')) return { kind: 'bare', path: 'skip' };
  return undefined;
}

describe('the reported bypass: choosing email at the password challenge', () => {
  it('is refused as a wrong step, and the emailed-code route never leads to success without the password', async () => {
    const browser = new Browser();
    await browser.begin();
    expect((await perform(browser, { kind: 'identify', who: 'b', rememberMe: false })).status).toBe(200);
    const switched = await perform(browser, { kind: 'select', authenticator: 'okta_email', path: 'challenge' });
    expect(switched.status).toBe(400);
    expect(switched.doc.messages.value[0].i18n.key).toBe('api.authn.error.invalid_step');
    expect(switched.doc.currentAuthenticatorEnrollment.value.key).toBe('okta_password');
    const answered = await perform(browser, { kind: 'email-code', right: true, at: 'challenge/answer' });
    expect(answered.doc.successWithInteractionCode).toBeUndefined();
  });
});

describe('the sign-on policy (password + one more factor) against random IDX call sequences', () => {
  it('never issues tokens without the password and a second factor, and amr names only proven factors', async () => {
    let successes = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 26 }), async (actions) => {
        // Each run starts from usable accounts with their first password: earlier runs' wrong answers
        // may have locked them, and their recoveries changed the password.
        for (const { id, passwordHash } of Object.values(users)) {
          const user = await h.ctx.store.userById(id);
          if (user) await h.ctx.store.updateUser({ ...user, status: 'ACTIVE', passwordHash }, { resetFailedLogins: true });
          await h.ctx.store.resetEnrollmentFailures(id);
        }
        passwords = { a: PASSWORD, b: PASSWORD };
        const browser = new Browser();
        await browser.begin();
        for (const a of actions) {
          const { doc } = await perform(browser, a);
          const success = doc.successWithInteractionCode;
          if (!success) continue;
          successes += 1;
          const code = (success.value as IdxDoc[]).find((f) => f.name === 'interaction_code')?.value as string;
          const res = await h.app.request('/oauth2/default/v1/token', {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: PORTAL },
            body: new URLSearchParams({
              client_id: portalApp(h.config).clientId,
              redirect_uri: REDIRECT_URI,
              grant_type: 'interaction_code',
              code_verifier: browser.verifier,
              interaction_code: code,
            }).toString(),
          });
          expect(res.status).toBe(200);
          const claims = decodeJwt(((await res.json()) as { id_token: string }).id_token);
          const who = browser.current;
          expect(who === 'a' || who === 'b').toBe(true);
          if (who !== 'a' && who !== 'b') return;
          expect(claims.sub).toBe(users[who].id);
          const factors = (claims.amr as string[]).filter((v) => v !== 'mfa').map((v) => AMR[v] ?? (v as AuthenticatorKey));
          expect(factors).toContain('okta_password');
          expect(factors.filter((k) => k !== 'okta_password').length).toBeGreaterThanOrEqual(1);
          for (const k of factors) expect([...browser.proved]).toContain(k);
          expect(claims.amr).toContain('mfa');
          browser.session = { who, proved: new Set(factors) };
          await browser.begin();
        }
      }),
      // PROP_SEED=<seed> replays a reported failure.
      { numRuns: 300, seed: Number(process.env.PROP_SEED ?? Date.now()) },
    );
    // The generator does reach success now and then; a property never tested against success proves nothing.
    // (About 40 of 300 runs succeed, ±8 across seeds; 10 keeps the check without failing on an unlucky seed.)
    expect(successes).toBeGreaterThanOrEqual(10);
    console.log(`policy property: ${successes} successes`);
  }, 120_000);
});

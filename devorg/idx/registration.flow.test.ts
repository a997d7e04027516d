import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { begin, exchange, json, makeUser, ORG_POLICIES, remediate, startHarness, type Harness, type IdxDoc } from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(ORG_POLICIES);
});
afterAll(() => h.close());

const names = (doc: IdxDoc) => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name);
const NEW_PASSWORD = 'Quiet-Lantern-42';
let n = 0;
const newEmail = () => `reg${++n}.${Date.now().toString(36)}@example.test`;

/** The messages placed under `parent.child` in the named remediation. */
function fieldMessages(doc: IdxDoc, remediation: string, parent: string, child: string): string[] {
  const form = doc.remediation.value.find((r: IdxDoc) => r.name === remediation);
  const field = form.value.find((f: IdxDoc) => f.name === parent).form.value.find((f: IdxDoc) => f.name === child);
  return (field.messages?.value ?? []).map((m: IdxDoc) => m.message);
}

async function latestCode(to: string): Promise<string> {
  const [m] = await h.ctx.store.outbox({ to, limit: 1 });
  if (!m) throw new Error(`no message to ${to}`);
  return m.code;
}

/** Answers the email code, then postpones the optional authenticators the org offers ("Set up later"). */
async function verifyEmail(doc: IdxDoc, code: string) {
  const answered = await remediate(h, doc, 'enroll-authenticator', { credentials: { passcode: code } });
  if (answered.status !== 200 || !names(answered.doc).includes('skip')) return answered;
  expect(names(answered.doc)).toEqual(['select-authenticator-enroll', 'skip']);
  return remediate(h, answered.doc, 'skip', {});
}

/** Identify page → "Sign up" → registration form submitted → password form. */
async function startRegistration(profile: Record<string, string>) {
  const start = await begin(h);
  const form = await remediate(h, start.doc, 'select-enroll-profile', {});
  const submitted = await remediate(h, form.doc, 'enroll-profile', { userProfile: profile });
  return { start, form, submitted };
}

function resolves(doc: IdxDoc, path: string): boolean {
  const parts = path
    .replace(/^\$\./, '')
    .split(/\.|\[(\d+)\]/)
    .filter(Boolean);
  let cur: unknown = doc;
  for (const p of parts) cur = (cur as Record<string, unknown> | undefined)?.[p];
  return cur !== undefined;
}

describe('self-service registration', () => {
  it('signs up: profile → password → email code → success, and only then the user exists', async () => {
    const email = newEmail();
    const { form, submitted } = await startRegistration({ email, firstName: 'Zoë', lastName: "O'Brien" });
    expect(names(form.doc)).toEqual(['enroll-profile', 'select-identify']);
    const attrs = form.doc.remediation.value[0].value[0].form.value.map((f: IdxDoc) => [f.name, f.required]);
    expect(attrs).toEqual([
      ['email', true],
      ['firstName', true],
      ['lastName', true],
    ]);

    expect(submitted.status).toBe(200);
    expect(names(submitted.doc)).toEqual(['enroll-authenticator', 'select-authenticator-enroll']);
    expect(submitted.doc.currentAuthenticator.value.key).toBe('okta_password');
    expect(submitted.doc.currentAuthenticator.value.settings.complexity.minLength).toBe(8);
    expect(await h.ctx.store.userByLogin(email)).toBeUndefined();

    const emailStep = await remediate(h, submitted.doc, 'enroll-authenticator', { credentials: { passcode: NEW_PASSWORD } });
    expect(emailStep.status).toBe(200);
    const current = emailStep.doc.currentAuthenticator.value;
    expect(current.key).toBe('okta_email');
    expect(current.poll.refresh).toBe(4000);
    expect(current.resend.href).toMatch(/\/idp\/idx\/challenge\/resend$/);
    for (const r of emailStep.doc.remediation.value) for (const p of r.relatesTo ?? []) expect(resolves(emailStep.doc, p), p).toBe(true);
    const [sent] = await h.ctx.store.outbox({ to: email, limit: 5 });
    expect(sent).toMatchObject({ to: email, kind: 'email', purpose: 'registration' });
    expect(sent?.code).toMatch(/^\d{6}$/);
    expect(await h.ctx.store.userByLogin(email)).toBeUndefined();

    const polled = await h.app.request('/idp/idx/challenge/poll', json({ stateHandle: emailStep.doc.stateHandle }));
    expect(polled.status).toBe(200);
    expect(((await polled.json()) as IdxDoc).currentAuthenticator.value.key).toBe('okta_email');

    const done = await verifyEmail(emailStep.doc, await latestCode(email));
    expect(done.status).toBe(200);
    const code = done.doc.successWithInteractionCode.value.find((f: IdxDoc) => f.name === 'interaction_code').value as string;

    const user = await h.ctx.store.userByLogin(email);
    expect(user).toMatchObject({ status: 'ACTIVE', profile: { login: email, email, firstName: 'Zoë', lastName: "O'Brien" } });
    const enrollments = await h.ctx.store.enrollments(user!.id);
    expect(enrollments.map((e) => e.authenticator)).toEqual(['okta_email']);

    // The code is bound to the transaction's PKCE challenge: a foreign verifier can't redeem it.
    const tokens = await exchange(h, code, 'x'.repeat(43));
    expect(tokens.status).toBe(400);
  });

  it('issues tokens for the new user with pwd + email amr', async () => {
    const email = newEmail();
    const start = await begin(h);
    const form = await remediate(h, start.doc, 'select-enroll-profile', {});
    const pw = await remediate(h, form.doc, 'enroll-profile', { userProfile: { email, firstName: 'Ada', lastName: 'Lovelace' } });
    const em = await remediate(h, pw.doc, 'enroll-authenticator', { credentials: { passcode: NEW_PASSWORD } });
    const done = await verifyEmail(em.doc, await latestCode(email));
    const code = done.doc.successWithInteractionCode.value.find((f: IdxDoc) => f.name === 'interaction_code').value as string;
    const tokens = await exchange(h, code, start.verifier);
    expect(tokens.status).toBe(200);
    const claims = JSON.parse(Buffer.from(String(tokens.body.id_token).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ email, name: 'Ada Lovelace', amr: ['pwd', 'email', 'mfa'] });
  });

  it('field errors: blank, invalid email, already registered — under the field, 400, same form', async () => {
    const existing = await makeUser(h);
    const cases: [Record<string, string>, string, string[]][] = [
      [{ email: newEmail(), firstName: '', lastName: 'X' }, 'firstName', ['This field cannot be left blank']],
      [
        { email: 'not-an-email', firstName: 'A', lastName: 'B' },
        'email',
        ["'Email' must be in the form of an email address", "Provided value for property 'Email' does not match required pattern"],
      ],
      [{ email: existing.profile.login.toUpperCase(), firstName: 'A', lastName: 'B' }, 'email', ['A user with this Email already exists']],
    ];
    for (const [profile, attr, expected] of cases) {
      const { submitted } = await startRegistration(profile);
      expect(submitted.status).toBe(400);
      expect(submitted.doc.version).toBe('1.0.0');
      expect(names(submitted.doc)).toEqual(['enroll-profile', 'select-identify']);
      expect(fieldMessages(submitted.doc, 'enroll-profile', 'userProfile', attr)).toEqual(expected);
    }
  });

  it('refuses weak passwords with Okta field messages and accepts a good one after', async () => {
    const email = newEmail();
    const { submitted } = await startRegistration({ email, firstName: 'Grace', lastName: 'Hopper' });
    const short = await remediate(h, submitted.doc, 'enroll-authenticator', { credentials: { passcode: 'Ab1' } });
    expect(short.status).toBe(400);
    expect(fieldMessages(short.doc, 'enroll-authenticator', 'credentials', 'passcode')[0]).toMatch(
      /^Password requirements were not met\. Password requirements: at least 8 characters/,
    );
    const withName = await remediate(h, short.doc, 'enroll-authenticator', { credentials: { passcode: 'Grace-Rules-99' } });
    expect(fieldMessages(withName.doc, 'enroll-authenticator', 'credentials', 'passcode')[0]).toMatch(/first name/);
    const withUser = await remediate(h, short.doc, 'enroll-authenticator', { credentials: { passcode: `X1-${email.split('@')[0]}` } });
    expect(fieldMessages(withUser.doc, 'enroll-authenticator', 'credentials', 'passcode')[0]).toMatch(/username/);
    const common = await remediate(h, short.doc, 'enroll-authenticator', { credentials: { passcode: 'Password123' } });
    expect(fieldMessages(common.doc, 'enroll-authenticator', 'credentials', 'passcode')).toEqual([
      'This password was found in a list of commonly used passwords. Please try another password.',
    ]);
    const ok = await remediate(h, short.doc, 'enroll-authenticator', { credentials: { passcode: NEW_PASSWORD } });
    expect(ok.status).toBe(200);
    expect(ok.doc.currentAuthenticator.value.key).toBe('okta_email');
  });

  it('wrong code → 401 field error; expired code → expired message; a resent code works', async () => {
    const email = newEmail();
    const { submitted } = await startRegistration({ email, firstName: 'Ann', lastName: 'Smith' });
    const em = await remediate(h, submitted.doc, 'enroll-authenticator', { credentials: { passcode: NEW_PASSWORD } });
    const first = await latestCode(email);
    const wrong = await remediate(h, em.doc, 'enroll-authenticator', {
      credentials: { passcode: first === '000000' ? '000001' : '000000' },
    });
    expect(wrong.status).toBe(401);
    expect(fieldMessages(wrong.doc, 'enroll-authenticator', 'credentials', 'passcode')).toEqual(['Invalid code. Try again.']);
    expect(wrong.doc.messages).toBeUndefined();

    h.clock.advance(h.config.codes.lifetimeSeconds + 1);
    const expired = await remediate(h, em.doc, 'enroll-authenticator', { credentials: { passcode: first } });
    expect(expired.status).toBe(401);
    expect(fieldMessages(expired.doc, 'enroll-authenticator', 'credentials', 'passcode')[0]).toMatch(/expired/);

    const resent = await h.app.request('/idp/idx/challenge/resend', json({ stateHandle: em.doc.stateHandle }));
    expect(resent.status).toBe(200);
    const second = await latestCode(email);
    const done = await verifyEmail(em.doc, second);
    expect(done.status).toBe(200);
    expect(done.doc.successWithInteractionCode).toBeDefined();
  });

  it('too many resends → 429 "Too many requests"', async () => {
    const email = newEmail();
    const { submitted } = await startRegistration({ email, firstName: 'Ann', lastName: 'Smith' });
    const em = await remediate(h, submitted.doc, 'enroll-authenticator', { credentials: { passcode: NEW_PASSWORD } });
    const statuses: number[] = [];
    let last: IdxDoc = {};
    for (let i = 0; i < h.config.codes.maxSends; i++) {
      const res = await h.app.request('/idp/idx/challenge/resend', json({ stateHandle: em.doc.stateHandle }));
      statuses.push(res.status);
      last = (await res.json()) as IdxDoc;
    }
    expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(last.messages.value[0]).toMatchObject({ message: 'Too many requests', i18n: { key: 'tooManyRequests' } });
    expect((await h.ctx.store.outbox({ to: email, limit: 50 })).length).toBe(h.config.codes.maxSends);
  });

  it('abandoned registrations leave no user, and the address can register again', async () => {
    const email = newEmail();
    const one = await startRegistration({ email, firstName: 'A', lastName: 'B' });
    await remediate(h, one.submitted.doc, 'enroll-authenticator', { credentials: { passcode: NEW_PASSWORD } });
    expect(await h.ctx.store.userByLogin(email)).toBeUndefined();
    const two = await startRegistration({ email, firstName: 'A', lastName: 'B' });
    expect(two.submitted.status).toBe(200);
  });

  it('two registrations of one address racing to the end create exactly one user', async () => {
    const email = newEmail();
    // Both reach the email step (one after the other, so each code is known), then answer at once.
    const flows: { doc: IdxDoc; code: string }[] = [];
    for (let i = 0; i < 2; i++) {
      const { submitted } = await startRegistration({ email, firstName: 'Twin', lastName: 'Racer' });
      const em = await remediate(h, submitted.doc, 'enroll-authenticator', { credentials: { passcode: NEW_PASSWORD } });
      flows.push({ doc: em.doc, code: await latestCode(email) });
    }
    const results = await Promise.all(flows.map((f) => verifyEmail(f.doc, f.code)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 400]);
    const loser = results.find((r) => r.status === 400)!;
    expect(fieldMessages(loser.doc, 'enroll-profile', 'userProfile', 'email')).toEqual(['A user with this Email already exists']);
    expect((await h.ctx.store.listUsers({ equals: { attribute: 'email', value: email }, limit: 10 })).length).toBe(1);
  });

  it('a double submit of the right code creates the user once and both see success', async () => {
    const email = newEmail();
    const { submitted } = await startRegistration({ email, firstName: 'Dup', lastName: 'Licate' });
    const em = await remediate(h, submitted.doc, 'enroll-authenticator', { credentials: { passcode: NEW_PASSWORD } });
    const code = await latestCode(email);
    const offered = await remediate(h, em.doc, 'enroll-authenticator', { credentials: { passcode: code } });
    const both = await Promise.all([1, 2].map(() => remediate(h, offered.doc, 'skip', {})));
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both.every((r) => r.doc.successWithInteractionCode)).toBe(true);
    expect((await h.ctx.store.listUsers({ equals: { attribute: 'email', value: email }, limit: 10 })).length).toBe(1);
  });

  it('"Sign in" from the registration form goes back to identify', async () => {
    const start = await begin(h);
    const form = await remediate(h, start.doc, 'select-enroll-profile', {});
    const back = await remediate(h, form.doc, 'select-identify', {});
    expect(back.status).toBe(200);
    expect(names(back.doc)).toEqual(['identify', 'select-enroll-profile']);
  });

  it('"Sign in" with an identifier identifies that user at once (Okta\'s select-identify field)', async () => {
    const user = await makeUser(h);
    const form = await remediate(h, (await begin(h)).doc, 'select-enroll-profile', {});
    const identified = await remediate(h, form.doc, 'select-identify', { identifier: user.profile.login });
    expect(identified.status).toBe(200);
    expect(identified.doc.user.value.identifier).toBe(user.profile.login);
    expect(names(identified.doc)).toContain('challenge-authenticator');
    const again = await remediate(h, (await begin(h)).doc, 'select-enroll-profile', {});
    const malformed = await remediate(h, again.doc, 'select-identify', { identifier: 42 });
    expect(malformed.status).toBe(400);
  });

  it('"Sign up" is offered on the "Reset your password" identifier form too, and leads to the registration form', async () => {
    const org = await startHarness({
      policies: { ...ORG_POLICIES.policies, signOn: { ...ORG_POLICIES.policies.signOn, passwordOnIdentify: true } },
    });
    try {
      const start = await begin(org);
      const recover = start.doc.currentAuthenticator.value.recover;
      const asked = (await (
        await org.app.request(new URL(recover.href).pathname, json({ stateHandle: start.doc.stateHandle }))
      ).json()) as IdxDoc;
      expect(names(asked)).toContain('select-enroll-profile');
      const form = await remediate(org, asked, 'select-enroll-profile', {});
      expect(names(form.doc)).toEqual(['enroll-profile', 'select-identify']);
    } finally {
      org.close();
    }
  });

  it('malformed registration bodies get a 4xx IDX error, never a 500', async () => {
    const start = await begin(h);
    const form = await remediate(h, start.doc, 'select-enroll-profile', {});
    for (const body of [{}, { userProfile: 'x' }, { userProfile: { email: ['a'] } }, { userProfile: { email: 42 } }]) {
      const res = await h.app.request('/idp/idx/enroll/new', json({ ...body, stateHandle: form.doc.stateHandle }));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(((await res.json()) as IdxDoc).version).toBe('1.0.0');
    }
  });
});

describe('registration turned off', () => {
  it('offers no "Sign up" and refuses /idp/idx/enroll', async () => {
    const off = await startHarness({ policies: { ...ORG_POLICIES.policies, registration: false } });
    try {
      const start = await begin(off);
      expect(names(start.doc)).toEqual(['identify']);
      const res = await off.app.request('/idp/idx/enroll', json({ stateHandle: start.stateHandle }));
      expect(res.status).toBe(403);
      const doc = (await res.json()) as IdxDoc;
      expect(doc.messages.value[0]).toMatchObject({
        message: 'Registration is currently unavailable.',
        i18n: { key: 'idx.error.registration.unavailable' },
      });
      expect(names(doc)).toEqual(['identify']);
    } finally {
      off.close();
    }
  });
});

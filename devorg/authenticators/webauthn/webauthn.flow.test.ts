/**
 * Passkeys through the real IDX routes, with a software authenticator: enrollment and sign-in in both
 * client encodings, and every way an answer must be refused (origin, rpId, challenge of another
 * transaction, user verification, a counter set back, malformed bytes) — refused with Okta's message,
 * never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config';
import {
  begin,
  exchange,
  latestCode,
  makeUser,
  PASSWORD,
  PORTAL,
  remediate,
  startHarness,
  type Harness,
  type IdxDoc,
} from '../../testing/harness';
import { SoftAuthenticator, type Encoding } from './soft-authenticator';

/** The org's default policies with the passkey among the optional authenticators (whatever the default offers). */
const PASSKEY_POLICIES = {
  policies: {
    ...defaultConfig().policies,
    enrollment: { required: ['okta_password', 'okta_email'], optional: ['google_otp', 'webauthn'] },
  },
} satisfies Parameters<typeof startHarness>[0];

const names = (doc: IdxDoc): string[] => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name);
const messages = (doc: IdxDoc): string[] => (doc.messages?.value ?? []).map((m: IdxDoc) => m.i18n?.key as string);
const ASSERTION_FAILED = 'authfactor.webauthn.error.assertion_validation_failure';
const ENROLL_FAILED = 'passkeys.authfactor.webauthn.error';

/** The `authenticator.id` of the option for `key` in the named select remediation (found through its relatesTo). */
function optionId(doc: IdxDoc, remediation: string, key: string): string {
  const list = remediation === 'select-authenticator-enroll' ? 'authenticators' : 'authenticatorEnrollments';
  const i = (doc[list].value as IdxDoc[]).findIndex((a) => a.key === key);
  const r = (doc.remediation.value as IdxDoc[]).find((x) => x.name === remediation);
  const option = (r?.value[0].options as IdxDoc[]).find((o) => o.relatesTo === `$.${list}.value[${i}]`);
  return option?.value.form.value.find((f: IdxDoc) => f.name === 'id').value as string;
}

function amrOf(idToken: string): string[] {
  return (JSON.parse(Buffer.from(idToken.split('.')[1] as string, 'base64url').toString()) as { amr: string[] }).amr;
}

async function password(h: Harness, login: string) {
  const start = await begin(h);
  const challenge = await remediate(h, start.doc, 'identify', { identifier: login });
  return { start, after: await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } }) };
}

/** An API-created user's first sign-in up to the passkey enrollment form (after the required email). */
async function toPasskeyEnrollment(h: Harness) {
  const user = await makeUser(h);
  const { start, after } = await password(h, user.profile.login);
  const offered = await remediate(h, after.doc, 'enroll-authenticator', {
    credentials: { passcode: await latestCode(h, user.profile.email) },
  });
  expect(names(offered.doc)).toEqual(['select-authenticator-enroll', 'skip']);
  const enroll = await remediate(h, offered.doc, 'select-authenticator-enroll', {
    authenticator: { id: optionId(offered.doc, 'select-authenticator-enroll', 'webauthn') },
  });
  return { user, start, enroll };
}

async function enrolledUser(h: Harness, soft: SoftAuthenticator, encoding: Encoding = 'widget') {
  const { user, enroll } = await toPasskeyEnrollment(h);
  const { answer } = soft.create(enroll.doc.currentAuthenticator.value.contextualData.activationData, { origin: PORTAL, encoding });
  const done = await remediate(h, enroll.doc, 'enroll-authenticator', { credentials: answer });
  expect(done.status).toBe(200);
  await remediate(h, done.doc, 'skip', {});
  return user;
}

/** Password, then the passkey picked from the list: the challenge form. */
async function toPasskeyChallenge(h: Harness, login: string) {
  const { start, after } = await password(h, login);
  expect(names(after.doc)).toEqual(['select-authenticator-authenticate']);
  const challenge = await remediate(h, after.doc, 'select-authenticator-authenticate', {
    authenticator: { id: optionId(after.doc, 'select-authenticator-authenticate', 'webauthn') },
  });
  expect(challenge.doc.currentAuthenticatorEnrollment.value.key).toBe('webauthn');
  return { start, challenge, challengeData: challenge.doc.currentAuthenticatorEnrollment.value.contextualData.challengeData };
}

describe('passkeys (webauthn) with the default policy (optional, user verification preferred)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(PASSKEY_POLICIES);
  });
  afterAll(() => h.close());

  it('enrollment offers Okta activationData; a verified registration is stored and counted in amr', async () => {
    const soft = new SoftAuthenticator();
    const { user, start, enroll } = await toPasskeyEnrollment(h);
    const current = enroll.doc.currentAuthenticator.value;
    expect(current).toMatchObject({ key: 'webauthn', type: 'security_key', displayName: 'Passkeys', methods: [{ type: 'webauthn' }] });
    const activation = current.contextualData.activationData;
    expect(activation).toMatchObject({
      rp: { name: 'devorg', id: 'localhost' },
      user: { id: Buffer.from(user.id).toString('base64url'), name: user.profile.login },
      pubKeyCredParams: [
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -257 },
      ],
      attestation: 'none',
      authenticatorSelection: { userVerification: 'preferred' },
    });
    expect(activation.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The widget reads excludeCredentials from here (and fails without it): the user's enrollments, the
    // password included as Okta lists it, no passkey yet.
    expect(enroll.doc.authenticatorEnrollments.value.map((a: IdxDoc) => a.key)).toEqual(['okta_email', 'okta_password']);
    const fields = enroll.doc.remediation.value[0].value[0].form.value.map((f: IdxDoc) => f.name);
    expect(fields).toEqual(['clientData', 'attestation', 'transports', 'clientExtensions']);

    const created = soft.create(activation, { origin: PORTAL });
    const done = await remediate(h, enroll.doc, 'enroll-authenticator', { credentials: created.answer });
    expect(done.status).toBe(200);
    const [stored] = await h.ctx.store.webauthnCredentials(user.id);
    expect(stored).toMatchObject({ credentialId: created.credentialId, transports: ['internal', 'hybrid'] });
    expect(stored?.id).toMatch(/^fwf/);
    expect(stored?.publicKey).toEqual(expect.any(String));
    const finished = await remediate(h, done.doc, 'skip', {});
    const code = finished.doc.successWithInteractionCode.value.find((f: IdxDoc) => f.name === 'interaction_code').value as string;
    const tokens = await exchange(h, code, start.verifier);
    expect(amrOf(tokens.body.id_token as string)).toEqual(['pwd', 'email', 'hwk', 'mfa']);
  });

  it('signs in with the passkey as the second factor (widget encoding); the challenge names the credential', async () => {
    const soft = new SoftAuthenticator();
    const user = await enrolledUser(h, soft);
    const { start, challenge, challengeData } = await toPasskeyChallenge(h, user.profile.login);
    expect(challengeData).toMatchObject({ userVerification: 'preferred', rpId: 'localhost' });
    const entry = challenge.doc.authenticatorEnrollments.value.find((a: IdxDoc) => a.key === 'webauthn');
    expect(entry).toMatchObject({ credentialId: soft.credentials[0]?.id.toString('base64url'), transports: ['internal', 'hybrid'] });
    const fields = challenge.doc.remediation.value[0].value[0].form.value.map((f: IdxDoc) => f.name);
    expect(fields).toEqual(['clientData', 'authenticatorData', 'signatureData']);
    const done = await remediate(h, challenge.doc, 'challenge-authenticator', {
      credentials: soft.get(challengeData, { origin: PORTAL }),
    });
    expect(done.status).toBe(200);
    const code = done.doc.successWithInteractionCode.value.find((f: IdxDoc) => f.name === 'interaction_code').value as string;
    expect(amrOf((await exchange(h, code, start.verifier)).body.id_token as string)).toEqual(['pwd', 'hwk', 'mfa']);
  });

  it('accepts auth-js encoding (base64url) for both ceremonies, and refuses an `id` naming another credential', async () => {
    const soft = new SoftAuthenticator();
    const user = await enrolledUser(h, soft, 'auth-js');
    const first = await toPasskeyChallenge(h, user.profile.login);
    const other = new SoftAuthenticator();
    other.create({ challenge: 'AAAA', rp: { id: 'localhost' } }, { origin: PORTAL });
    const named = {
      ...soft.get(first.challengeData, { origin: PORTAL, encoding: 'auth-js' }),
      id: other.credentials[0]?.id.toString('base64url'),
    };
    const refused = await remediate(h, first.challenge.doc, 'challenge-authenticator', { credentials: named });
    expect(refused.status).toBe(401);
    expect(messages(refused.doc)).toEqual([ASSERTION_FAILED]);
    const ok = await remediate(h, first.challenge.doc, 'challenge-authenticator', {
      credentials: soft.get(first.challengeData, { origin: PORTAL, encoding: 'auth-js', withId: true }),
    });
    expect(ok.status).toBe(200);
    expect(ok.doc.successWithInteractionCode).toBeDefined();
  });

  it('transports as an array or a comma-separated string are kept', async () => {
    for (const transports of [['usb', 'nfc'], 'usb,nfc', '["usb","nfc"]']) {
      const soft = new SoftAuthenticator();
      const { user, enroll } = await toPasskeyEnrollment(h);
      const { answer } = soft.create(enroll.doc.currentAuthenticator.value.contextualData.activationData, { origin: PORTAL });
      const done = await remediate(h, enroll.doc, 'enroll-authenticator', { credentials: { ...answer, transports } });
      expect(done.status).toBe(200);
      const [stored] = await h.ctx.store.webauthnCredentials(user.id);
      expect(stored?.transports).toEqual(['usb', 'nfc']);
    }
  });

  it('refuses a registration from another origin or for another rpId, or with malformed bytes, on the same form', async () => {
    const soft = new SoftAuthenticator();
    const { enroll } = await toPasskeyEnrollment(h);
    const activation = enroll.doc.currentAuthenticator.value.contextualData.activationData;
    const good = soft.create(activation, { origin: PORTAL }).answer;
    const bad: Record<string, unknown>[] = [
      soft.create(activation, { origin: 'http://evil.test:8080' }).answer,
      soft.create(activation, { origin: PORTAL, rpId: 'evil.test' }).answer,
      soft.create({ ...activation, challenge: Buffer.from('another challenge').toString('base64url') }, { origin: PORTAL }).answer,
      { ...good, clientData: Buffer.from('{"type":').toString('base64') },
      { ...good, clientData: '%%% not base64 %%%' },
      { ...good, attestation: Buffer.from('not cbor at all').toString('base64') },
      { ...good, attestation: 12345 },
      { ...good, clientData: { nested: true } },
      { clientData: good.clientData },
      {},
    ];
    for (const credentials of bad) {
      const refused = await remediate(h, enroll.doc, 'enroll-authenticator', { credentials });
      expect(refused.status, JSON.stringify(credentials).slice(0, 80)).toBe(401);
      expect(messages(refused.doc)).toEqual([ENROLL_FAILED]);
      expect(names(refused.doc)).toEqual(['enroll-authenticator', 'select-authenticator-enroll']);
    }
    const done = await remediate(h, enroll.doc, 'enroll-authenticator', { credentials: good });
    expect(done.status).toBe(200);
  });

  it('refuses an assertion from another origin, for another rpId, with malformed bytes, or signed by another key', async () => {
    const stranger = new SoftAuthenticator();
    stranger.create({ challenge: 'AAAA', rp: { id: 'localhost' } }, { origin: PORTAL });
    type Challenge = { challengeData: { challenge: string; rpId?: string } };
    const cases: ((soft: SoftAuthenticator, c: Challenge) => Record<string, unknown>)[] = [
      (soft, c) => soft.get(c.challengeData, { origin: 'http://evil.test:8080' }),
      (soft, c) => soft.get(c.challengeData, { origin: PORTAL, rpId: 'evil.test' }),
      (_soft, c) => stranger.get(c.challengeData, { origin: PORTAL }),
      (soft, c) => ({ ...soft.get(c.challengeData, { origin: PORTAL }), signatureData: Buffer.from('garbage').toString('base64') }),
      (soft, c) => ({ ...soft.get(c.challengeData, { origin: PORTAL }), authenticatorData: Buffer.from('short').toString('base64') }),
      (soft, c) => ({ ...soft.get(c.challengeData, { origin: PORTAL }), clientData: Buffer.from('[]').toString('base64') }),
      (soft, c) => ({ ...soft.get(c.challengeData, { origin: PORTAL }), clientData: null }),
      () => ({}),
    ];
    // Wrong answers count against the factor (codes.maxFailures: 5), so each case gets its own user.
    for (const make of cases) {
      const soft = new SoftAuthenticator();
      const user = await enrolledUser(h, soft);
      const c = await toPasskeyChallenge(h, user.profile.login);
      const refused = await remediate(h, c.challenge.doc, 'challenge-authenticator', { credentials: make(soft, c) });
      expect(refused.status).toBe(401);
      expect(messages(refused.doc)).toEqual([ASSERTION_FAILED]);
      expect(names(refused.doc)).toContain('challenge-authenticator');
      // The same challenge still takes the right answer.
      const ok = await remediate(h, c.challenge.doc, 'challenge-authenticator', {
        credentials: soft.get(c.challengeData, { origin: PORTAL }),
      });
      expect(ok.status).toBe(200);
    }
  });

  it('wrong answers suspend the passkey like any factor', async () => {
    const soft = new SoftAuthenticator();
    const user = await enrolledUser(h, soft);
    const c = await toPasskeyChallenge(h, user.profile.login);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const wrong = soft.get(c.challengeData, { origin: 'http://evil.test' });
      statuses.push((await remediate(h, c.challenge.doc, 'challenge-authenticator', { credentials: wrong })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 403]);
    const late = await remediate(h, c.challenge.doc, 'challenge-authenticator', {
      credentials: soft.get(c.challengeData, { origin: PORTAL }),
    });
    expect(late.status).toBe(403);
  });

  it('a challenge is bound to its transaction step: an assertion for another transaction, or a replayed one, is refused', async () => {
    const soft = new SoftAuthenticator();
    const user = await enrolledUser(h, soft);
    const a = await toPasskeyChallenge(h, user.profile.login);
    const b = await toPasskeyChallenge(h, user.profile.login);
    expect(a.challengeData.challenge).not.toBe(b.challengeData.challenge);
    const forA = soft.get(a.challengeData, { origin: PORTAL });
    const cross = await remediate(h, b.challenge.doc, 'challenge-authenticator', { credentials: forA });
    expect(cross.status).toBe(401);
    expect(messages(cross.doc)).toEqual([ASSERTION_FAILED]);
    const used = await remediate(h, a.challenge.doc, 'challenge-authenticator', { credentials: forA });
    expect(used.status).toBe(200);
    // The step is gone: the same answer again is refused, as a step the transaction is no longer at.
    const replay = await remediate(h, a.challenge.doc, 'challenge-authenticator', { credentials: forA });
    expect(replay.status).toBe(400);
    // The same signed bytes in a new transaction (a new challenge) are refused too.
    const c = await toPasskeyChallenge(h, user.profile.login);
    const again = await remediate(h, c.challenge.doc, 'challenge-authenticator', { credentials: forA });
    expect(again.status).toBe(401);
  });

  it('a signature counter that does not grow (a cloned authenticator) is refused', async () => {
    const soft = new SoftAuthenticator();
    const user = await enrolledUser(h, soft);
    const first = await toPasskeyChallenge(h, user.profile.login);
    expect(
      (
        await remediate(h, first.challenge.doc, 'challenge-authenticator', {
          credentials: soft.get(first.challengeData, { origin: PORTAL, counter: 7 }),
        })
      ).status,
    ).toBe(200);
    const clone = await toPasskeyChallenge(h, user.profile.login);
    for (const counter of [7, 3, 0]) {
      const refused = await remediate(h, clone.challenge.doc, 'challenge-authenticator', {
        credentials: soft.get(clone.challengeData, { origin: PORTAL, counter }),
      });
      expect(refused.status).toBe(401);
      expect(messages(refused.doc)).toEqual([ASSERTION_FAILED]);
    }
    const ok = await remediate(h, clone.challenge.doc, 'challenge-authenticator', {
      credentials: soft.get(clone.challengeData, { origin: PORTAL, counter: 8 }),
    });
    expect(ok.status).toBe(200);
  });

  it('racing assertions with one counter value: only one wins', async () => {
    const soft = new SoftAuthenticator();
    const user = await enrolledUser(h, soft);
    const a = await toPasskeyChallenge(h, user.profile.login);
    const b = await toPasskeyChallenge(h, user.profile.login);
    const results = await Promise.all([
      remediate(h, a.challenge.doc, 'challenge-authenticator', { credentials: soft.get(a.challengeData, { origin: PORTAL, counter: 4 }) }),
      remediate(h, b.challenge.doc, 'challenge-authenticator', { credentials: soft.get(b.challengeData, { origin: PORTAL, counter: 4 }) }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('without user verification is fine when the policy prefers it', async () => {
    const soft = new SoftAuthenticator();
    const { enroll } = await toPasskeyEnrollment(h);
    const { answer } = soft.create(enroll.doc.currentAuthenticator.value.contextualData.activationData, {
      origin: PORTAL,
      userVerified: false,
    });
    expect((await remediate(h, enroll.doc, 'enroll-authenticator', { credentials: answer })).status).toBe(200);
  });
});

describe('passkeys with user verification required', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ...PASSKEY_POLICIES, webauthn: { userVerification: 'required', rpId: null } });
  });
  afterAll(() => h.close());

  it('asks for it, and refuses a registration or an assertion without it', async () => {
    const soft = new SoftAuthenticator();
    const { enroll } = await toPasskeyEnrollment(h);
    const activation = enroll.doc.currentAuthenticator.value.contextualData.activationData;
    expect(activation.authenticatorSelection.userVerification).toBe('required');
    const noUv = await remediate(h, enroll.doc, 'enroll-authenticator', {
      credentials: soft.create(activation, { origin: PORTAL, userVerified: false }).answer,
    });
    expect(noUv.status).toBe(401);
    expect(messages(noUv.doc)).toEqual([ENROLL_FAILED]);
    const soft2 = new SoftAuthenticator();
    const ok = await remediate(h, enroll.doc, 'enroll-authenticator', { credentials: soft2.create(activation, { origin: PORTAL }).answer });
    expect(ok.status).toBe(200);
    await remediate(h, ok.doc, 'skip', {});
    const login = enroll.doc.user.value.identifier as string;
    const { challenge, challengeData } = await toPasskeyChallenge(h, login);
    expect(challengeData.userVerification).toBe('required');
    const refused = await remediate(h, challenge.doc, 'challenge-authenticator', {
      credentials: soft2.get(challengeData, { origin: PORTAL, userVerified: false }),
    });
    expect(refused.status).toBe(401);
    const done = await remediate(h, challenge.doc, 'challenge-authenticator', {
      credentials: soft2.get(challengeData, { origin: PORTAL }),
    });
    expect(done.status).toBe(200);
  });
});

describe('passkeys in the factors API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(PASSKEY_POLICIES);
  });
  afterAll(() => h.close());
  const api = (path: string, method = 'GET') =>
    h.app.request(`/api/v1/users/${path}`, {
      method,
      headers: { Authorization: `SSWS ${h.config.apiTokens[0] ?? ''}`, Accept: 'application/json' },
    });

  it('lists the passkey as a webauthn factor without its key, and a deleted one no longer signs in', async () => {
    const soft = new SoftAuthenticator();
    const user = await enrolledUser(h, soft);
    const before = await toPasskeyChallenge(h, user.profile.login);
    const factors = (await (await api(`${user.id}/factors`)).json()) as IdxDoc[];
    const passkey = factors.find((f) => f.factorType === 'webauthn');
    expect(passkey).toMatchObject({
      factorType: 'webauthn',
      provider: 'FIDO',
      vendorName: 'FIDO',
      status: 'ACTIVE',
      profile: { credentialId: soft.credentials[0]?.id.toString('base64url'), authenticatorName: 'Passkey' },
    });
    expect(passkey?.id).toMatch(/^fwf/);
    expect(JSON.stringify(factors)).not.toContain('publicKey');
    expect((await api(`${user.id}/factors/${passkey?.id as string}`, 'DELETE')).status).toBe(204);
    expect((await h.ctx.store.enrollments(user.id)).map((e) => e.authenticator)).toEqual(['okta_email']);
    // A challenge started before the deletion can't be answered with it any more.
    const stale = await remediate(h, before.challenge.doc, 'challenge-authenticator', {
      credentials: soft.get(before.challengeData, { origin: PORTAL }),
    });
    expect(stale.status).toBe(401);
    // And the next sign-in doesn't offer it: only the email remains (challenged at once).
    const { after } = await password(h, user.profile.login);
    expect(after.doc.currentAuthenticatorEnrollment.value.key).toBe('okta_email');
  });
});

describe('several passkeys per user', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(PASSKEY_POLICIES);
  });
  afterAll(() => h.close());
  const api = (path: string, method = 'GET') =>
    h.app.request(`/api/v1/users/${path}`, {
      method,
      headers: { Authorization: `SSWS ${h.config.apiTokens[0] ?? ''}`, Accept: 'application/json' },
    });
  const entries = (doc: IdxDoc) =>
    (doc.authenticatorEnrollments.value as IdxDoc[]).filter((a) => a.key === 'webauthn').map((a) => a.credentialId as string);

  it('a second one is set up beside the first, which is excluded; each signs in; each is its own factor', async () => {
    const phone = new SoftAuthenticator();
    const laptop = new SoftAuthenticator();
    const { user, enroll } = await toPasskeyEnrollment(h);
    const first = phone.create(enroll.doc.currentAuthenticator.value.contextualData.activationData, { origin: PORTAL });
    const done = await remediate(h, enroll.doc, 'enroll-authenticator', { credentials: first.answer });
    // Still offered ("set up another"), and the second ceremony excludes the first credential.
    expect(names(done.doc)).toEqual(['select-authenticator-enroll', 'skip']);
    const again = await remediate(h, done.doc, 'select-authenticator-enroll', {
      authenticator: { id: optionId(done.doc, 'select-authenticator-enroll', 'webauthn') },
    });
    const activation = again.doc.currentAuthenticator.value.contextualData.activationData;
    expect(activation.excludeCredentials).toEqual([{ type: 'public-key', id: first.credentialId, transports: ['internal', 'hybrid'] }]);
    expect(entries(again.doc)).toEqual([first.credentialId]);
    const second = laptop.create(activation, { origin: PORTAL });
    const twice = await remediate(h, again.doc, 'enroll-authenticator', { credentials: second.answer });
    expect(twice.status).toBe(200);
    await remediate(h, twice.doc, 'skip', {});
    expect((await h.ctx.store.webauthnCredentials(user.id)).map((c) => c.credentialId)).toEqual([first.credentialId, second.credentialId]);

    // The challenge lists both (the widget's allowCredentials); either one signs in.
    for (const soft of [phone, laptop, phone]) {
      const { challenge, challengeData } = await toPasskeyChallenge(h, user.profile.login);
      expect(entries(challenge.doc)).toEqual([first.credentialId, second.credentialId]);
      const ok = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: soft.get(challengeData, { origin: PORTAL }) });
      expect(ok.status).toBe(200);
    }

    const factors = ((await (await api(`${user.id}/factors`)).json()) as IdxDoc[]).filter((f) => f.factorType === 'webauthn');
    expect(factors.map((f) => f.profile.credentialId)).toEqual([first.credentialId, second.credentialId]);
    expect(new Set(factors.map((f) => f.id as string)).size).toBe(2);
    expect(JSON.stringify(factors)).not.toContain('publicKey');
    const phoneFactor = factors[0]?.id as string;
    expect((await api(`${user.id}/factors/${phoneFactor}`)).status).toBe(200);

    // Removing the phone's leaves the laptop's: the phone is refused, the laptop still signs in.
    expect((await api(`${user.id}/factors/${phoneFactor}`, 'DELETE')).status).toBe(204);
    const after = await toPasskeyChallenge(h, user.profile.login);
    expect(entries(after.challenge.doc)).toEqual([second.credentialId]);
    const refused = await remediate(h, after.challenge.doc, 'challenge-authenticator', {
      credentials: phone.get(after.challengeData, { origin: PORTAL }),
    });
    expect(refused.status).toBe(401);
    const laptopNow = await toPasskeyChallenge(h, user.profile.login);
    const ok = await remediate(h, laptopNow.challenge.doc, 'challenge-authenticator', {
      credentials: laptop.get(laptopNow.challengeData, { origin: PORTAL }),
    });
    expect(ok.status).toBe(200);

    // The last one takes the passkey enrollment with it.
    expect((await api(`${user.id}/factors/${factors[1]?.id as string}`, 'DELETE')).status).toBe(204);
    expect((await h.ctx.store.enrollments(user.id)).map((e) => e.authenticator)).toEqual(['okta_email']);
    expect(await h.ctx.store.webauthnCredentials(user.id)).toEqual([]);
  });

  it('reset_factors and deleting the user take the passkeys with them', async () => {
    const user = await enrolledUser(h, new SoftAuthenticator());
    expect(await h.ctx.store.webauthnCredentials(user.id)).toHaveLength(1);
    expect((await api(`${user.id}/lifecycle/reset_factors`, 'POST')).status).toBe(200);
    expect(await h.ctx.store.webauthnCredentials(user.id)).toEqual([]);
  });
});

describe('passwordless: the passkey alone where the sign-on policy allows it', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      policies: { ...PASSKEY_POLICIES.policies, signOn: { secondFactor: true, passwordless: true } },
    });
  });
  afterAll(() => h.close());

  it('a user with a passkey picks it or the password after the identifier; the passkey alone signs in', async () => {
    const soft = new SoftAuthenticator();
    const user = await enrolledUser(h, soft);
    const start = await begin(h);
    const choice = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
    expect(names(choice.doc)).toEqual(['select-authenticator-authenticate']);
    expect((choice.doc.authenticatorEnrollments.value as IdxDoc[]).map((a) => a.key)).toEqual(['webauthn', 'okta_password']);
    const challenge = await remediate(h, choice.doc, 'select-authenticator-authenticate', {
      authenticator: { id: optionId(choice.doc, 'select-authenticator-authenticate', 'webauthn') },
    });
    const challengeData = challenge.doc.currentAuthenticatorEnrollment.value.contextualData.challengeData;
    // "Verify with something else" offers the password.
    expect(names(challenge.doc)).toEqual(['challenge-authenticator', 'select-authenticator-authenticate']);
    const done = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: soft.get(challengeData, { origin: PORTAL }) });
    const code = done.doc.successWithInteractionCode.value.find((f: IdxDoc) => f.name === 'interaction_code').value as string;
    expect(amrOf((await exchange(h, code, start.verifier)).body.id_token as string)).toEqual(['hwk']);
  });

  it('the password instead is followed by the second factor as usual; a wrong passkey answer proves nothing', async () => {
    const soft = new SoftAuthenticator();
    const user = await enrolledUser(h, soft);
    const start = await begin(h);
    const choice = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
    const pw = await remediate(h, choice.doc, 'select-authenticator-authenticate', {
      authenticator: { id: optionId(choice.doc, 'select-authenticator-authenticate', 'okta_password') },
    });
    expect(pw.doc.currentAuthenticatorEnrollment.value.key).toBe('okta_password');
    const after = await remediate(h, pw.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
    expect(names(after.doc)).toEqual(['select-authenticator-authenticate']);
    expect((after.doc.authenticatorEnrollments.value as IdxDoc[]).map((a) => a.key)).toEqual(['okta_email', 'webauthn']);

    const again = await remediate(h, (await begin(h)).doc, 'identify', { identifier: user.profile.login });
    const passkey = await remediate(h, again.doc, 'select-authenticator-authenticate', {
      authenticator: { id: optionId(again.doc, 'select-authenticator-authenticate', 'webauthn') },
    });
    const data = passkey.doc.currentAuthenticatorEnrollment.value.contextualData.challengeData;
    const wrong = await remediate(h, passkey.doc, 'challenge-authenticator', {
      credentials: soft.get(data, { origin: 'http://evil.example' }),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.doc.successWithInteractionCode).toBeUndefined();
  });

  it('"Verify with something else" on the password offers the passkey, which then signs in alone', async () => {
    const soft = new SoftAuthenticator();
    const user = await enrolledUser(h, soft);
    const start = await begin(h);
    const choice = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
    const pw = await remediate(h, choice.doc, 'select-authenticator-authenticate', {
      authenticator: { id: optionId(choice.doc, 'select-authenticator-authenticate', 'okta_password') },
    });
    expect(names(pw.doc)).toEqual(['challenge-authenticator', 'select-authenticator-authenticate']);
    expect((pw.doc.authenticatorEnrollments.value as IdxDoc[]).map((a) => a.key)).toEqual(['okta_password', 'webauthn']);
    const passkey = await remediate(h, pw.doc, 'select-authenticator-authenticate', {
      authenticator: { id: optionId(pw.doc, 'select-authenticator-authenticate', 'webauthn') },
    });
    const data = passkey.doc.currentAuthenticatorEnrollment.value.contextualData.challengeData;
    const done = await remediate(h, passkey.doc, 'challenge-authenticator', { credentials: soft.get(data, { origin: PORTAL }) });
    expect(done.doc.successWithInteractionCode).toBeDefined();
  });

  it('a user without a passkey is asked for the password as before', async () => {
    const user = await makeUser(h);
    const start = await begin(h);
    const id = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
    expect(id.doc.currentAuthenticatorEnrollment.value.key).toBe('okta_password');
  });
});

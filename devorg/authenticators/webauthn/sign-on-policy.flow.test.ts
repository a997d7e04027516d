/**
 * The sign-on policy's passkey settings, through the real IDX routes:
 * - the promotion after sign-in (`signOn.passkeyPromotion`): Okta's `enroll-authenticator-promotion`
 *   (posted to `credential/enroll`) beside `skip` ("Maybe later"), as the widget 7.49 renders it —
 *   offered once per sign-in to a user without a passkey, never to one who has one;
 * - `signOn.userVerification: "required"` for a group: its members' passkey challenges ask for and
 *   check user verification, whatever the authenticator's own setting ("preferred" here).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type OrgConfig } from '../../config';
import {
  begin,
  exchange,
  latestCode,
  makeUser,
  PASSWORD,
  PORTAL,
  remediate,
  signIn,
  startHarness,
  type Harness,
  type IdxDoc,
} from '../../testing/harness';
import { SoftAuthenticator } from './soft-authenticator';

const POLICIES: OrgConfig['policies'] = {
  ...defaultConfig().policies,
  enrollment: { required: ['okta_password', 'okta_email'], optional: ['google_otp', 'webauthn'] },
};

const names = (doc: IdxDoc): string[] => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name);
const interactionCode = (doc: IdxDoc) =>
  doc.successWithInteractionCode?.value.find((f: IdxDoc) => f.name === 'interaction_code')?.value as string | undefined;
const amrOf = (idToken: string): string[] =>
  (JSON.parse(Buffer.from(idToken.split('.')[1] as string, 'base64url').toString()) as { amr: string[] }).amr;

/** A user who set up the required email (and declined the optional ones) in a first sign-in. */
async function returningUser(h: Harness) {
  const user = await makeUser(h);
  await signIn(h, user.profile.login);
  return user;
}

/** Password, then the email code the policy asks as the second factor: the reply after it. */
async function signInUpToPromotion(h: Harness, user: Awaited<ReturnType<typeof makeUser>>) {
  const start = await begin(h);
  const challenge = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
  const email = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
  expect(email.doc.currentAuthenticatorEnrollment.value.key).toBe('okta_email');
  const after = await remediate(h, email.doc, 'challenge-authenticator', {
    credentials: { passcode: await latestCode(h, user.profile.email) },
  });
  return { start, after };
}

describe('passkey promotion after sign-in (policy on)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ policies: { ...POLICIES, signOn: { secondFactor: true, passkeyPromotion: true } } });
  });
  afterAll(() => h.close());

  it('offers enroll-authenticator-promotion with skip in Okta shape; a passkey set up there signs the user in', async () => {
    const user = await returningUser(h);
    const { start, after } = await signInUpToPromotion(h, user);
    expect(after.status).toBe(200);
    expect(names(after.doc)).toEqual(['enroll-authenticator-promotion', 'skip']);
    const [promo, skip] = after.doc.remediation.value as IdxDoc[];
    expect(new URL(promo?.href).pathname).toBe('/idp/idx/credential/enroll');
    expect(new URL(skip?.href).pathname).toBe('/idp/idx/skip');
    expect(promo?.relatesTo).toEqual(['$.currentAuthenticator']);
    // The widget's promotion copy keys on exactly this displayName.
    const current = after.doc.currentAuthenticator.value;
    expect(current).toMatchObject({ key: 'webauthn', displayName: 'Passkeys' });
    expect(promo?.value[0].form.value.map((f: IdxDoc) => f.name)).toEqual(['clientData', 'attestation', 'transports', 'clientExtensions']);

    const soft = new SoftAuthenticator();
    const created = soft.create(current.contextualData.activationData, { origin: PORTAL });
    const done = await remediate(h, after.doc, 'enroll-authenticator-promotion', { credentials: created.answer });
    expect(done.status).toBe(200);
    const code = interactionCode(done.doc);
    expect(code).toBeDefined();
    expect(amrOf((await exchange(h, code as string, start.verifier)).body.id_token as string)).toEqual(['pwd', 'email', 'hwk', 'mfa']);
    expect(await h.ctx.store.webauthnCredentials(user.id)).toHaveLength(1);

    // Now that the user has a passkey, a sign-in with another second factor ends in success.
    const again = await remediate(h, (await begin(h)).doc, 'identify', { identifier: user.profile.login });
    const choice = await remediate(h, again.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
    const emailOption = (choice.doc.remediation.value[0].value[0].options as IdxDoc[]).find(
      (o) =>
        o.relatesTo ===
        `$.authenticatorEnrollments.value[${(choice.doc.authenticatorEnrollments.value as IdxDoc[]).findIndex((a) => a.key === 'okta_email')}]`,
    );
    const email = await remediate(h, choice.doc, 'select-authenticator-authenticate', {
      authenticator: { id: emailOption?.value.form.value[0].value },
    });
    const signedIn = await remediate(h, email.doc, 'challenge-authenticator', {
      credentials: { passcode: await latestCode(h, user.profile.email) },
    });
    expect(names(signedIn.doc)).toEqual([]);
    expect(interactionCode(signedIn.doc)).toBeDefined();
  });

  it('"Maybe later" signs in without a passkey; the next sign-in offers it again', async () => {
    const user = await returningUser(h);
    const first = await signInUpToPromotion(h, user);
    const skipped = await remediate(h, first.after.doc, 'skip', {});
    expect(skipped.status).toBe(200);
    expect(interactionCode(skipped.doc)).toBeDefined();
    expect(await h.ctx.store.webauthnCredentials(user.id)).toEqual([]);
    const second = await signInUpToPromotion(h, user);
    expect(names(second.after.doc)).toEqual(['enroll-authenticator-promotion', 'skip']);
  });

  it("a bad answer stays on the promotion with Okta's message; the answer is refused at challenge/answer", async () => {
    const user = await returningUser(h);
    const { after } = await signInUpToPromotion(h, user);
    const activation = after.doc.currentAuthenticator.value.contextualData.activationData;
    const wrong = new SoftAuthenticator().create(activation, { origin: 'http://evil.example' });
    const refused = await remediate(h, after.doc, 'enroll-authenticator-promotion', { credentials: wrong.answer });
    expect(refused.status).toBe(401);
    expect(refused.doc.messages.value.map((m: IdxDoc) => m.i18n?.key)).toEqual(['passkeys.authfactor.webauthn.error']);
    expect(names(refused.doc)).toEqual(['enroll-authenticator-promotion', 'skip']);

    // The promotion is not the plain enrollment: its answer has one place to go.
    const elsewhere = await h.app.request('/idp/idx/challenge/answer', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        stateHandle: after.doc.stateHandle,
        credentials: new SoftAuthenticator().create(activation, { origin: PORTAL }).answer,
      }),
    });
    expect(elsewhere.status).toBe(400);
    expect(await h.ctx.store.webauthnCredentials(user.id)).toEqual([]);
  });

  it('not right after the user declined the optional enrollments in the same sign-in', async () => {
    const user = await makeUser(h);
    const start = await begin(h);
    const challenge = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
    const email = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
    const offered = await remediate(h, email.doc, 'enroll-authenticator', {
      credentials: { passcode: await latestCode(h, user.profile.email) },
    });
    expect(names(offered.doc)).toEqual(['select-authenticator-enroll', 'skip']);
    const skipped = await remediate(h, offered.doc, 'skip', {});
    expect(interactionCode(skipped.doc)).toBeDefined();
  });
});

describe('passkey promotion off (the default)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ policies: POLICIES });
  });
  afterAll(() => h.close());

  it('a returning user without a passkey goes straight to success', async () => {
    const user = await returningUser(h);
    const { after } = await signInUpToPromotion(h, user);
    expect(names(after.doc)).toEqual([]);
    expect(interactionCode(after.doc)).toBeDefined();
  });
});

describe('user verification required by a sign-on rule', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      policies: {
        ...POLICIES,
        signOn: { secondFactor: true },
        rules: [{ name: 'UV', priority: 1, groups: ['Verified'], signOn: { secondFactor: true, userVerification: 'required' } }],
      },
    });
  });
  afterAll(() => h.close());

  async function api(path: string, method: string, body?: unknown) {
    const res = await h.app.request(`/api/v1${path}`, {
      method,
      headers: { Authorization: `SSWS ${h.config.apiTokens[0]}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return res.status === 204 ? undefined : ((await res.json()) as IdxDoc);
  }

  /** A user with a passkey set up without user verification (the org's setting is "preferred"). */
  async function userWithPasskey(soft: SoftAuthenticator) {
    const user = await makeUser(h);
    const start = await begin(h);
    const challenge = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
    const pw = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
    const offered = await remediate(h, pw.doc, 'enroll-authenticator', {
      credentials: { passcode: await latestCode(h, user.profile.email) },
    });
    const i = (offered.doc.authenticators.value as IdxDoc[]).findIndex((a) => a.key === 'webauthn');
    const enroll = await remediate(h, offered.doc, 'select-authenticator-enroll', {
      authenticator: { id: offered.doc.authenticators.value[i].id },
    });
    const activation = enroll.doc.currentAuthenticator.value.contextualData.activationData;
    expect(activation.authenticatorSelection.userVerification).toBe('preferred');
    const done = await remediate(h, enroll.doc, 'enroll-authenticator', {
      credentials: soft.create(activation, { origin: PORTAL, userVerified: false }).answer,
    });
    expect(done.status).toBe(200);
    return user;
  }

  /** Password, then the passkey picked as the second factor: its challenge. */
  async function passkeyChallenge(login: string) {
    const start = await begin(h);
    const challenge = await remediate(h, start.doc, 'identify', { identifier: login });
    const choice = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
    const id = (choice.doc.authenticatorEnrollments.value as IdxDoc[]).find((a) => a.key === 'webauthn')?.authenticatorId as string;
    return remediate(h, choice.doc, 'select-authenticator-authenticate', { authenticator: { id } });
  }

  it("members of the rule's group must verify the user; others need not", async () => {
    const soft = new SoftAuthenticator();
    const member = await userWithPasskey(soft);
    const group = await api('/groups', 'POST', { profile: { name: 'Verified' } });
    await api(`/groups/${group?.id as string}/users/${member.id}`, 'PUT');

    const challenge = await passkeyChallenge(member.profile.login);
    const data = challenge.doc.currentAuthenticatorEnrollment.value.contextualData.challengeData;
    expect(data.userVerification).toBe('required');
    const unverified = await remediate(h, challenge.doc, 'challenge-authenticator', {
      credentials: soft.get(data, { origin: PORTAL, userVerified: false }),
    });
    expect(unverified.status).toBe(401);
    expect(unverified.doc.messages.value.map((m: IdxDoc) => m.i18n?.key)).toEqual([
      'authfactor.webauthn.error.assertion_validation_failure',
    ]);
    const verified = await remediate(h, unverified.doc, 'challenge-authenticator', {
      credentials: soft.get(data, { origin: PORTAL, userVerified: true }),
    });
    expect(interactionCode(verified.doc)).toBeDefined();

    const other = new SoftAuthenticator();
    const outsider = await userWithPasskey(other);
    const theirs = await passkeyChallenge(outsider.profile.login);
    const theirData = theirs.doc.currentAuthenticatorEnrollment.value.contextualData.challengeData;
    expect(theirData.userVerification).toBe('preferred');
    const done = await remediate(h, theirs.doc, 'challenge-authenticator', {
      credentials: other.get(theirData, { origin: PORTAL, userVerified: false }),
    });
    expect(interactionCode(done.doc)).toBeDefined();
  });
});

/**
 * devorg's MyAccount API as auth-js 7.14.5's own `myaccount` module sees it, unmodified, in Node:
 * profile, profile schema, password (policy, history, the step-up answer), emails and phones, with
 * access tokens minted through the real sign-in flow.
 */
import { AuthApiError, OktaAuth, type EmailTransaction, type PhoneTransaction } from '@okta/okta-auth-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalApp } from '../config';
import { REDIRECT_URI, PASSWORD, makeUser, signIn } from '../testing/harness';
import { startListeningOrg, type ListeningOrg } from '../testing/listening-org';
import type { UserRecord } from '../store';

const SCOPES = [
  'openid',
  'profile',
  'email',
  'okta.myAccount.profile.read',
  'okta.myAccount.profile.manage',
  'okta.myAccount.password.read',
  'okta.myAccount.password.manage',
  'okta.myAccount.email.read',
  'okta.myAccount.phone.read',
];

let org: ListeningOrg;

beforeAll(async () => {
  org = await startListeningOrg();
});
afterAll(() => org.stop());

/** A fresh user signed in (password + emailed code) through `/oauth2/default` or the org server, and their access token. */
async function signedIn(opts: { scopes?: string[]; server?: 'default' | 'org' } = {}): Promise<{ user: UserRecord; accessToken: string }> {
  const user = await makeUser(org);
  const endpoints = opts.server === 'org' ? '/oauth2' : '/oauth2/default';
  const { code, verifier } = await signIn(org, user.profile.login, PASSWORD, { scope: (opts.scopes ?? SCOPES).join(' '), endpoints });
  const res = await fetch(`${org.origin}${endpoints}/v1/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: portalApp(org.config).clientId,
      redirect_uri: REDIRECT_URI,
      grant_type: 'interaction_code',
      code_verifier: verifier,
      interaction_code: code,
    }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`token exchange failed: ${res.status}`);
  return { user, accessToken: body.access_token };
}

/** auth-js as an app configures it: the portal's client on the org's default authorization server. */
function authClient(): OktaAuth {
  return new OktaAuth({
    issuer: `${org.origin}/oauth2/default`,
    clientId: portalApp(org.config).clientId,
    redirectUri: REDIRECT_URI,
    tokenManager: { storage: 'memory' },
  });
}

async function rejection(p: Promise<unknown>): Promise<AuthApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuthApiError);
  return err as AuthApiError;
}

async function logEvents(eventType: string, userId: string) {
  const filter = `eventType eq "${eventType}" and target.id eq "${userId}"`;
  const res = await fetch(`${org.origin}/api/v1/logs?${new URLSearchParams({ filter })}`, {
    headers: { Authorization: `SSWS ${org.apiToken}`, Accept: 'application/json' },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { actor: { id: string } }[];
}

describe('MyAccount through auth-js', () => {
  it('reads the profile and its schema, and replaces the names', async () => {
    const { user, accessToken } = await signedIn();
    const auth = authClient();
    const profile = await auth.myaccount.getProfile({ accessToken });
    expect(profile.profile).toMatchObject({ login: user.profile.login, email: user.profile.email, firstName: 'Test' });
    expect(profile.createdAt).toBe(new Date(user.createdAt).toISOString());

    const schema = await auth.myaccount.getProfileSchema({ accessToken });
    expect(schema.properties).toMatchObject({
      login: { permissions: { SELF: 'READ_ONLY' } },
      firstName: { permissions: { SELF: 'READ_WRITE' } },
    });

    const updated = await auth.myaccount.updateProfile({
      accessToken,
      payload: { profile: { ...profile.profile, firstName: 'Renamed', lastName: 'Person' } },
    });
    expect(updated.profile).toMatchObject({ firstName: 'Renamed', lastName: 'Person', login: user.profile.login });
    // The same store the rest of devorg reads: the management API sees the new name.
    const admin = await fetch(`${org.origin}/api/v1/users/${user.id}`, { headers: { Authorization: `SSWS ${org.apiToken}` } });
    expect(((await admin.json()) as { profile: Record<string, unknown> }).profile).toMatchObject({ firstName: 'Renamed' });
    expect(await logEvents('user.account.update_profile', user.id)).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ id: user.id }) }),
    ]);
  });

  it('refuses a profile that changes a read-only attribute or leaves one out, in Okta’s words', async () => {
    const { accessToken } = await signedIn();
    const auth = authClient();
    const { profile } = await auth.myaccount.getProfile({ accessToken });
    const err = await rejection(
      auth.myaccount.updateProfile({ accessToken, payload: { profile: { ...profile, login: 'other@example.test' } } }),
    );
    expect(err.errorCode).toBe('E0000001');
    expect(err.errorCauses).toEqual([
      { errorSummary: "Property 'login' is read only.  The value supplied must exactly match the existing value." },
    ]);
    const { lastName: _dropped, ...partial } = profile as Record<string, unknown>;
    const missing = await rejection(auth.myaccount.updateProfile({ accessToken, payload: { profile: partial } }));
    expect(missing.errorCauses).toEqual([
      { errorSummary: "Property 'lastName' needs a value passed.  To unset it, explicitly set it to null." },
    ]);
  });

  it('changes the password under the policy and its history, and the new one signs in', async () => {
    const { user, accessToken } = await signedIn();
    const auth = authClient();
    const password = await auth.myaccount.getPassword({ accessToken });
    expect(password.status).toBe('ACTIVE');

    const weak = await rejection(password.update!({ profile: { password: 'short' } }));
    expect(weak.errorCode).toBe('E0000001');
    expect(weak.errorCauses?.[0]?.errorSummary).toMatch(/^password: Password requirements were not met/);
    const reused = await rejection(auth.myaccount.updatePassword({ accessToken, payload: { profile: { password: PASSWORD } } }));
    expect(reused.errorCauses?.[0]?.errorSummary).toMatch(/cannot be any of your last 4 passwords/);

    const changed = await auth.myaccount.updatePassword({ accessToken, payload: { profile: { password: 'Brand-New-Passw0rd' } } });
    expect(changed.status).toBe('ACTIVE');
    await expect(signIn(org, user.profile.login, 'Brand-New-Passw0rd')).resolves.toHaveProperty('code');
    await expect(signIn(org, user.profile.login, PASSWORD)).rejects.toThrow(/did not succeed/);
    expect(await logEvents('user.account.update_password', user.id)).toHaveLength(1);
  });

  it('answers a change with an old sign-in with Okta’s step-up challenge, which auth-js raises with max_age', async () => {
    const { accessToken } = await signedIn();
    const auth = authClient();
    const { profile } = await auth.myaccount.getProfile({ accessToken });
    org.clock.advance(16 * 60);
    const err = await rejection(auth.myaccount.updatePassword({ accessToken, payload: { profile: { password: 'Another-Passw0rd-1' } } }));
    expect(err.errorSummary).toBe('insufficient_authentication_context');
    expect(err.errorCauses).toEqual([{ errorSummary: 'The access token requires additional assurance to access the resource' }]);
    expect(err.meta).toEqual({ max_age: 900 });
    await expect(auth.myaccount.updateProfile({ accessToken, payload: { profile } })).rejects.toMatchObject({
      errorSummary: 'insufficient_authentication_context',
    });
    // Reading needs no fresh sign-in.
    await expect(auth.myaccount.getProfile({ accessToken })).resolves.toHaveProperty('profile');
  });

  it('lists the primary email and the phone of the phone enrollment', async () => {
    const { user, accessToken } = await signedIn();
    const now = org.ctx.clock.now();
    await org.ctx.store.saveEnrollment({
      id: 'sms' + user.id.slice(3),
      userId: user.id,
      authenticator: 'phone_number',
      profile: { phoneNumber: '+15555550123' },
      secret: null,
      failures: 0,
      lastUsedStep: null,
      createdAt: now,
      lastVerifiedAt: now,
    });
    const auth = authClient();
    // auth-js types `myaccount` as `any`; these are the transactions its functions are declared to return.
    const emails: EmailTransaction[] = await auth.myaccount.getEmails({ accessToken });
    expect(emails.map((e) => [e.profile.email, e.roles, e.status])).toEqual([[user.profile.email, ['PRIMARY'], 'VERIFIED']]);
    const again = await emails[0]!.get();
    expect(again.id).toBe(emails[0]!.id);
    const phones: PhoneTransaction[] = await auth.myaccount.getPhones({ accessToken });
    // auth-js 7.14.5 types a phone's `profile` as `{ profile: { phoneNumber } }`; at run time it is the API's `{ phoneNumber }`.
    const numberOf = (p: PhoneTransaction) => (p.profile as unknown as { phoneNumber: string }).phoneNumber;
    expect(phones.map((p) => [p.id, numberOf(p), p.status])).toEqual([['sms' + user.id.slice(3), '+15555550123', 'VERIFIED']]);
  });

  it('adds a phone: unverified until the texted code comes back, then the user’s phone enrollment; removed again', async () => {
    const { user, accessToken } = await signedIn({ scopes: [...SCOPES, 'okta.myAccount.phone.manage'] });
    const auth = authClient();
    // auth-js types `myaccount` as `any`; these are the transactions its functions are declared to return.
    const added: PhoneTransaction = await auth.myaccount.addPhone({
      accessToken,
      payload: { profile: { phoneNumber: '+1 415 555 0142' }, sendCode: true, method: 'SMS' },
    });
    const numberOf = (p: PhoneTransaction) => (p.profile as unknown as { phoneNumber: string }).phoneNumber;
    expect([numberOf(added), added.status]).toEqual(['+14155550142', 'UNVERIFIED']);
    expect(added.id).toMatch(/^sms/);
    const [texted] = await org.ctx.store.outbox({ to: '+14155550142', limit: 1 });
    expect(texted?.kind).toBe('sms');

    // A wrong code is refused in Okta's shape; a call sends a new code, and the old one stops counting.
    const wrong = await rejection(added.verify!({ verificationCode: texted!.code === '000000' ? '111111' : '000000' }));
    expect([wrong.xhr?.status, wrong.errorCode]).toEqual([400, 'E0000001']);
    await added.challenge({ method: 'CALL' });
    const [called] = await org.ctx.store.outbox({ to: '+14155550142', limit: 1 });
    expect(called?.kind).toBe('voice');
    await auth.myaccount.verifyPhoneChallenge({ accessToken, id: added.id, payload: { verificationCode: called!.code } });

    const phones: PhoneTransaction[] = await auth.myaccount.getPhones({ accessToken });
    expect(phones.map((p) => [p.id, numberOf(p), p.status])).toEqual([[added.id, '+14155550142', 'VERIFIED']]);
    // The same enrollment the sign-in and the factors API use.
    expect((await org.ctx.store.enrollments(user.id)).find((e) => e.id === added.id)?.authenticator).toBe('phone_number');
    // The code was spent with the verification.
    expect(
      (await rejection(auth.myaccount.verifyPhoneChallenge({ accessToken, id: added.id, payload: { verificationCode: called!.code } })))
        .errorCode,
    ).toBe('E0000001');

    await phones[0]!.delete();
    expect(await auth.myaccount.getPhones({ accessToken })).toEqual([]);
    expect((await org.ctx.store.enrollments(user.id)).some((e) => e.authenticator === 'phone_number')).toBe(false);
  });

  it('refuses a phone number that is not one, and a phone change without the phone.manage scope', async () => {
    const { accessToken } = await signedIn({ scopes: [...SCOPES, 'okta.myAccount.phone.manage'] });
    const auth = authClient();
    const bad = await rejection(
      auth.myaccount.addPhone({ accessToken, payload: { profile: { phoneNumber: '555-CALL-NOW' }, sendCode: true, method: 'SMS' } }),
    );
    expect([bad.xhr?.status, bad.errorCode]).toEqual([400, 'E0000001']);
    const readOnly = await signedIn();
    const refused = await rejection(
      auth.myaccount.addPhone({
        accessToken: readOnly.accessToken,
        payload: { profile: { phoneNumber: '+14155550143' }, sendCode: true, method: 'SMS' },
      }),
    );
    expect(refused.errorCode).toBe('E0000006');
  });

  it('changes the primary email once the code sent to the new address comes back; the email codes go there after', async () => {
    const { user, accessToken } = await signedIn({ scopes: [...SCOPES, 'okta.myAccount.email.manage'] });
    const auth = authClient();
    const next = `new.${user.profile.email}`;
    const added: EmailTransaction = await auth.myaccount.addEmail({
      accessToken,
      payload: { profile: { email: next }, sendEmail: true, role: 'PRIMARY' },
    });
    expect([added.profile.email, added.roles, added.status]).toEqual([next, ['PRIMARY'], 'UNVERIFIED']);
    const [first] = await org.ctx.store.outbox({ to: next, limit: 1 });
    // A new challenge sends a new code; the first one no longer counts.
    const challenge = await auth.myaccount.sendEmailChallenge({ accessToken, id: added.id });
    const [second] = await org.ctx.store.outbox({ to: next, limit: 1 });
    expect(second!.id).not.toBe(first!.id);
    const wrong = await rejection(challenge.verify({ verificationCode: first!.code === second!.code ? '000000' : first!.code }));
    expect(wrong.errorCode).toBe('E0000001');
    expect((await challenge.poll()).status).toBe('UNVERIFIED');
    await challenge.verify({ verificationCode: second!.code });
    expect((await challenge.poll()).status).toBe('VERIFIED');

    const emails: EmailTransaction[] = await auth.myaccount.getEmails({ accessToken });
    expect(emails.map((e) => [e.profile.email, e.roles])).toEqual([[next, ['PRIMARY']]]);
    const stored = await org.ctx.store.userById(user.id);
    expect([stored?.profile.email, stored?.profile.login]).toEqual([next, user.profile.login]);
    // The code can't be used twice.
    expect((await rejection(challenge.verify({ verificationCode: second!.code }))).xhr?.status).toBe(404);
  });

  it('refuses a secondary email loudly (devorg keeps none) and the primary email’s deletion', async () => {
    const { user, accessToken } = await signedIn({ scopes: [...SCOPES, 'okta.myAccount.email.manage'] });
    const auth = authClient();
    const secondary = await rejection(
      auth.myaccount.addEmail({
        accessToken,
        payload: { profile: { email: `two.${user.profile.email}` }, sendEmail: true, role: 'SECONDARY' },
      }),
    );
    expect([secondary.xhr?.status, secondary.errorCode]).toEqual([400, 'E0000001']);
    expect(JSON.stringify(secondary.errorCauses)).toContain('secondEmail');
    const [primary] = await auth.myaccount.getEmails({ accessToken });
    const refused = await rejection(auth.myaccount.deleteEmail({ accessToken, id: primary.id }));
    expect([refused.xhr?.status, refused.errorCode]).toEqual([403, 'E0000006']);
  });

  it('takes tokens of the org authorization server too, and checks each route’s scope', async () => {
    const { accessToken } = await signedIn({ server: 'org', scopes: ['openid', 'okta.myAccount.profile.read'] });
    const auth = authClient();
    await expect(auth.myaccount.getProfile({ accessToken })).resolves.toHaveProperty('profile');
    const err = await rejection(auth.myaccount.getEmails({ accessToken }));
    expect(err.errorCode).toBe('E0000006');
    expect((err.xhr?.headers as Record<string, string> | undefined)?.['www-authenticate']).toMatch(
      /error="insufficient_scope".*scope="okta.myAccount.email.read"/,
    );
  });

  it('refuses a revoked token with E0000011', async () => {
    const { accessToken } = await signedIn();
    const revoke = await fetch(`${org.origin}/oauth2/default/v1/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: portalApp(org.config).clientId, token: accessToken }),
    });
    expect(revoke.status).toBe(200);
    const err = await rejection(authClient().myaccount.getProfile({ accessToken }));
    expect(err.errorCode).toBe('E0000011');
  });
});

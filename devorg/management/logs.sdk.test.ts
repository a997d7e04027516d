/**
 * The System Log as the real `@okta/okta-sdk-nodejs` reads it (`systemLogApi.listLogEvents`, its
 * collection iteration over `Link` pages), over real HTTP, with events caused by a real IDX sign-in,
 * token exchange and the SDK's own user calls.
 */
import { randomBytes } from 'node:crypto';
import { Client, OktaApiError, type LogEvent } from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalApp } from '../config';
import { begin, exchange, form, makeUser, PASSWORD, remediate, signIn } from '../testing/harness';
import { startListeningOrg, type ListeningOrg } from '../testing/listening-org';

let org: ListeningOrg;
let client: Client;

beforeAll(async () => {
  org = await startListeningOrg();
  client = new Client({ orgUrl: org.origin, token: org.apiToken, cacheMiddleware: null });
});
afterAll(() => org.stop());

async function logs(params: Parameters<Client['systemLogApi']['listLogEvents']>[0]): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  for await (const event of await client.systemLogApi.listLogEvents(params)) if (event) out.push(event);
  return out;
}

async function apiError(call: () => Promise<unknown>): Promise<OktaApiError> {
  try {
    await call();
  } catch (err) {
    if (err instanceof OktaApiError) return err;
    throw err;
  }
  throw new Error('expected an OktaApiError');
}

function newLogin(): string {
  return `log.${randomBytes(4).toString('hex')}@example.test`;
}

describe('a sign-in in the System Log', () => {
  it('records the verifications, the code sent, the enrollment, the session and the tokens, with the user as target', async () => {
    const user = await makeUser(org);
    const { code, verifier } = await signIn(org, user.profile.login);
    const { status } = await exchange(org, code, verifier);
    expect(status).toBe(200);

    const events = await logs({ filter: `target.id eq "${user.id}"` });
    const types = events.map((e) => e.eventType);
    expect(types).toEqual(
      expect.arrayContaining([
        'user.authentication.verify',
        'system.email.send_factor_verify_message',
        'user.mfa.factor.activate',
        'policy.evaluate_sign_on',
        'user.session.start',
        'app.oauth2.as.token.grant.access_token',
        'app.oauth2.as.token.grant.id_token',
      ]),
    );
    // In order: the session starts after the password was verified, the tokens after the session.
    expect(types.indexOf('user.session.start')).toBeGreaterThan(types.indexOf('user.authentication.verify'));
    expect(types.indexOf('app.oauth2.as.token.grant.access_token')).toBeGreaterThan(types.indexOf('user.session.start'));

    const verify = events.find((e) => e.eventType === 'user.authentication.verify');
    expect(verify?.outcome?.result).toBe('SUCCESS');
    expect(verify?.target?.map((t) => t.type)).toEqual(['User', 'AuthenticatorEnrollment']);
    expect(verify?.target?.[1]?.displayName).toBe('Password');

    const session = events.find((e) => e.eventType === 'user.session.start');
    expect(session).toMatchObject({
      severity: 'INFO',
      displayMessage: 'User login to Okta',
      legacyEventType: 'core.user_auth.login_success',
      outcome: { result: 'SUCCESS' },
      actor: { id: user.id, type: 'User', alternateId: user.profile.login },
      transaction: { type: 'WEB' },
    });
    expect(session?.published).toBeInstanceOf(Date);
    expect(session?.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(session?.authenticationContext?.externalSessionId).toMatch(/^102/);
    expect(session?.client?.userAgent).toBeDefined();

    const grant = events.find((e) => e.eventType === 'app.oauth2.as.token.grant.access_token');
    expect(grant?.actor).toMatchObject({ id: portalApp(org.config).clientId, type: 'PublicClientApp' });
    expect(grant?.target?.[0]?.type).toBe('access_token');
    expect(grant?.target?.[0]?.id).toMatch(/^AT\./);
    // The log names tokens by id: no token, code or password in it.
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
    expect(JSON.stringify(events)).not.toContain(code);
  });

  it('a wrong password is user.session.start FAILURE with the reason, and a WARN', async () => {
    const user = await makeUser(org);
    const start = await begin(org);
    const challenge = await remediate(org, start.doc, 'identify', { identifier: user.profile.login });
    const wrong = await remediate(org, challenge.doc, 'challenge-authenticator', { credentials: { passcode: 'Wrong-Horse-1' } });
    expect(wrong.status).toBe(401);

    const [failure, ...more] = await logs({
      filter: `eventType eq "user.session.start" and outcome.result eq "FAILURE" and actor.id eq "${user.id}"`,
    });
    expect(more).toHaveLength(0);
    expect(failure).toMatchObject({ outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' }, severity: 'WARN' });
    expect(failure?.target?.[0]?.id).toBe(user.id);
  });

  it('an unknown username fails the same way, under the typed identifier', async () => {
    const login = newLogin();
    const start = await begin(org);
    const challenge = await remediate(org, start.doc, 'identify', { identifier: login });
    await remediate(org, challenge.doc, 'challenge-authenticator', { credentials: { passcode: 'Wrong-Horse-1' } });
    const [failure] = await logs({ filter: `eventType eq "user.session.start" and actor.alternateId eq "${login}"` });
    expect(failure).toMatchObject({ actor: { id: 'unknown' }, outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' } });
  });
});

describe('lockout, tokens and sign-out in the System Log', () => {
  it('the wrong password that locks the account is followed by user.account.lock; an admin unlock is logged', async () => {
    const user = await makeUser(org);
    for (let i = 0; i < org.config.passwordPolicy.lockoutAttempts; i++) {
      const start = await begin(org);
      const challenge = await remediate(org, start.doc, 'identify', { identifier: user.profile.login });
      await remediate(org, challenge.doc, 'challenge-authenticator', { credentials: { passcode: `Wrong-Horse-${i}` } });
    }
    const locks = await logs({ filter: `eventType eq "user.account.lock" and target.id eq "${user.id}"` });
    expect(locks).toHaveLength(1);
    expect(locks[0]?.severity).toBe('WARN');
    await client.userApi.unlockUser({ userId: user.id });
    expect(await logs({ filter: `eventType eq "user.account.unlock_by_admin" and target.id eq "${user.id}"` })).toHaveLength(1);
  });

  it('a refresh, a refused refresh and a revocation are logged for the app, naming the tokens by id only', async () => {
    const user = await makeUser(org);
    const { code, verifier } = await signIn(org, user.profile.login, PASSWORD, { scope: 'openid offline_access' });
    const first = await exchange(org, code, verifier);
    const refreshToken = first.body.refresh_token as string;
    const refresh = (token: string) =>
      org.app.request(
        '/oauth2/default/v1/token',
        form({
          client_id: portalApp(org.config).clientId,
          grant_type: 'refresh_token',
          refresh_token: token,
          scope: 'openid offline_access',
        }),
      );
    const refreshed = await refresh(refreshToken);
    expect(refreshed.status).toBe(200);
    expect((await refresh('not-a-token')).status).toBe(400);
    const revoked = await org.app.request(
      '/oauth2/default/v1/revoke',
      form({ client_id: portalApp(org.config).clientId, token: ((await refreshed.json()) as { refresh_token: string }).refresh_token }),
    );
    expect(revoked.status).toBe(200);

    const grants = await logs({ filter: `eventType eq "app.oauth2.as.token.grant.refresh_token" and target.id eq "${user.id}"` });
    expect(grants.map((e) => e.debugContext?.debugData?.grantType)).toEqual(['interaction_code', 'refresh_token']);
    expect(grants[0]?.target?.[0]?.id).toMatch(/^RT\./);
    const [refused] = await logs({ filter: 'eventType eq "app.oauth2.as.token.grant" and outcome.result eq "FAILURE"' });
    expect(refused?.outcome?.reason).toBe('invalid_grant');
    const revocations = await logs({ filter: `eventType eq "app.oauth2.as.token.revoke" and target.id eq "${user.id}"` });
    expect(revocations).toHaveLength(1);
    expect(JSON.stringify([...grants, ...revocations])).not.toContain(refreshToken);
  });
});

describe('the user lifecycle in the System Log', () => {
  it('deactivating a user through the SDK is user.lifecycle.deactivate, found by the SDK README’s filter', async () => {
    const login = newLogin();
    const user = await client.userApi.createUser({
      body: { profile: { login, email: login, firstName: 'Lee', lastName: 'Log' }, credentials: { password: { value: PASSWORD } } },
    });
    await client.userApi.deactivateUser({ userId: user.id! });

    const events = await logs({ filter: 'eventType eq "user.lifecycle.deactivate"' });
    const mine = events.find((e) => e.target?.some((t) => t.id === user.id));
    expect(mine).toMatchObject({
      eventType: 'user.lifecycle.deactivate',
      displayMessage: 'Deactivate Okta user',
      outcome: { result: 'SUCCESS' },
      actor: { type: 'SystemPrincipal' },
    });
    expect(mine?.target?.[0]).toMatchObject({ id: user.id, type: 'User', alternateId: login, displayName: 'Lee Log' });
    const created = await logs({ filter: `eventType eq "user.lifecycle.create" and target.id eq "${user.id}"` });
    expect(created).toHaveLength(1);
  });
});

describe('listing', () => {
  it('pages with Link rel="next" and the SDK iterates every page, in order, each event once', async () => {
    const tag = randomBytes(3).toString('hex');
    for (let i = 0; i < 5; i++) {
      const login = `page${i}.${tag}@example.test`;
      await client.userApi.createUser({ body: { profile: { login, email: login, firstName: 'Page', lastName: tag } }, activate: false });
    }
    const filter = 'eventType eq "user.lifecycle.create"';
    const res = await fetch(`${org.origin}/api/v1/logs?q=${tag}&limit=2&filter=${encodeURIComponent(filter)}`, {
      headers: { Authorization: `SSWS ${org.apiToken}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBe(2);
    const link = res.headers.get('link') ?? '';
    expect(link).toMatch(/rel="self"/);
    expect(link).toMatch(/<[^>]*after=[^>]*>; rel="next"/);

    const all = await logs({ q: tag, limit: 2, filter });
    expect(all).toHaveLength(5);
    expect(new Set(all.map((e) => e.uuid)).size).toBe(5);
    const times = all.map((e) => e.published!.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const newestFirst = await logs({ q: tag, limit: 2, filter, sortOrder: 'DESCENDING' });
    expect(newestFirst.map((e) => e.uuid)).toEqual(all.map((e) => e.uuid).reverse());
  });

  it('since and until bound the events by published time', async () => {
    const future = new Date(Date.now() + 3600_000);
    expect(await logs({ since: future.toISOString() })).toHaveLength(0);
    expect((await logs({ until: new Date(Date.now() + 1000).toISOString(), limit: 1000 })).length).toBeGreaterThan(0);
  });

  it('a filter devorg does not run is Okta’s 400 E0000031, never "everything"', async () => {
    for (const filter of [
      'eventType gt "a"',
      'not eventType eq "a"',
      'published eq "x"',
      'eventType eq user.session.start',
      '(eventType eq "a"',
    ]) {
      const err = await apiError(() => logs({ filter }));
      expect(err.status).toBe(400);
      expect(err.errorCode).toBe('E0000031');
      expect(err.errorSummary).toBe('Invalid search criteria.');
      expect(err.errorCauses?.[0]?.errorSummary).toMatch(/^filter: /);
    }
  });

  it('bad since, limit, sortOrder or cursor are 400 E0000001 naming the parameter', async () => {
    const cases: Record<string, string> = { since: 'yesterday', limit: '1001', sortOrder: 'UP', after: 'bm9wZQ' };
    for (const [name, value] of Object.entries(cases)) {
      const res = await fetch(`${org.origin}/api/v1/logs?${name}=${value}`, { headers: { Authorization: `SSWS ${org.apiToken}` } });
      expect(res.status, name).toBe(400);
      const body = (await res.json()) as { errorCode: string; errorCauses: { errorSummary: string }[] };
      expect(body.errorCode).toBe('E0000001');
      expect(body.errorCauses[0]?.errorSummary).toMatch(new RegExp(`^${name}: `));
    }
  });

  it('needs an API token', async () => {
    const res = await fetch(`${org.origin}/api/v1/logs`);
    expect(res.status).toBe(401);
  });
});

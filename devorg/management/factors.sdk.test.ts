/** The factors API as `@okta/okta-sdk-nodejs` sees it, backed by the enrollments IDX uses. */
import { Client } from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeningOrg, type ListeningOrg } from '../testing/listening-org';

let org: ListeningOrg;
let client: Client;

beforeAll(async () => {
  org = await startListeningOrg();
  client = new Client({ orgUrl: org.origin, token: org.apiToken, cacheMiddleware: null });
});
afterAll(() => org.stop());

async function userWithFactors() {
  const login = `factors.${Date.now()}.${Math.random().toString(36).slice(2, 6)}@example.test`;
  const user = await client.userApi.createUser({
    body: { profile: { login, email: login, firstName: 'F', lastName: 'Actor' }, credentials: { password: { value: 'Correct-Horse-9' } } },
    activate: true,
  });
  const now = Date.now();
  const base = { userId: user.id as string, failures: 0, lastUsedStep: null, createdAt: now, lastVerifiedAt: now };
  await org.ctx.store.saveEnrollment({
    ...base,
    id: 'emlFACTOR' + now,
    authenticator: 'okta_email',
    profile: { email: login },
    secret: null,
  });
  await org.ctx.store.saveEnrollment({
    ...base,
    id: 'uftFACTOR' + now,
    authenticator: 'google_otp',
    profile: {},
    secret: { secret: 'JBSWY3DPEHPK3PXP' },
  });
  return user;
}

describe('factors API', () => {
  it('lists the enrolled factors in Okta shapes without secrets', async () => {
    const user = await userWithFactors();
    const factors: Record<string, unknown>[] = [];
    for await (const f of await client.userFactorApi.listFactors({ userId: user.id as string }))
      if (f) factors.push(f as unknown as Record<string, unknown>);
    expect(factors.map((f) => [f.factorType, f.provider, f.status])).toEqual([
      ['email', 'OKTA', 'ACTIVE'],
      ['token:software:totp', 'GOOGLE', 'ACTIVE'],
    ]);
    expect(JSON.stringify(factors)).not.toContain('JBSWY3DPEHPK3PXP');
  });

  it('deletes one factor, and reset_factors removes them all', async () => {
    const user = await userWithFactors();
    const userId = user.id as string;
    const [email] = await org.ctx.store.enrollments(userId);
    await client.userFactorApi.unenrollFactor({ userId, factorId: email?.id as string });
    expect((await org.ctx.store.enrollments(userId)).map((e) => e.authenticator)).toEqual(['google_otp']);
    await client.userApi.resetFactors({ userId });
    expect(await org.ctx.store.enrollments(userId)).toEqual([]);
    await expect(client.userFactorApi.unenrollFactor({ userId, factorId: 'uftnope' })).rejects.toMatchObject({ status: 404 });
  });
});

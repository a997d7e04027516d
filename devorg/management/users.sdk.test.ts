/**
 * The user management API as the real `@okta/okta-sdk-nodejs` 8.1.0 sees it, over real HTTP.
 */
import { randomBytes } from 'node:crypto';
import { Client, OktaApiError, type User } from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeningOrg, type ListeningOrg } from '../testing/listening-org';

const PASSWORD = 'Correct-Horse-9';

let org: ListeningOrg;
let client: Client;

beforeAll(async () => {
  org = await startListeningOrg();
  // The SDK caches GETs by self link; fixtures turn that off so state changed elsewhere is seen.
  client = new Client({ orgUrl: org.origin, token: org.apiToken, cacheMiddleware: null });
});
afterAll(() => org.stop());

function newLogin(tag = 'user'): string {
  return `${tag}.${randomBytes(4).toString('hex')}@example.test`;
}

function createActive(login = newLogin(), extra: Record<string, string | number> = {}): Promise<User> {
  return client.userApi.createUser({
    body: {
      profile: { login, email: login, firstName: 'Test', lastName: 'User', ...extra },
      credentials: { password: { value: PASSWORD } },
    },
    activate: true,
  });
}

/** Runs `call`, which must fail, and returns the SDK's error. */
async function apiError(call: () => Promise<unknown>): Promise<OktaApiError> {
  try {
    await call();
  } catch (err) {
    if (err instanceof OktaApiError) return err;
    throw err;
  }
  throw new Error('expected an OktaApiError');
}

const causes = (err: OktaApiError) => (err.errorCauses ?? []).map((c) => c.errorSummary);

describe('creating users', () => {
  it('activate=true with a password gives an ACTIVE user with Okta’s shape and no password material', async () => {
    const login = newLogin();
    const user = await createActive(login);
    expect(user.id).toMatch(/^00u[0-9A-Za-z]{17}$/);
    expect(user.status).toBe('ACTIVE');
    expect(user.profile).toMatchObject({ login, email: login, firstName: 'Test', lastName: 'User' });
    expect(user.created).toBeInstanceOf(Date);
    expect(user.activated).toBeInstanceOf(Date);
    expect(user.passwordChanged).toBeInstanceOf(Date);
    expect(user.lastLogin).toBeNull();
    expect(user.credentials?.provider).toMatchObject({ type: 'OKTA', name: 'OKTA' });
    expect(user._links?.self?.href).toBe(`${org.origin}/api/v1/users/${user.id}`);
    expect(JSON.stringify(user)).not.toContain(PASSWORD);
    expect(JSON.stringify(user)).not.toContain('scrypt');
  });

  it('activate=false gives a STAGED user, which activation then makes ACTIVE', async () => {
    const login = newLogin();
    const staged = await client.userApi.createUser({
      body: { profile: { login, email: login, firstName: 'Stan', lastName: 'Staged' }, credentials: { password: { value: PASSWORD } } },
      activate: false,
    });
    expect(staged.status).toBe('STAGED');
    expect(staged.activated).toBeNull();
    await client.userApi.activateUser({ userId: staged.id!, sendEmail: false });
    expect((await client.userApi.getUser({ userId: staged.id! })).status).toBe('ACTIVE');
  });

  it('a duplicate login, in any case, is 400 E0000001 with Okta’s cause', async () => {
    const login = newLogin();
    await createActive(login);
    const err = await apiError(() => createActive(login.toUpperCase()));
    expect(err.status).toBe(400);
    expect(err.errorCode).toBe('E0000001');
    expect(err.errorSummary).toBe('Api validation failed: login');
    expect(causes(err)).toEqual(['login: An object with this field already exists in the current organization']);
  });

  it('a password the policy refuses is 400 E0000001 with a "password:" cause', async () => {
    const login = newLogin();
    const err = await apiError(() =>
      client.userApi.createUser({
        body: { profile: { login, email: login, firstName: 'Weak', lastName: 'Pw' }, credentials: { password: { value: 'abc' } } },
        activate: true,
      }),
    );
    expect(err.status).toBe(400);
    expect(err.errorCode).toBe('E0000001');
    expect(causes(err)[0]).toMatch(/^password: Password requirements were not met\. /);
    expect((await client.userApi.listUsers({ search: `profile.login eq "${login}"` }).then(collect)).length).toBe(0);
  });

  it('missing required profile attributes are 400 E0000001 naming each one', async () => {
    const login = newLogin();
    // The SDK's types make the names optional; send what a careless fixture would.
    const err = await apiError(() => client.userApi.createUser({ body: { profile: { login, email: login } }, activate: false }));
    expect(err.status).toBe(400);
    expect(err.errorCode).toBe('E0000001');
    expect(causes(err)).toEqual(['firstName: The field cannot be left blank', 'lastName: The field cannot be left blank']);
  });
});

describe('reading users', () => {
  it('by id, and by login (URL-encoded, any case)', async () => {
    const login = newLogin('Reader');
    const created = await createActive(login);
    expect((await client.userApi.getUser({ userId: created.id! })).profile?.login).toBe(login);
    expect((await client.userApi.getUser({ userId: login })).id).toBe(created.id);
    expect((await client.userApi.getUser({ userId: login.toLowerCase() })).id).toBe(created.id);
  });

  it('an unknown user is 404 E0000007 naming what was asked for', async () => {
    const err = await apiError(() => client.userApi.getUser({ userId: 'nobody@example.test' }));
    expect(err.status).toBe(404);
    expect(err.errorCode).toBe('E0000007');
    expect(err.errorSummary).toBe('Not found: Resource not found: nobody@example.test (User)');
  });
});

async function collect(users: AsyncIterable<User | null>): Promise<User[]> {
  const out: User[] = [];
  for await (const user of users) if (user) out.push(user);
  return out;
}

describe('listing users', () => {
  it('q is a prefix match on login, email and names that leaves out deactivated users', async () => {
    const tag = `qprefix${randomBytes(3).toString('hex')}`;
    const a = await createActive(newLogin(tag));
    const b = await createActive(newLogin(tag));
    await createActive(newLogin('other'));
    const byName = await createActive(newLogin('named'), { firstName: `${tag}Named` });
    await client.userApi.deactivateUser({ userId: b.id! });
    const found = await collect(await client.userApi.listUsers({ q: tag }));
    expect(found.map((u) => u.id).sort()).toEqual([a.id, byName.id].sort());
  });

  it('search and filter find by login, email, id and status, deactivated users included', async () => {
    const login = newLogin('search');
    const user = await createActive(login);
    const ids = async (params: { search?: string; filter?: string }) =>
      (await collect(await client.userApi.listUsers(params))).map((u) => u.id);
    expect(await ids({ search: `profile.login eq "${login.toUpperCase()}"` })).toEqual([user.id]);
    expect(await ids({ filter: `profile.email eq "${login}"` })).toEqual([user.id]);
    expect(await ids({ search: `id eq "${user.id}"` })).toEqual([user.id]);
    await client.userApi.deactivateUser({ userId: user.id! });
    expect(await ids({ search: 'status eq "DEPROVISIONED"' })).toContain(user.id);
    expect(await ids({ filter: 'status eq "ACTIVE"' })).not.toContain(user.id);
  });

  it('an expression Okta refuses is 400 E0000031 "Invalid search criteria.", not a silent match-all', async () => {
    for (const params of [
      { search: 'profile.login ne "a"' },
      { search: 'status eq "NOPE"' },
      { search: 'garbage' },
      { search: 'not (status eq "ACTIVE")' },
      { filter: 'profile.nickName eq "x"' },
      { filter: 'profile.login sw "a"' },
    ]) {
      const err = await apiError(async () => collect(await client.userApi.listUsers(params)));
      expect(err.status, JSON.stringify(params)).toBe(400);
      expect(err.errorCode).toBe('E0000031');
      expect(err.errorSummary).toBe('Invalid search criteria.');
    }
  });

  it('the SDK README’s examples: search on a custom attribute, filter on lastUpdated', async () => {
    const tag = randomBytes(3).toString('hex');
    const rob = await createActive(newLogin('rob'), { nickName: `rob${tag}` });
    await createActive(newLogin('bob'), { nickName: `bob${tag}` });
    const found = await collect(await client.userApi.listUsers({ search: `profile.nickName eq "ROB${tag}"` }));
    expect(found.map((u) => u.id)).toEqual([rob.id]);

    const before = new Date(Date.now() - 1000).toISOString();
    const later = await createActive(newLogin('later'));
    const updated = await collect(await client.userApi.listUsers({ filter: `lastUpdated gt "${before}"` }));
    expect(updated.map((u) => u.id)).toContain(later.id);
    expect(await collect(await client.userApi.listUsers({ filter: 'lastUpdated gt "2017-06-05T23:00:00.000Z"' }))).not.toHaveLength(0);
    const none = await collect(await client.userApi.listUsers({ filter: `lastUpdated lt "2017-06-05T23:00:00.000Z"` }));
    expect(none).toEqual([]);
  });

  it('search: sw, co, pr, ranges on numbers and dates, and/or with parentheses, type.id', async () => {
    const tag = `expr${randomBytes(3).toString('hex')}`;
    const ann = await createActive(newLogin(tag), { firstName: 'Annabel', department: `Sales${tag}`, level: 3 });
    const ben = await createActive(newLogin(tag), { firstName: 'Benedict', department: `Ops${tag}`, level: 7 });
    const cy = await createActive(newLogin(tag), { firstName: 'Cyan' });
    await client.userApi.suspendUser({ userId: cy.id! });
    const ids = async (search: string) => (await collect(await client.userApi.listUsers({ search }))).map((u) => u.id).sort();
    const mine = `profile.login sw "${tag}"`;
    expect(await ids(mine)).toEqual([ann.id, ben.id, cy.id].sort());
    expect(await ids(`${mine} and profile.department pr`)).toEqual([ann.id, ben.id].sort());
    expect(await ids(`${mine} and profile.level gt 5`)).toEqual([ben.id]);
    expect(await ids(`${mine} and profile.level le 3`)).toEqual([ann.id]);
    expect(await ids(`${mine} and profile.firstName co "NED"`)).toEqual([ben.id]);
    expect(await ids(`${mine} and (profile.department eq "sales${tag}" or status eq "SUSPENDED")`)).toEqual([ann.id, cy.id].sort());
    expect(await ids(`${mine} and (status lt "SUSPENDED" or status gt "SUSPENDED")`)).toEqual([ann.id, ben.id].sort());
    expect(await ids(`${mine} and created ge "${ben.created!.toISOString()}"`)).toEqual([ben.id, cy.id].sort());
    expect(await ids(`${mine} and type.id eq "${ann.type!.id!}"`)).toEqual([ann.id, ben.id, cy.id].sort());
    expect(await ids(`${mine} and type.id eq "otyother"`)).toEqual([]);
  });

  it('filter compares values as given: the exact email matches, another case does not', async () => {
    const login = newLogin('Filter');
    const user = await createActive(login);
    const ids = async (filter: string) => (await collect(await client.userApi.listUsers({ filter }))).map((u) => u.id);
    expect(await ids(`profile.email eq "${login}" and status eq "ACTIVE"`)).toEqual([user.id]);
    expect(await ids(`profile.email eq "${login.toUpperCase()}"`)).toEqual([]);
    expect(await ids(`id eq "${user.id}" or id eq "00unobody"`)).toEqual([user.id]);
  });

  it('pages follow the Link rel="next" URL until every user has been seen once', async () => {
    for (let i = 0; i < 5; i++) await createActive(newLogin('page'));
    const expected = (await org.ctx.store.listUsers({ limit: 1000, excludeStatus: 'DEPROVISIONED' })).map((u) => u.id);
    expect(expected.length).toBeGreaterThan(4);
    const seen = (await collect(await client.userApi.listUsers({ limit: 2 }))).map((u) => u.id);
    expect(seen).toEqual(expected);
  });

  it('a list-and-delete cleanup loop reaches every page even though the cursor user is gone', async () => {
    const tag = `cleanup${randomBytes(3).toString('hex')}`;
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await createActive(`${tag}.${i}@example.test`)).id!);
    const visited: string[] = [];
    for await (const user of await client.userApi.listUsers({ search: 'status eq "ACTIVE"', limit: 2 })) {
      if (!user?.profile?.login?.startsWith(tag)) continue;
      visited.push(user.id!);
      await client.userApi.deleteUser({ userId: user.id! });
      await client.userApi.deleteUser({ userId: user.id! });
    }
    expect(visited).toEqual(created);
  });
});

describe('updating users', () => {
  it('POST merges the given attributes into the profile', async () => {
    const user = await createActive(newLogin(), { nickName: 'Nick' });
    const updated = await client.userApi.updateUser({
      userId: user.id!,
      user: { profile: { firstName: 'Renamed', mobilePhone: '+1 555 0100' } },
    });
    expect(updated.profile).toMatchObject({ firstName: 'Renamed', lastName: 'User', nickName: 'Nick', mobilePhone: '+1 555 0100' });
    expect(updated.lastUpdated!.getTime()).toBeGreaterThanOrEqual(user.lastUpdated!.getTime());
  });

  it('PUT replaces the profile: attributes left out are gone, required ones are checked', async () => {
    const login = newLogin();
    const user = await createActive(login, { nickName: 'Nick' });
    const replaced = await client.userApi.replaceUser({
      userId: user.id!,
      user: { profile: { login, email: login, firstName: 'Only', lastName: 'Names' } },
    });
    expect(replaced.profile?.nickName).toBeUndefined();
    expect(replaced.profile?.firstName).toBe('Only');
    const err = await apiError(() => client.userApi.replaceUser({ userId: user.id!, user: { profile: { login, email: login } } }));
    expect(err.errorCode).toBe('E0000001');
  });

  it('changing the login to one another user has is refused; so is a weak new password', async () => {
    const taken = newLogin();
    await createActive(taken);
    const user = await createActive();
    const dup = await apiError(() => client.userApi.updateUser({ userId: user.id!, user: { profile: { login: taken } } }));
    expect(causes(dup)).toEqual(['login: An object with this field already exists in the current organization']);
    const weak = await apiError(() =>
      client.userApi.updateUser({ userId: user.id!, user: { credentials: { password: { value: 'short' } } } }),
    );
    expect(causes(weak)[0]).toMatch(/^password: Password requirements were not met/);
  });
});

describe('lifecycle and deletion', () => {
  it('deactivate makes the user DEPROVISIONED and revokes every token issued to them', async () => {
    const user = await createActive();
    const now = Date.now();
    await org.ctx.store.saveTokens([
      {
        id: `rt-${user.id}`,
        kind: 'refresh',
        userId: user.id!,
        clientId: 'c',
        scopes: ['openid'],
        grant: {},
        familyId: 'f',
        expiresAt: now + 3600_000,
        revokedAt: null,
        createdAt: now,
      },
    ]);
    await client.userApi.deactivateUser({ userId: user.id! });
    expect((await client.userApi.getUser({ userId: user.id! })).status).toBe('DEPROVISIONED');
    expect((await org.ctx.store.token(`rt-${user.id}`))?.revokedAt).not.toBeNull();
  });

  it('suspend, unsuspend and unlock move between the statuses Okta allows, and refuse the rest', async () => {
    const user = await createActive();
    const id = user.id!;
    const status = async () => (await client.userApi.getUser({ userId: id })).status;
    await client.userApi.suspendUser({ userId: id });
    expect(await status()).toBe('SUSPENDED');
    const twice = await apiError(() => client.userApi.suspendUser({ userId: id }));
    expect(twice.status).toBe(400);
    expect(twice.errorCode).toBe('E0000001');
    await client.userApi.unsuspendUser({ userId: id });
    expect(await status()).toBe('ACTIVE');

    for (let i = 0; i < 10; i++) await org.ctx.store.claimPasswordAttempt(id, 0);
    const locked = await org.ctx.store.userById(id);
    await org.ctx.store.updateUser({ ...locked!, status: 'LOCKED_OUT' });
    expect((await org.ctx.store.userById(id))?.failedLogins).toBe(10);
    await client.userApi.unlockUser({ userId: id });
    expect(await status()).toBe('ACTIVE');
    expect((await org.ctx.store.userById(id))?.failedLogins).toBe(0);
    expect((await apiError(() => client.userApi.activateUser({ userId: id, sendEmail: false }))).errorCode).toBe('E0000001');
  });

  it('expire_password answers with the user, now PASSWORD_EXPIRED', async () => {
    const user = await createActive();
    const expired = await client.userApi.expirePassword({ userId: user.id! });
    expect(expired.status).toBe('PASSWORD_EXPIRED');
  });

  it('the first DELETE deactivates, the second deletes; then the user is 404', async () => {
    const user = await createActive();
    await client.userApi.deleteUser({ userId: user.id! });
    expect((await client.userApi.getUser({ userId: user.id! })).status).toBe('DEPROVISIONED');
    await client.userApi.deleteUser({ userId: user.id! });
    const err = await apiError(() => client.userApi.getUser({ userId: user.id! }));
    expect(err.status).toBe(404);
    expect(err.errorCode).toBe('E0000007');
    expect((await apiError(() => client.userApi.deleteUser({ userId: user.id! }))).status).toBe(404);
  });
});

describe('authentication', () => {
  it('a wrong SSWS token is 401 E0000011', async () => {
    const intruder = new Client({ orgUrl: org.origin, token: 'not-the-token', cacheMiddleware: null });
    const err = await apiError(() => intruder.userApi.getUser({ userId: 'anyone@example.test' }));
    expect(err.status).toBe(401);
    expect(err.errorCode).toBe('E0000011');
    expect(err.errorSummary).toBe('Invalid token provided');
  });
});

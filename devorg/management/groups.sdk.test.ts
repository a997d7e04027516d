/**
 * Groups as the real `@okta/okta-sdk-nodejs` 8.1.0 sees them, over real HTTP: CRUD, listing with
 * `q`, `search`, `filter` and pagination, members, a user's groups, and the built-in Everyone group.
 */
import { randomBytes } from 'node:crypto';
import { Client, OktaApiError, type Group, type User } from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeningOrg, type ListeningOrg } from '../testing/listening-org';

let org: ListeningOrg;
let client: Client;

beforeAll(async () => {
  org = await startListeningOrg();
  client = new Client({ orgUrl: org.origin, token: org.apiToken, cacheMiddleware: null });
});
afterAll(() => org.stop());

const tag = () => randomBytes(4).toString('hex');

function createGroup(name = `Group ${tag()}`, description?: string): Promise<Group> {
  return client.groupApi.createGroup({ group: { profile: { name, ...(description !== undefined ? { description } : {}) } } });
}

function createUser(): Promise<User> {
  const login = `member.${tag()}@example.test`;
  return client.userApi.createUser({
    body: {
      profile: { login, email: login, firstName: 'Group', lastName: 'Member' },
      credentials: { password: { value: 'Correct-Horse-9' } },
    },
    activate: true,
  });
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

async function collect<T>(items: AsyncIterable<T | null>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) if (item) out.push(item);
  return out;
}

const causes = (err: OktaApiError) => (err.errorCauses ?? []).map((c) => c.errorSummary);

async function everyone(): Promise<Group> {
  const [group] = await collect(await client.groupApi.listGroups({ q: 'Everyone' }));
  if (!group) throw new Error('no Everyone group');
  return group;
}

describe('groups', () => {
  it('create gives an OKTA_GROUP in Okta’s shape; get, replace and delete it', async () => {
    const name = `Engineering ${tag()}`;
    const group = await createGroup(name, 'Builds things');
    expect(group.id).toMatch(/^00g[0-9A-Za-z]{17}$/);
    expect(group.type).toBe('OKTA_GROUP');
    expect(group.objectClass).toEqual(['okta:user_group']);
    expect(group.profile).toEqual({ name, description: 'Builds things' });
    for (const date of [group.created, group.lastUpdated, group.lastMembershipUpdated]) expect(date).toBeInstanceOf(Date);
    expect(group._links?.users?.href).toBe(`${org.origin}/api/v1/groups/${group.id}/users`);
    expect(group._links?.apps?.href).toBe(`${org.origin}/api/v1/groups/${group.id}/apps`);
    expect(group._links?.logo?.map((l) => l.name)).toEqual(['medium', 'large']);

    expect((await client.groupApi.getGroup({ groupId: group.id! })).profile?.name).toBe(name);
    const replaced = await client.groupApi.replaceGroup({ groupId: group.id!, group: { profile: { name: `${name} 2` } } });
    expect(replaced.profile).toEqual({ name: `${name} 2`, description: null });
    expect(replaced.lastUpdated!.getTime()).toBeGreaterThanOrEqual(group.lastUpdated!.getTime());

    await client.groupApi.deleteGroup({ groupId: group.id! });
    const gone = await apiError(() => client.groupApi.getGroup({ groupId: group.id! }));
    expect(gone.status).toBe(404);
    expect(gone.errorCode).toBe('E0000007');
    expect(gone.errorSummary).toBe(`Not found: Resource not found: ${group.id} (UserGroup)`);
  });

  it('a name another group has, in any case, is 400 E0000001; so is a blank one', async () => {
    const name = `Unique ${tag()}`;
    await createGroup(name);
    const dup = await apiError(() => createGroup(name.toUpperCase()));
    expect(dup.status).toBe(400);
    expect(dup.errorCode).toBe('E0000001');
    expect(causes(dup)).toEqual(['name: An object with this field already exists in the current organization']);
    const blank = await apiError(() => createGroup('  '));
    expect(blank.errorCode).toBe('E0000001');
    expect(causes(blank)).toEqual(['profile.name: The field cannot be left blank']);
  });

  it('lists with q (name prefix), search and filter, and pages by the Link header', async () => {
    const t = tag();
    const a = await createGroup(`Sales ${t} East`, 'east coast');
    const b = await createGroup(`Sales ${t} West`);
    await createGroup(`Ops ${t}`);
    const ids = async (params: { q?: string; search?: string; filter?: string; limit?: number }) =>
      (await collect(await client.groupApi.listGroups(params))).map((g) => g.id);
    expect(await ids({ q: `sales ${t}` })).toEqual([a.id, b.id]);
    expect(await ids({ search: `profile.name sw "Sales ${t}"` })).toEqual([a.id, b.id]);
    expect(await ids({ search: `profile.name sw "Sales ${t}" and profile.description co "EAST"` })).toEqual([a.id]);
    expect(await ids({ search: `profile.name eq "sales ${t} west" or profile.description eq "east coast"` })).toEqual([a.id, b.id]);
    expect(await ids({ filter: `id eq "${b.id}"` })).toEqual([b.id]);
    expect(await ids({ filter: `type eq "BUILT_IN"` })).toEqual([(await everyone()).id]);
    expect(await ids({ filter: `lastUpdated ge "${a.lastUpdated!.toISOString()}" and type eq "OKTA_GROUP"` })).toEqual(
      expect.arrayContaining([a.id, b.id]),
    );
    const all = await ids({});
    expect(await ids({ limit: 2 })).toEqual(all);
    expect(all.length).toBeGreaterThan(3);
  });

  it('refuses what Okta refuses with 400 E0000031', async () => {
    for (const params of [
      { search: 'profile.name ne "x"' },
      { filter: 'profile.name eq "x"' },
      { search: 'type eq "NOPE"' },
      { search: '(' },
    ]) {
      const err = await apiError(async () => collect(await client.groupApi.listGroups(params)));
      expect(err.status).toBe(400);
      expect(err.errorCode).toBe('E0000031');
    }
  });
});

describe('members', () => {
  it('add, list and remove members; a user’s groups include Everyone', async () => {
    const group = await createGroup();
    const [u1, u2] = [await createUser(), await createUser()];
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: u1.id! });
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: u2.id! });
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: u2.id! }); // idempotent
    const members = await collect(await client.groupApi.listGroupUsers({ groupId: group.id!, limit: 1 }));
    expect(members.map((u) => u.id)).toEqual([u1.id, u2.id]);
    expect(members[0]?.profile?.login).toBe(u1.profile?.login);

    const after = await client.groupApi.getGroup({ groupId: group.id! });
    expect(after.lastMembershipUpdated!.getTime()).toBeGreaterThanOrEqual(group.lastMembershipUpdated!.getTime());

    const groups = await collect(await client.userApi.listUserGroups({ userId: u1.id! }));
    expect(groups.map((g) => g.profile?.name)).toEqual(['Everyone', group.profile?.name]);

    await client.groupApi.unassignUserFromGroup({ groupId: group.id!, userId: u1.id! });
    expect((await collect(await client.groupApi.listGroupUsers({ groupId: group.id! }))).map((u) => u.id)).toEqual([u2.id]);
    expect((await collect(await client.userApi.listUserGroups({ userId: u1.id! }))).map((g) => g.profile?.name)).toEqual(['Everyone']);
  });

  it('deleting a user removes their memberships; deleting a group removes its members', async () => {
    const group = await createGroup();
    const user = await createUser();
    const other = await createUser();
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: user.id! });
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: other.id! });
    await client.userApi.deleteUser({ userId: user.id! });
    expect((await collect(await client.groupApi.listGroupUsers({ groupId: group.id! }))).map((u) => u.id)).toContain(user.id); // deactivated only
    await client.userApi.deleteUser({ userId: user.id! });
    expect((await collect(await client.groupApi.listGroupUsers({ groupId: group.id! }))).map((u) => u.id)).toEqual([other.id]);
    await client.groupApi.deleteGroup({ groupId: group.id! });
    expect((await collect(await client.userApi.listUserGroups({ userId: other.id! }))).map((g) => g.type)).toEqual(['BUILT_IN']);
  });

  it('unknown groups and users are 404 E0000007 naming what was asked for', async () => {
    const group = await createGroup();
    const noGroup = await apiError(() => client.groupApi.assignUserToGroup({ groupId: '00gnobody', userId: 'x' }));
    expect(noGroup.status).toBe(404);
    expect(noGroup.errorSummary).toBe('Not found: Resource not found: 00gnobody (UserGroup)');
    const noUser = await apiError(() => client.groupApi.assignUserToGroup({ groupId: group.id!, userId: '00unobody' }));
    expect(noUser.status).toBe(404);
    expect(noUser.errorSummary).toBe('Not found: Resource not found: 00unobody (User)');
    expect((await apiError(async () => collect(await client.userApi.listUserGroups({ userId: '00unobody' })))).status).toBe(404);
  });
});

describe('the built-in Everyone group', () => {
  it('exists, is BUILT_IN, and lists every user', async () => {
    const group = await everyone();
    expect(group.type).toBe('BUILT_IN');
    expect(group.profile).toEqual({ name: 'Everyone', description: 'All users in your organization' });
    const user = await createUser();
    expect((await collect(await client.groupApi.listGroupUsers({ groupId: group.id! }))).map((u) => u.id)).toContain(user.id);
  });

  it('cannot be deleted, renamed or have its members changed', async () => {
    const group = await everyone();
    const user = await createUser();
    const add = await apiError(() => client.groupApi.assignUserToGroup({ groupId: group.id!, userId: user.id! }));
    expect([add.status, add.errorCode, add.errorSummary]).toEqual([403, 'E0000060', 'Unsupported operation.']);
    for (const call of [
      () => client.groupApi.unassignUserFromGroup({ groupId: group.id!, userId: user.id! }),
      () => client.groupApi.deleteGroup({ groupId: group.id! }),
      () => client.groupApi.replaceGroup({ groupId: group.id!, group: { profile: { name: 'Nobody' } } }),
    ]) {
      const err = await apiError(call);
      expect([err.status, err.errorCode]).toEqual([403, 'E0000006']);
    }
    expect((await everyone()).profile?.name).toBe('Everyone');
  });
});

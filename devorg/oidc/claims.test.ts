/**
 * The `groups` claim configured as Okta's authorization-server Claim objects: filters, which token
 * gets it, scope conditions, `alwaysIncludeInToken`, Okta's 100-group limit on ID tokens, userinfo,
 * and the config checks.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, portalApp, type OAuth2ClaimConfig } from '../config';
import { EVERYONE_GROUP_ID, type GroupRecord } from '../store';
import { exchange, form, makeUser, REDIRECT_URI, signIn, startHarness, type Harness } from '../testing/harness';
import { groupFilter, MAX_ID_TOKEN_GROUPS } from './claims';

describe('groupFilter', () => {
  it.each([
    ['EQUALS', 'Admins', 'Admins', true],
    ['EQUALS', 'Admins', 'admins', false],
    ['STARTS_WITH', 'App', 'App Users', true],
    ['STARTS_WITH', 'App', 'My App', false],
    ['CONTAINS', 'dmi', 'Admins', true],
    ['REGEX', '.*', 'Everyone', true],
    ['REGEX', 'Admin', 'Admins', false], // the whole name must match, as on Okta
    ['REGEX', 'Admin.*', 'Admins', true],
    ['REGEX', 'a|b', 'xb', false],
  ] as const)('%s %j on %j → %s', (group_filter_type, value, name, expected) => {
    expect(groupFilter({ group_filter_type, value })(name)).toBe(expected);
  });
});

const claim = (over: Partial<OAuth2ClaimConfig>): OAuth2ClaimConfig => ({
  name: 'groups',
  claimType: 'IDENTITY',
  valueType: 'GROUPS',
  group_filter_type: 'REGEX',
  value: '.*',
  ...over,
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    claims: [
      claim({ name: 'groups', claimType: 'IDENTITY' }),
      claim({ name: 'groups', claimType: 'RESOURCE', group_filter_type: 'STARTS_WITH', value: 'App ' }),
      claim({
        name: 'admin_groups',
        claimType: 'IDENTITY',
        group_filter_type: 'EQUALS',
        value: 'Admins',
        conditions: { scopes: ['groups'] },
      }),
      claim({ name: 'quiet', claimType: 'IDENTITY', alwaysIncludeInToken: false }),
      claim({ name: 'off', claimType: 'RESOURCE', status: 'INACTIVE' }),
    ],
    customScopes: [{ name: 'groups', description: 'Your groups' }],
    apps: loadConfig({}).apps.map((app) => ({ ...app, scopes: [...app.scopes, 'groups'] })),
  });
});
afterAll(() => h.close());

async function group(name: string): Promise<GroupRecord> {
  const now = h.clock.now();
  const g: GroupRecord = {
    id: h.ctx.ids.oktaId('00g'),
    type: 'OKTA_GROUP',
    profile: { name, description: null },
    createdAt: now,
    lastUpdatedAt: now,
    lastMembershipUpdatedAt: now,
  };
  await h.ctx.store.createGroup(g);
  return g;
}

async function tokensOf(login: string, scope = 'openid profile') {
  const { code, verifier } = await signIn(h, login, undefined, { scope });
  const { status, body } = await exchange(h, code, verifier);
  expect(status).toBe(200);
  return { id: decodeJwt(String(body.id_token)), access: decodeJwt(String(body.access_token)), accessToken: String(body.access_token) };
}

describe('the groups claim in tokens', () => {
  it('IDENTITY claims go into the ID token, RESOURCE claims into the access token, each filtered', async () => {
    const user = await makeUser(h);
    const [appUsers, admins] = [await group(`App Users ${user.id}`), await group('Admins')];
    await group(`Not mine ${user.id}`);
    await h.ctx.store.addGroupMember(appUsers.id, user.id, h.clock.now());
    await h.ctx.store.addGroupMember(admins.id, user.id, h.clock.now());
    const { id, access } = await tokensOf(user.profile.login);
    expect((id.groups as string[]).sort()).toEqual(['Admins', appUsers.profile.name, 'Everyone'].sort());
    expect(access.groups).toEqual([appUsers.profile.name]);
    expect(id.admin_groups).toBeUndefined(); // its scope was not asked for
    expect(id.quiet).toBeUndefined(); // alwaysIncludeInToken: false
    expect(access.off).toBeUndefined();
    expect(access.sub).toBe(user.profile.login); // registered claims are never replaced
    expect((await tokensOf(user.profile.login, 'openid groups')).id.admin_groups).toEqual(['Admins']);
  });

  it('a user in no group still gets Everyone; userinfo carries every IDENTITY claim', async () => {
    const user = await makeUser(h);
    const { id, accessToken } = await tokensOf(user.profile.login);
    expect(id.groups).toEqual(['Everyone']);
    const res = await h.app.request('/oauth2/default/v1/userinfo', { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(await res.json()).toMatchObject({ sub: user.id, groups: ['Everyone'], quiet: ['Everyone'] });
  });

  it('more than 100 matching groups: the ID token leaves the claim out, as Okta does; the access token keeps its own', async () => {
    const user = await makeUser(h);
    for (let i = 0; i <= MAX_ID_TOKEN_GROUPS; i++) {
      const g = await group(`App Many ${user.id} ${i}`);
      await h.ctx.store.addGroupMember(g.id, user.id, h.clock.now());
    }
    const { id, access } = await tokensOf(user.profile.login);
    expect(id.groups).toBeUndefined();
    expect((access.groups as string[]).length).toBe(MAX_ID_TOKEN_GROUPS + 1);
    expect(await h.ctx.store.groupsOfUser(user.id)).toEqual(expect.arrayContaining([expect.objectContaining({ id: EVERYONE_GROUP_ID })]));
  });
});

describe('the org authorization server', () => {
  it('issues none of the custom server’s claims (on Okta they belong to custom authorization servers)', async () => {
    const user = await makeUser(h);
    const { code, verifier } = await signIn(h, user.profile.login, undefined, { endpoints: '/oauth2', scope: 'openid profile' });
    const res = await h.app.request(
      '/oauth2/v1/token',
      form({
        client_id: portalApp(h.config).clientId,
        redirect_uri: REDIRECT_URI,
        grant_type: 'interaction_code',
        code_verifier: verifier,
        interaction_code: code,
      }),
    );
    const body = (await res.json()) as Record<string, string>;
    expect(res.status).toBe(200);
    expect(decodeJwt(String(body.id_token)).groups).toBeUndefined();
    expect(decodeJwt(String(body.access_token)).groups).toBeUndefined();
  });
});

describe('claims config', () => {
  it('defaults to none, and refuses a bad regex, a reserved name, another value type or a typo', () => {
    expect(loadConfig({}).claims).toEqual([]);
    const bad = (c: unknown) => () => loadConfig({}, { claims: [c as OAuth2ClaimConfig] });
    expect(bad(claim({ value: '(' }))).toThrow(/claims\[0\]\.value: is not a valid regular expression/);
    expect(bad(claim({ name: 'sub' }))).toThrow(/claims\[0\]\.name: is a reserved claim name/);
    expect(bad({ ...claim({}), valueType: 'EXPRESSION' })).toThrow(/claims\[0\]\.valueType/);
    expect(bad({ ...claim({}), groupFilterType: 'REGEX' })).toThrow(/claims\[0\]/);
    expect(() => loadConfig({}, { claims: [claim({}), claim({})] })).toThrow(/claims: a claim name may appear once per token type/);
  });
});

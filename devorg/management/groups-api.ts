/**
 * `/api/v1/groups` and `/api/v1/users/{id}/groups`: Okta groups (create, read, replace, delete, list
 * with `q`, `search`, `filter` and pagination) and their members, as `@okta/okta-sdk-nodejs`'s
 * `groupApi` and `userApi.listUserGroups` call them. The built-in Everyone group lists every user and
 * refuses every change, with Okta's errors. Each endpoint is parse → load → rule → save → reply.
 */
import { logGroupChange, logMembership } from './audit';
import { Hono, type Context } from 'hono';
import type { OrgContext } from '../context';
import { API_ERRORS, ApiError } from '../errors';
import { readJsonObject } from '../http';
import { DuplicateGroupNameError, type GroupProfile, type GroupQuery, type GroupRecord, type UserRecord } from '../store';
import { parseOr } from '../validation';
import { groupJson } from './group-json';
import { groupBody, listGroupsQuery, listMembersQuery } from './group-schemas';
import { encodeCursor, linkHeader, MAX_LIMIT, parseGroupExpression } from './list-query';
import { userJson } from './user-json';

/** Okta's cause for a group name another group already has. */
const DUPLICATE_NAME = 'name: An object with this field already exists in the current organization';

export const GROUP_ERRORS = {
  notFound: (id: string) => API_ERRORS.notFound(id, 'UserGroup'),
  /** Adding a member to a built-in group (Okta: "Unsupported operation."). */
  unsupportedOperation: () => new ApiError(403, 'E0000060', 'Unsupported operation.'),
} as const;

export function groupsApi(ctx: OrgContext): Hono {
  const app = new Hono();
  const origin = ctx.config.publicOrigin;
  const base = `${origin}/api/v1/groups`;
  const reply = (c: Context, group: GroupRecord) => c.json(groupJson(group, origin));

  app.post('/', async (c) => {
    const profile = parseOr(groupBody, await readJsonObject(c), 'api');
    const now = ctx.clock.now();
    const group: GroupRecord = {
      id: ctx.ids.oktaId('00g'),
      type: 'OKTA_GROUP',
      profile,
      createdAt: now,
      lastUpdatedAt: now,
      lastMembershipUpdatedAt: now,
    };
    await withUniqueName(() => ctx.store.createGroup(group));
    logGroupChange(ctx, 'group.lifecycle.create', group);
    return reply(c, group);
  });

  app.get('/', async (c) => {
    const list = parseListRequest(c.req.query());
    const rows = await ctx.store.listGroups({ ...list.query, limit: list.query.limit + 1 });
    const page = rows.slice(0, list.query.limit);
    const last = page[page.length - 1];
    const next = list.paginated && rows.length > page.length && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : undefined;
    c.header('Link', linkHeader(base, list.linkParams, c.req.query('after'), next));
    return c.json(page.map((group) => groupJson(group, origin)));
  });

  app.get('/:id', async (c) => reply(c, await findGroup(ctx, c.req.param('id'))));

  // PUT replaces the profile; only Okta groups have one an admin may change.
  app.put('/:id', async (c) => {
    const group = await findGroup(ctx, c.req.param('id'));
    const profile: GroupProfile = parseOr(groupBody, await readJsonObject(c), 'api');
    if (group.type !== 'OKTA_GROUP') throw API_ERRORS.forbidden();
    const updated: GroupRecord = { ...group, profile, lastUpdatedAt: ctx.clock.now() };
    await withUniqueName(() => ctx.store.updateGroup(updated));
    logGroupChange(ctx, 'group.profile.update', updated);
    return reply(c, updated);
  });

  app.delete('/:id', async (c) => {
    const group = await findGroup(ctx, c.req.param('id'));
    if (group.type !== 'OKTA_GROUP') throw API_ERRORS.forbidden();
    await ctx.store.deleteGroup(group.id);
    logGroupChange(ctx, 'group.lifecycle.delete', group);
    return c.body(null, 204);
  });

  app.get('/:id/users', async (c) => {
    const group = await findGroup(ctx, c.req.param('id'));
    const params = parseOr(listMembersQuery, c.req.query(), 'api');
    const limit = params.limit ?? MAX_LIMIT;
    const rows = await ctx.store.listGroupMembers(group, { limit: limit + 1, ...(params.after ? { afterPosition: params.after } : {}) });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const next = rows.length > page.length && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : undefined;
    c.header('Link', linkHeader(`${base}/${group.id}/users`, [['limit', String(limit)]], c.req.query('after'), next));
    const usersBase = `${origin}/api/v1/users`;
    return c.json(page.map((user) => userJson(user, usersBase)));
  });

  // Membership changes answer 204 whether or not they changed anything, as Okta's do.
  app.put('/:id/users/:userId', async (c) => {
    const { group, user } = await findMembership(ctx, c.req.param('id'), c.req.param('userId'));
    if (group.type !== 'OKTA_GROUP') throw GROUP_ERRORS.unsupportedOperation();
    if (await ctx.store.addGroupMember(group.id, user.id, ctx.clock.now())) logMembership(ctx, 'group.user_membership.add', user, group);
    return c.body(null, 204);
  });

  app.delete('/:id/users/:userId', async (c) => {
    const { group, user } = await findMembership(ctx, c.req.param('id'), c.req.param('userId'));
    if (group.type !== 'OKTA_GROUP') throw API_ERRORS.forbidden();
    if (await ctx.store.removeGroupMember(group.id, user.id, ctx.clock.now())) {
      logMembership(ctx, 'group.user_membership.remove', user, group);
    }
    return c.body(null, 204);
  });

  for (const path of ['/', '/:id', '/:id/users', '/:id/users/:userId']) {
    app.all(path, () => {
      throw API_ERRORS.unsupported();
    });
  }
  return app;
}

/** `GET /users/{id}/groups`, mounted beside the users API. */
export function userGroupsApi(ctx: OrgContext): Hono {
  const app = new Hono();
  app.get('/:id/groups', async (c) => {
    const user = await findUser(ctx, c.req.param('id'));
    const groups = await ctx.store.groupsOfUser(user.id);
    return c.json(groups.map((group) => groupJson(group, ctx.config.publicOrigin)));
  });
  app.all('/:id/groups', () => {
    throw API_ERRORS.unsupported();
  });
  return app;
}

async function withUniqueName(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (err) {
    if (err instanceof DuplicateGroupNameError) throw API_ERRORS.validation([DUPLICATE_NAME]);
    throw err;
  }
}

async function findGroup(ctx: OrgContext, id: string): Promise<GroupRecord> {
  const group = await ctx.store.groupById(id);
  if (!group) throw GROUP_ERRORS.notFound(id);
  return group;
}

/** Users by id or login, as the users API finds them. */
async function findUser(ctx: OrgContext, idOrLogin: string): Promise<UserRecord> {
  const user = (await ctx.store.userById(idOrLogin)) ?? (await ctx.store.userByLogin(idOrLogin));
  if (!user) throw API_ERRORS.notFound(idOrLogin);
  return user;
}

async function findMembership(ctx: OrgContext, groupId: string, userId: string): Promise<{ group: GroupRecord; user: UserRecord }> {
  const group = await findGroup(ctx, groupId);
  const user = await ctx.store.userById(userId);
  if (!user) throw API_ERRORS.notFound(userId);
  return { group, user };
}

interface ListRequest {
  query: GroupQuery;
  /** `q` lookups are not paginated on Okta. */
  paginated: boolean;
  linkParams: [string, string][];
}

/** `search` (or `filter`) or `q` (a name prefix, default 300 results as on Okta, capped at devorg's page size). */
function parseListRequest(raw: Record<string, string>): ListRequest {
  const params = parseOr(listGroupsQuery, raw, 'api');
  const expression = params.search ?? params.filter;
  const q = expression === undefined && params.q ? params.q : undefined;
  const limit = params.limit ?? MAX_LIMIT;
  const query: GroupQuery = { limit };
  if (expression !== undefined) query.where = parseGroupExpression(expression, params.search !== undefined ? 'search' : 'filter');
  if (q !== undefined) query.q = q;
  if (params.after) query.afterPosition = params.after;
  const linkParams: [string, string][] = [];
  for (const name of ['search', 'filter', 'q'] as const) {
    const value = params[name];
    if (value) linkParams.push([name, value]);
  }
  linkParams.push(['limit', String(limit)]);
  return { query, paginated: q === undefined, linkParams };
}

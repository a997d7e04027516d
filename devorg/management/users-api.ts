/**
 * `/api/v1/users`: the user operations `@okta/okta-sdk-nodejs` test fixtures call. Each endpoint is a
 * short list of named steps: parse → load → apply the rule → save → reply. Errors are thrown as
 * `ApiError`/`BadRequest` and rendered by the one error boundary.
 */
import { Hono, type Context } from 'hono';
import type { OrgContext } from '../context';
import { API_ERRORS } from '../errors';
import { readJsonObject } from '../http';
import type { UserQuery, UserRecord } from '../store';
import { createUser, updateUser } from '../users';
import { parseOr } from '../validation';
import { LIFECYCLE_EVENTS, logUserChange } from './audit';
import { applyLifecycle, isLifecycleAction, type TransitionResult } from './lifecycle';
import { encodeCursor, linkHeader, MAX_LIMIT, parseUserExpression } from './list-query';
import { createUserQuery, listUsersQuery, userBody, type UserWrite } from './schemas';
import { userJson } from './user-json';

/** Okta's page size for `q` lookups ("people picker" queries), which it does not paginate. */
const Q_DEFAULT_LIMIT = 10;

export function usersApi(ctx: OrgContext): Hono {
  const app = new Hono();
  const base = `${ctx.config.publicOrigin}/api/v1/users`;
  const reply = (c: Context, user: UserRecord) => c.json(userJson(user, base));

  app.post('/', async (c) => {
    const input = parseUserBody(await readJsonObject(c));
    const options = parseCreateOptions(c.req.query(), input);
    const created = await createUser(ctx, { profile: input.profile ?? {}, password: input.password, activate: options.activate });
    const user = options.expirePassword ? await save(ctx, applyLifecycle(created, 'expire_password', ctx.clock.now())) : created;
    logUserChange(ctx, 'user.lifecycle.create', user);
    if (options.activate) logUserChange(ctx, 'user.lifecycle.activate', user);
    if (options.expirePassword) logUserChange(ctx, 'user.account.expire_password', user);
    return reply(c, user);
  });

  app.get('/', async (c) => {
    const list = parseListRequest(c.req.query());
    const rows = await ctx.store.listUsers({ ...list.query, limit: list.query.limit + 1 }); // one extra says "there is a next page"
    const page = rows.slice(0, list.query.limit);
    const last = page[page.length - 1];
    const next = list.paginated && rows.length > page.length && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : undefined;
    c.header('Link', linkHeader(base, list.linkParams, c.req.query('after'), next));
    return c.json(page.map((user) => userJson(user, base)));
  });

  app.get('/:id', async (c) => {
    const user = await findUser(ctx, c.req.param('id'));
    return reply(c, user);
  });

  // POST is Okta's partial update: listed profile attributes replace the stored ones (null clears one).
  app.post('/:id', async (c) => {
    const user = await findUser(ctx, c.req.param('id'));
    const input = parseUserBody(await readJsonObject(c));
    const profile = input.profile ? { ...user.profile, ...input.profile } : undefined;
    const updated = await updateUser(ctx, user, { profile, password: input.password });
    logUpdate(ctx, updated, input);
    return reply(c, updated);
  });

  // PUT replaces the whole profile: attributes left out are removed, required ones must be present.
  app.put('/:id', async (c) => {
    const user = await findUser(ctx, c.req.param('id'));
    const input = parseUserBody(await readJsonObject(c));
    const updated = await updateUser(ctx, user, { profile: input.profile ?? {}, password: input.password });
    logUpdate(ctx, updated, { ...input, profile: input.profile ?? {} });
    return reply(c, updated);
  });

  // The first DELETE of a user that is not yet deactivated deactivates it; the next one deletes it.
  app.delete('/:id', async (c) => {
    const user = await findUser(ctx, c.req.param('id'));
    if (user.status === 'DEPROVISIONED') {
      await ctx.store.deleteUser(user.id);
      logUserChange(ctx, 'user.lifecycle.delete.initiated', user);
    } else {
      logUserChange(ctx, 'user.lifecycle.deactivate', await save(ctx, applyLifecycle(user, 'deactivate', ctx.clock.now())));
    }
    return c.body(null, 204);
  });

  app.post('/:id/lifecycle/:action', async (c) => {
    const action = c.req.param('action');
    if (!isLifecycleAction(action)) throw API_ERRORS.notFound(c.req.path, 'Resource');
    const user = await save(ctx, applyLifecycle(await findUser(ctx, c.req.param('id')), action, ctx.clock.now()));
    logUserChange(ctx, LIFECYCLE_EVENTS[action], user);
    // expire_password answers with the user; the others with an empty object (activate would carry an
    // activation token, but devorg has no emailed welcome flow to redeem it).
    return action === 'expire_password' ? reply(c, user) : c.json({});
  });

  // Known paths, unsupported methods: Okta's 405 instead of a misleading 404.
  for (const path of ['/', '/:id', '/:id/lifecycle/:action']) {
    app.all(path, () => {
      throw API_ERRORS.unsupported();
    });
  }
  return app;
}

/** A profile and/or password update, as Okta logs them (one event each). */
function logUpdate(ctx: OrgContext, user: UserRecord, input: UserWrite): void {
  if (input.profile) logUserChange(ctx, 'user.account.update_profile', user);
  if (input.password !== undefined) logUserChange(ctx, 'user.account.update_password', user);
}

function parseUserBody(body: Record<string, unknown>): UserWrite {
  return parseOr(userBody, body, 'api');
}

interface CreateOptions {
  activate: boolean;
  expirePassword: boolean;
}

function parseCreateOptions(query: Record<string, string>, input: UserWrite): CreateOptions {
  const { activate, nextLogin } = parseOr(createUserQuery, query, 'api');
  const expirePassword = nextLogin === 'changePassword';
  // Checked before anything is written: an expired password needs an active user who has one.
  if (expirePassword && (!activate || input.password === undefined)) {
    throw API_ERRORS.validation(['nextLogin: changePassword needs activate=true and a password']);
  }
  return { activate, expirePassword };
}

/** `GET /users/{id}` also takes the login (URL-encoded, any case), as Okta does. */
async function findUser(ctx: OrgContext, idOrLogin: string): Promise<UserRecord> {
  const user = (await ctx.store.userById(idOrLogin)) ?? (await ctx.store.userByLogin(idOrLogin));
  if (!user) throw API_ERRORS.notFound(idOrLogin);
  return user;
}

/** Writes a lifecycle result, revoking the user's tokens in the same transaction when it ends access. */
async function save(ctx: OrgContext, result: TransitionResult): Promise<UserRecord> {
  if (result.revokeTokens) await ctx.store.updateUserRevokingTokens(result.user, ctx.clock.now());
  else await ctx.store.updateUser(result.user, { resetFailedLogins: result.resetFailedLogins });
  return result.user;
}

interface ListRequest {
  query: UserQuery;
  /** `q` lookups are not paginated on Okta: no `next` link, whatever the count. */
  paginated: boolean;
  /** The parameters repeated in the `self` and `next` links. */
  linkParams: [string, string][];
}

/**
 * Okta's three list modes: `search` (or `filter`) sees every status; a plain list and `q` leave out
 * DEPROVISIONED users; `q` is a prefix match capped at 10 results by default.
 */
function parseListRequest(raw: Record<string, string>): ListRequest {
  const params = parseOr(listUsersQuery, raw, 'api');
  const expression = params.search ?? params.filter;
  const q = expression === undefined && params.q ? params.q : undefined;
  const limit = params.limit ?? (q !== undefined ? Q_DEFAULT_LIMIT : MAX_LIMIT);
  const query: UserQuery = { limit };
  if (expression !== undefined) query.where = parseUserExpression(expression, params.search !== undefined ? 'search' : 'filter');
  else query.excludeStatus = 'DEPROVISIONED';
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

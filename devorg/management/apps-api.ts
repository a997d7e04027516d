/**
 * `/api/v1/apps`: the org's OIDC apps in Okta's Application JSON (what the Node SDK's `applicationApi`
 * reads), and their user assignments. The apps themselves are configuration (`apps` in the org
 * config): creating, changing or deleting one through the API is refused by name, never half-done.
 * Assignments are data: assigning a user lets them sign in to an app that is assigned to chosen users
 * (`assignment: "assigned"`); an app for everyone reports each user as assigned through the Everyone
 * group (`scope: "GROUP"`), as Okta does.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { isPublicClient } from '../apps';
import { logAppAssignment } from './audit';
import type { OidcAppConfig } from '../config';
import type { OrgContext } from '../context';
import { API_ERRORS, ApiError } from '../errors';
import { readJsonObject } from '../http';
import type { AppAssignment, UserRecord } from '../store';
import { parseOr } from '../validation';
import { optionalParam, parseLimit } from './list-query';

/** Okta's default and largest page of apps and of app users. */
const DEFAULT_LIMIT = 20;
const APP_USERS_DEFAULT_LIMIT = 50;
const MAX_APPS_LIMIT = 200;
const MAX_APP_USERS_LIMIT = 500;

const iso = (ms: number) => new Date(ms).toISOString();

/** When devorg's apps came to be: they exist from the org's start, so `created` is the signing key's date. */
function appJson(ctx: OrgContext, app: OidcAppConfig, since: number): Record<string, unknown> {
  const self = `${ctx.config.publicOrigin}/api/v1/apps/${app.clientId}`;
  return {
    id: app.clientId,
    name: 'oidc_client',
    label: app.label,
    status: 'ACTIVE',
    created: iso(since),
    lastUpdated: iso(since),
    accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
    visibility: { autoLaunch: false, autoSubmitToolbar: false, hide: { iOS: true, web: true }, appLinks: { oidc_client_link: true } },
    features: [],
    signOnMode: 'OPENID_CONNECT',
    credentials: {
      userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' },
      // Okta shows an admin the secret here; devorg keeps only its digest, so it is never sent.
      oauthClient: {
        autoKeyRotation: true,
        client_id: app.clientId,
        token_endpoint_auth_method: app.tokenEndpointAuthMethod,
        pkce_required: isPublicClient(app),
      },
    },
    settings: {
      app: {},
      notifications: { vpn: { network: { connection: 'DISABLED' }, message: null, helpUrl: null } },
      oauthClient: {
        client_uri: null,
        logo_uri: null,
        redirect_uris: app.redirectUris,
        post_logout_redirect_uris: app.postLogoutRedirectUris,
        response_types: app.grantTypes.includes('client_credentials') ? ['token'] : ['code'],
        grant_types: app.grantTypes,
        application_type: app.type,
        consent_method: 'TRUSTED',
        issuer_mode: 'DYNAMIC',
        wildcard_redirect: 'DISABLED',
      },
    },
    _links: {
      self: { href: self },
      users: { href: `${self}/users` },
      groups: { href: `${self}/groups` },
      deactivate: { href: `${self}/lifecycle/deactivate` },
    },
  };
}

function appUserJson(ctx: OrgContext, appId: string, user: UserRecord, assignment: AppAssignment | undefined): Record<string, unknown> {
  const origin = ctx.config.publicOrigin;
  const since = assignment?.createdAt ?? user.createdAt;
  return {
    id: user.id,
    externalId: null,
    created: iso(since),
    lastUpdated: iso(since),
    scope: assignment ? 'USER' : 'GROUP',
    status: 'ACTIVE',
    statusChanged: iso(since),
    passwordChanged: null,
    syncState: 'DISABLED',
    credentials: { userName: user.profile.login },
    profile: {},
    _links: {
      app: { href: `${origin}/api/v1/apps/${appId}` },
      user: { href: `${origin}/api/v1/users/${user.id}` },
    },
  };
}

const assignBody = z.object({ id: z.string().min(1), scope: z.literal('USER').optional() }).loose();

const listQuery = z.object({ q: optionalParam(z.string()), after: optionalParam(z.string()), limit: z.string().optional() });

export function appsApi(ctx: OrgContext): Hono {
  const api = new Hono();
  const base = `${ctx.config.publicOrigin}/api/v1/apps`;
  let since: number | undefined;
  /** The org's start: its first signing key's date. */
  const created = async () => (since ??= Math.min(...(await ctx.store.signingKeys()).map((k) => k.createdAt)));

  const findApp = (id: string): OidcAppConfig => {
    const app = ctx.apps.byId(id);
    if (!app) throw API_ERRORS.notFound(id, 'Application');
    return app;
  };
  const findUser = async (id: string): Promise<UserRecord> => {
    const user = (await ctx.store.userById(id)) ?? (await ctx.store.userByLogin(id));
    if (!user) throw API_ERRORS.notFound(id);
    return user;
  };

  api.get('/', async (c) => {
    const { q, after } = parseOr(listQuery, c.req.query(), 'api');
    const limit = Math.min(parseLimit(c.req.query('limit'), DEFAULT_LIMIT), MAX_APPS_LIMIT);
    const prefix = q?.toLowerCase();
    const matching = ctx.config.apps
      .filter((a) => !prefix || a.label.toLowerCase().startsWith(prefix) || 'oidc_client'.startsWith(prefix))
      .sort((a, b) => (a.clientId < b.clientId ? -1 : 1))
      .filter((a) => !after || a.clientId > after);
    const page = matching.slice(0, limit);
    const last = page[page.length - 1];
    c.header('Link', links(base, { q, limit }, after, matching.length > page.length ? last?.clientId : undefined));
    const at = await created();
    return c.json(page.map((a) => appJson(ctx, a, at)));
  });

  api.get('/:appId', async (c) => c.json(appJson(ctx, findApp(c.req.param('appId')), await created())));

  api.get('/:appId/users', async (c) => {
    const app = findApp(c.req.param('appId'));
    const { after } = parseOr(listQuery, c.req.query(), 'api');
    const limit = Math.min(parseLimit(c.req.query('limit'), APP_USERS_DEFAULT_LIMIT), MAX_APP_USERS_LIMIT);
    const rows = await ctx.store.appAssignments(app.clientId, { ...(after ? { after } : {}), limit: limit + 1 });
    const page = rows.slice(0, limit);
    const users = await Promise.all(page.map(async (a) => ({ a, user: await ctx.store.userById(a.userId) })));
    const last = page[page.length - 1];
    c.header('Link', links(`${base}/${app.clientId}/users`, { limit }, after, rows.length > page.length ? last?.userId : undefined));
    return c.json(users.flatMap(({ a, user }) => (user ? [appUserJson(ctx, app.clientId, user, a)] : [])));
  });

  // Okta assigns with POST (and accepts PUT at the user's path); both answer the app user.
  const assign = async (c: Context, userId: string) => {
    const app = findApp(c.req.param('appId') ?? '');
    const user = await findUser(userId);
    const before = await ctx.store.appAssignment(app.clientId, user.id);
    const assignment = await ctx.store.assignApp(app.clientId, user.id, ctx.clock.now());
    if (!before) logAppAssignment(ctx, 'application.user_membership.add', user, app);
    return c.json(appUserJson(ctx, app.clientId, user, assignment));
  };
  api.post('/:appId/users', async (c) => assign(c, parseOr(assignBody, await readJsonObject(c), 'api').id));
  api.put('/:appId/users/:userId', async (c) => assign(c, c.req.param('userId')));

  api.get('/:appId/users/:userId', async (c) => {
    const app = findApp(c.req.param('appId'));
    const user = await findUser(c.req.param('userId'));
    const assignment = await ctx.store.appAssignment(app.clientId, user.id);
    if (!assignment && app.assignment !== 'everyone') throw API_ERRORS.notFound(c.req.param('userId'), 'AppUser');
    return c.json(appUserJson(ctx, app.clientId, user, assignment));
  });

  api.delete('/:appId/users/:userId', async (c) => {
    const app = findApp(c.req.param('appId'));
    const user = await findUser(c.req.param('userId'));
    if (!(await ctx.store.unassignApp(app.clientId, user.id))) throw API_ERRORS.notFound(c.req.param('userId'), 'AppUser');
    logAppAssignment(ctx, 'application.user_membership.remove', user, app);
    return c.body(null, 204);
  });

  // The apps are configuration: said by name rather than answered as if the change happened.
  const configured = () => {
    throw new ApiError(405, 'E0000022', 'The endpoint does not support the provided HTTP method', [
      "devorg's apps are configured in the org config (apps: [...]); they cannot be created, changed or deleted through the API",
    ]);
  };
  api.post('/', configured);
  api.put('/:appId', configured);
  api.delete('/:appId', configured);
  api.post('/:appId/lifecycle/:action', configured);
  return api;
}

function links(
  base: string,
  params: { q?: string | undefined; limit: number },
  after: string | undefined,
  next: string | undefined,
): string {
  const query = (extra: string | undefined) =>
    [
      params.q !== undefined ? `q=${encodeURIComponent(params.q)}` : '',
      `limit=${params.limit}`,
      extra ? `after=${encodeURIComponent(extra)}` : '',
    ]
      .filter(Boolean)
      .join('&');
  const out = [`<${base}?${query(after)}>; rel="self"`];
  if (next) out.push(`<${base}?${query(next)}>; rel="next"`);
  return out.join(', ');
}

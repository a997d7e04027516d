/**
 * `/dev`: devorg's developer tools, not part of Okta's API.
 *
 * - `GET /dev/console` (+ `/dev/console.js`): the dev console page (outbox, users, reset).
 * - `GET /dev/api/outbox?to=<address>&limit=<n>`: messages devorg "sent", newest first:
 *   `[{ id, to, kind: 'email'|'sms'|'voice', code, link, purpose, created }]` (`link`: an email's magic link, else null). `DELETE /dev/api/outbox[?to=]` clears.
 * - `GET /dev/api/users`: users with their status and enrolled authenticators.
 * - `POST /dev/api/users/{id}/deactivate|unlock`, `DELETE /dev/api/users/{id}` (immediate delete).
 * - `POST /dev/api/reset`: wipes users, enrollments, transactions, tokens, the outbox, the System Log
 *   and the event hook deliveries, and the injected faults, then re-creates the configured demo user and personas.
 * - `GET /dev/api/logs`, `GET /dev/api/event-hook-deliveries`: see `log-routes.ts`.
 * - `POST|GET|DELETE /dev/api/faults`: fault injection, see `fault-routes.ts`.
 * - `POST /dev/api/sessions`: a test sign-in's token set (test mode only), see `test-sessions.ts`.
 * - `GET|PUT /dev/api/snapshot`: the org's data out and back in, see `snapshot.ts`.
 * Access: an SSWS API token, or the local console (see `access.ts`).
 */
import { Hono } from 'hono';
import { PASSWORD } from '../authenticators';
import type { OrgContext } from '../context';
import { API_ERRORS } from '../errors';
import { factorRecords } from '../management/factors';
import { applyLifecycle } from '../management/lifecycle';
import type { UserRecord } from '../store';
import { seedDemoUser } from '../users';
import { seedPersonas } from '../personas';
import { parseOr } from '../validation';
import { devAccess } from './access';
import { devDirectoryRoutes } from './directory-routes';
import { devLogRoutes } from './log-routes';
import { faultRoutes } from './fault-routes';
import { testSessionRoutes } from './test-sessions';
import { snapshotRoutes } from './snapshot';
import { LIFECYCLE_EVENTS, logUserChange } from '../management/audit';
import { consoleBundle } from './bundle';
import { CONSOLE_CSP, consolePage } from './page';
import { clearOutboxQuery, outboxQuery } from './schemas';

const MAX_USERS = 500;

export function devRoutes(ctx: OrgContext): Hono {
  const app = new Hono();

  app.get('/console', (c) => {
    c.header('Content-Security-Policy', CONSOLE_CSP);
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(consolePage());
  });
  app.get('/console.js', async (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(await consoleBundle());
  });

  const api = new Hono();
  api.use('*', async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
  });
  api.use('*', devAccess(ctx.config.apiTokens));

  api.get('/outbox', async (c) => {
    const { to, limit } = parseOr(outboxQuery, c.req.query(), 'api');
    const messages = await ctx.store.outbox({ ...(to ? { to } : {}), limit });
    return c.json(messages.map(({ createdAt, ...m }) => ({ ...m, created: new Date(createdAt).toISOString() })));
  });

  api.delete('/outbox', async (c) => {
    const { to } = parseOr(clearOutboxQuery, c.req.query(), 'api');
    await ctx.store.clearOutbox(to || undefined);
    return c.body(null, 204);
  });

  api.get('/users', async (c) => {
    const users = await ctx.store.listUsers({ limit: MAX_USERS });
    return c.json(await Promise.all(users.map((u) => userView(ctx, u))));
  });

  api.post('/users/:id/:action{deactivate|unlock}', async (c) => {
    const user = await ctx.store.userById(c.req.param('id'));
    if (!user) throw API_ERRORS.notFound(c.req.param('id'));
    const action = c.req.param('action') as 'deactivate' | 'unlock';
    const now = ctx.clock.now();
    const result = applyLifecycle(user, action, now);
    if (result.revokeTokens) await ctx.store.updateUserRevokingTokens(result.user, now);
    else await ctx.store.updateUser(result.user, { resetFailedLogins: result.resetFailedLogins });
    if (action === 'unlock') await ctx.store.resetEnrollmentFailures(user.id);
    logUserChange(ctx, LIFECYCLE_EVENTS[action], result.user);
    return c.json(await userView(ctx, result.user));
  });

  api.delete('/users/:id', async (c) => {
    const user = await ctx.store.userById(c.req.param('id'));
    if (!user) throw API_ERRORS.notFound(c.req.param('id'));
    await ctx.store.deleteUser(user.id);
    return c.body(null, 204);
  });

  api.post('/reset', async (c) => {
    await ctx.store.reset();
    ctx.faults.clear();
    await seedDemoUser(ctx);
    await seedPersonas(ctx);
    return c.body(null, 204);
  });

  api.route('/faults', faultRoutes(ctx));
  api.route('/sessions', testSessionRoutes(ctx));
  api.route('/snapshot', snapshotRoutes(ctx));
  api.route('/', devLogRoutes(ctx));
  api.route('/', devDirectoryRoutes(ctx));
  app.route('/api', api);
  return app;
}

async function userView(ctx: OrgContext, u: UserRecord) {
  const enrollments = await ctx.store.enrollments(u.id);
  const authenticators = [
    ...(u.passwordHash ? [{ key: PASSWORD, id: null, profile: {} }] : []),
    // Each passkey on its own, as the factors API lists them.
    ...factorRecords(enrollments).map((e) => ({
      key: e.authenticator,
      id: e.id,
      profile: e.profile,
      locked: e.failures >= ctx.config.codes.maxFailures,
    })),
  ];
  return {
    id: u.id,
    status: u.status,
    created: new Date(u.createdAt).toISOString(),
    lastLogin: u.lastLoginAt === null ? null : new Date(u.lastLoginAt).toISOString(),
    profile: {
      login: u.profile.login,
      email: u.profile.email,
      firstName: u.profile.firstName ?? null,
      lastName: u.profile.lastName ?? null,
    },
    authenticators,
  };
}

/**
 * `/api/v1`: the subset of Okta's management API that `@okta/okta-sdk-nodejs` uses for test users.
 *
 * Authentication is attached per resource rather than to all of `/api/v1`, because browser-facing
 * endpoints that live under the same prefix on Okta (`/api/v1/sessions/me`, cookie-authenticated) may
 * be mounted next to this group and must not demand an API token. Paths nobody serves fall through to
 * the app's Okta-shaped 404.
 */
import { Hono } from 'hono';
import type { OrgContext } from '../context';
import { requireApiToken } from '../http';
import { apiHeaders } from './middleware';
import { appsApi } from './apps-api';
import { factorsApi } from './factors';
import { policiesApi } from './policies-api';
import { groupsApi, userGroupsApi } from './groups-api';
import { eventHooksApi } from './event-hooks-api';
import { inlineHooksApi } from './inline-hooks-api';
import { logsApi } from './logs-api';
import { usersApi } from './users-api';

export function managementRoutes(ctx: OrgContext): Hono {
  const app = new Hono();
  app.use('*', apiHeaders(ctx.clock));

  const apiToken = requireApiToken(ctx.config.apiTokens);
  app.use('/users/*', apiToken);
  app.use('/apps', apiToken);
  app.use('/apps/*', apiToken);
  app.route('/apps', appsApi(ctx));
  app.use('/policies', apiToken);
  app.use('/policies/*', apiToken);
  app.route('/policies', policiesApi(ctx));
  // Mounted first: `lifecycle/reset_factors` must not fall into the users API's lifecycle route.
  app.route('/users', factorsApi(ctx));
  app.route('/users', usersApi(ctx));
  app.route('/users', userGroupsApi(ctx));
  app.use('/groups', apiToken);
  app.use('/groups/*', apiToken);
  app.route('/groups', groupsApi(ctx));
  app.use('/logs/*', apiToken);
  app.route('/logs', logsApi(ctx));
  app.use('/eventHooks/*', apiToken);
  app.route('/eventHooks', eventHooksApi(ctx));
  app.use('/inlineHooks', apiToken);
  app.use('/inlineHooks/*', apiToken);
  app.route('/inlineHooks', inlineHooksApi(ctx));
  return app;
}

/**
 * devorg's HTTP app: the route groups of a real Okta org, behind one CORS policy, one body limit and
 * one error boundary.
 */
import { Hono, type Context } from 'hono';
import type { OrgContext } from './context';
import { API_ERRORS, ApiError, errorId, familyOf, IdxError, IDX_MESSAGES, OAUTH_ERRORS, renderError } from './errors';
import { clockRoutes } from './dev/clock';
import { limitBody, oktaCors } from './http';
import { requestFacts } from './log/request';
import { devRoutes } from './dev/routes';
import { activationRoutes } from './idx/activation';
import { magicLinkRoutes } from './idx/magic-link';
import { helpRoutes } from './oidc/hosted/help';
import { injectFaults } from './dev/faults';
import { MAX_SNAPSHOT_BYTES } from './dev/snapshot';
import { idxRoutes } from './idx/routes';
import { managementRoutes } from './management/routes';
import { myAccountRoutes } from './myaccount/routes';
import { onServer, orgServer } from './oidc/authorization-server';
import { hostedRoutes } from './oidc/hosted/routes';
import { discoveryRoutes, oidcRoutes } from './oidc/routes';
import { rateLimit, RateLimiter, type RateLimitGroup } from './rate-limit';
import { oktaConcurrencyLimit, oktaRateLimits } from './okta-rate-limits';
import { sessionRoutes } from './sessions';
import { getConnInfo } from '@hono/node-server/conninfo';

/** Okta rejects bodies far smaller than this; the limit just keeps a bad client from exhausting memory. */
export const MAX_BODY_BYTES = 64 * 1024;

export function createApp(ctx: OrgContext): Hono {
  const app = new Hono();
  // The request's id (`X-Okta-Request-Id`), address and user agent, for the System Log events it causes.
  app.use(
    '*',
    requestFacts(() => errorId().slice(3)),
  );
  app.use('*', oktaCors(ctx.config.trustedOrigins));
  // A snapshot being restored is the one body far larger than any Okta request (dev/snapshot.ts).
  const limitOkta = limitBody(MAX_BODY_BYTES);
  const limitSnapshot = limitBody(MAX_SNAPSHOT_BYTES);
  app.use('*', (c, next) => (c.req.path === '/dev/api/snapshot' ? limitSnapshot(c, next) : limitOkta(c, next)));
  // Okta's concurrent transactions, on request: before the faults, so a delayed request holds its place.
  if (ctx.config.oktaRateLimits) app.use('*', oktaConcurrencyLimit(ctx));
  // Faults a test injected (dev/faults.ts): inside CORS, so a browser can read the errors they answer with.
  app.use('*', injectFaults(ctx));

  const limiter = new RateLimiter();
  const limit = (group: RateLimitGroup) => rateLimit(group, ctx.config.rateLimits, ctx.clock, limiter, clientIp);
  app.use('/oauth2/*', limit('oidc'));
  app.use('/idp/idx/*', limit('idx'));
  // An email's magic link answers an IDX challenge: the same limit as the widget's requests.
  app.use('/email/verify/*', limit('idx'));
  app.use('/api/v1/*', limit('management'));
  app.use('/idp/myaccount/*', limit('management'));
  if (ctx.config.oktaRateLimits) {
    const buckets = oktaRateLimits(ctx);
    app.use('/idp/idx/*', buckets);
    app.use('/oauth2/*', buckets);
  }

  const custom = `/oauth2/${ctx.config.authServerId}`;
  app.route(custom, discoveryRoutes(ctx));
  app.route(custom, oidcRoutes(ctx));
  // The org authorization server: endpoints under /oauth2/v1, metadata at the root, issuer = the org.
  const org = onServer(ctx, orgServer(ctx.config));
  app.route('/', discoveryRoutes(org));
  app.route('/oauth2', oidcRoutes(org));
  app.route('/idp/idx', idxRoutes(ctx));
  app.route('/', magicLinkRoutes(ctx));
  app.route('/', activationRoutes(ctx));
  app.route('/help', helpRoutes(ctx));
  app.route('/idp/myaccount', myAccountRoutes(ctx));
  // The Okta-hosted sign-in's end (`/login/token/redirect`) and the hosted pages' files.
  app.route('/login', hostedRoutes(ctx));
  // Cookie-authenticated (the browser's own session): mounted before the API-token-protected group.
  app.route('/api/v1/sessions', sessionRoutes(ctx));
  app.route('/api/v1', managementRoutes(ctx));
  app.route('/dev', devRoutes(ctx));
  if (ctx.config.clockControl) app.route('/dev/api/clock', clockRoutes(ctx));
  app.get('/', (c) => c.text(`devorg: a local Okta Identity Engine org. Issuer: ${ctx.issuer}\n`));

  app.notFound((c) => {
    switch (familyOf(c.req.path)) {
      case 'oauth':
        // Okta answers an unknown authorization server with a management-style 404 (E0000007).
        if (!c.req.path.startsWith(`${custom}/`) && !c.req.path.startsWith('/oauth2/v1/')) {
          const server = c.req.path.split('/')[2] ?? '';
          return renderError(new ApiError(404, 'E0000007', `Not found: Resource not found: ${server} (AuthorizationServer)`), c);
        }
        return renderError(OAUTH_ERRORS.endpointNotFound(), c);
      case 'idx':
        return renderError(new IdxError(404, [IDX_MESSAGES.badRequest('The endpoint does not exist.')]), c);
      default:
        return renderError(API_ERRORS.notFound(c.req.path, 'Resource'), c);
    }
  });
  app.onError((err, c) => renderError(err, c));
  return app;
}

/** The socket's address; in-process requests (tests) have none and share one bucket. */
function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'local';
  } catch {
    return 'local';
  }
}

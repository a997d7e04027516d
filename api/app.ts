/**
 * The protected API: CORS for the portal's origin only, bearer-token verification for everything under
 * `/api`, three routes (`/api/admin` also needs a group in the token's `groups` claim), and one error boundary. Nothing here reads or logs a token except the middleware
 * that hands it to the verifier.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { API_DEFAULTS, type ApiConfig } from './config';
import { ApiError, MalformedAuthorization, MissingGroup, MissingToken, renderError } from './errors';
import { messagesFor } from './messages';
import type { AccessTokenClaims, VerifyAccessToken } from './verifier';

type Env = { Variables: { claims: AccessTokenClaims } };

export interface ApiDeps {
  verify: VerifyAccessToken;
  now?: () => Date;
  /** Request log sink (method, path, status, time — never headers or query strings). */
  log?: (line: string) => void;
}

/** RFC 6750 §2.1: `Bearer` (any case), one space, a b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

export function createApi(
  config: Pick<ApiConfig, 'portalOrigin'> & Partial<Pick<ApiConfig, 'adminGroup'>>,
  { verify, now = () => new Date(), log }: ApiDeps,
): Hono<Env> {
  const app = new Hono<Env>();
  if (log) app.use('*', requestLog(log));
  app.use(
    '*',
    cors({
      // Echo only the portal's origin; any other origin gets no Access-Control-Allow-Origin at all.
      origin: (origin) => (origin === config.portalOrigin ? origin : null),
      allowMethods: ['GET'],
      allowHeaders: ['Authorization'],
      // Lets the portal read the RFC 6750 challenge of a 401/403.
      exposeHeaders: ['WWW-Authenticate'],
      maxAge: 600,
    }),
  );

  app.get('/health', (c) => c.json({ status: 'ok' }));

  app.use('/api/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.set('claims', await verify(bearerToken(c.req.header('Authorization'))));
    await next();
  });
  app.get('/api/messages', (c) => c.json({ messages: messagesFor(c.get('claims'), now()) }));
  app.get('/api/whoami', (c) => c.json({ claims: c.get('claims') }));
  const adminGroup = config.adminGroup ?? API_DEFAULTS.API_ADMIN_GROUP;
  app.get('/api/admin', requireGroup(adminGroup), (c) =>
    c.json({ message: `You are in the group ${adminGroup}, so you may see this.`, groups: groupsOf(c.get('claims')) }),
  );

  app.notFound((c) => renderError(new ApiError(404, 'not_found', 'There is nothing at this path.'), c));
  app.onError((err, c) => renderError(err, c));
  return app;
}

/** The token's `groups` claim: the group names it lists (anything else in it is ignored). */
function groupsOf(claims: AccessTokenClaims): string[] {
  const groups: unknown = claims.groups;
  return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
}

/** After verification: the user must be in `group`, as the authorization server's groups claim says. */
function requireGroup(group: string): MiddlewareHandler<Env> {
  return async (c, next) => {
    if (!groupsOf(c.get('claims')).includes(group)) throw new MissingGroup(group);
    await next();
  };
}

function bearerToken(header: string | undefined): string {
  // RFC 6750 §3.1: a request without bearer credentials gets a bare challenge; a botched one is a 400.
  if (!header || !/^Bearer\b/i.test(header.trim())) throw new MissingToken();
  const token = BEARER.exec(header.trim())?.[1];
  if (!token) throw new MalformedAuthorization();
  return token;
}

function requestLog(log: (line: string) => void): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    log(`api: ${c.req.method} ${c.req.path} ${c.res.status} ${Math.round(performance.now() - started)}ms`);
  };
}

/**
 * The protected API: CORS for the portal's origin only, bearer-token verification for everything under
 * `/api`, two routes, and one error boundary. Nothing here reads or logs a token except the middleware
 * that hands it to the verifier.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { ApiConfig } from './config';
import { ApiError, MalformedAuthorization, MissingToken, renderError } from './errors';
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

export function createApi(config: Pick<ApiConfig, 'portalOrigin'>, { verify, now = () => new Date(), log }: ApiDeps): Hono<Env> {
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

  app.notFound((c) => renderError(new ApiError(404, 'not_found', 'There is nothing at this path.'), c));
  app.onError((err, c) => renderError(err, c));
  return app;
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

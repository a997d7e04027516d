/**
 * The web app, in the style of Okta's Express quickstart and redirect-model guide: express-session, then
 * `oidc.router` (GET /login → the org's /v1/authorize; /authorization-code/callback; POST /logout), then
 * the app's own routes with `oidc.ensureAuthenticated()` on the protected one.
 *
 * Around the middleware, and without changing it: security headers on every response, a same-origin check
 * on POSTs (the middleware's /logout has no CSRF token; the session cookie is SameSite=Lax, and the Origin
 * check also keeps out the other localhost ports, which are same-site), the org's errors at the callback
 * shown as pages (./problems), and an error handler that never sends a stack trace.
 */
import { fileURLToPath } from 'node:url';
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import session from 'express-session';
import type { ExpressOIDC } from '@okta/oidc-middleware';
import type { WebConfig } from './config';
import { authorizeErrorProblem, describeFailure, UNVERIFIED } from './problems';
import { homePage, problemPage, profilePage, type Problem, type Viewer } from './views';

/** Where the middleware keeps a pending sign-in (state, nonce) in the session; set on ExpressOIDC too. */
export const OIDC_SESSION_KEY = 'oidc:pending';
export const CALLBACK_PATH = '/authorization-code/callback';
export const FAILURE_PATH = '/sign-in-failed';

/** The Content-Security-Policy of every response: no script at all, styles from the app, forms to the app and the org. */
export function contentSecurityPolicy(issuer: string): string {
  // POST /logout is answered with a redirect to the org's /v1/logout: form-action covers the redirect too.
  const org = new URL(issuer).origin;
  return [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    `form-action 'self' ${org}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

function securityHeaders(config: WebConfig): RequestHandler {
  const csp = contentSecurityPolicy(config.issuer);
  const https = config.appBaseUrl.startsWith('https:');
  return (_req, res, next) => {
    res.set({
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
      // Pages show the signed-in user: no shared or back-button caching of them.
      'Cache-Control': 'no-store',
      ...(https ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
    });
    next();
  };
}

/** A state-changing request from another origin (another site, or another port of localhost) is refused. */
function sameOriginPosts(appBaseUrl: string): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const origin = req.get('origin');
    if (origin !== undefined && origin !== appBaseUrl) {
      res.status(403).type('text/plain').send('Cross-origin request refused.');
      return;
    }
    next();
  };
}

function viewerOf(req: Request): Viewer {
  const info = req.userContext?.userinfo;
  if (!info) return { signedIn: false };
  const name = [info.name, info.preferred_username, info.email, info.sub].find((v): v is string => typeof v === 'string' && v !== '');
  return { signedIn: true, ...(name ? { name } : {}) };
}

function sendProblem(req: Request, res: express.Response, problem: Problem): void {
  res
    .status(problem.status)
    .type('html')
    .send(problemPage(viewerOf(req), problem));
}

/**
 * The org's error at the callback (`?error=…&state=…`) for a sign-in this session started: shown with the
 * org's words. Anything else goes on to the middleware, which checks it (and fails what doesn't verify).
 */
function authorizeErrors(): RequestHandler {
  return (req, res, next) => {
    const { error, error_description: description, state } = req.query;
    if (typeof error !== 'string') return next();
    const store = req.session as unknown as Record<string, unknown>;
    const pending = store[OIDC_SESSION_KEY] as { state?: unknown } | undefined;
    if (typeof state !== 'string' || pending?.state !== state) return next();
    delete store[OIDC_SESSION_KEY];
    sendProblem(req, res, authorizeErrorProblem(error, typeof description === 'string' ? description : undefined));
  };
}

export interface WebAppOptions {
  log?: (line: string) => void;
}

export function createWebApp(config: WebConfig, oidc: ExpressOIDC, { log = (l) => console.error(l) }: WebAppOptions = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(config));
  app.use(express.static(fileURLToPath(new URL('./public', import.meta.url)), { index: false }));
  app.use(
    session({
      name: 'web.sid',
      secret: config.sessionSecret,
      resave: false,
      saveUninitialized: false,
      cookie: {
        httpOnly: true,
        // Lax: sent on the org's top-level redirect back to the callback, not on another site's POST.
        sameSite: 'lax',
        secure: config.appBaseUrl.startsWith('https:'),
        maxAge: 8 * 3600 * 1000,
      },
    }),
  );
  app.use(sameOriginPosts(config.appBaseUrl));
  app.get(CALLBACK_PATH, authorizeErrors());
  app.use(oidc.router);

  app.get('/', (req, res) => {
    res.type('html').send(homePage(viewerOf(req)));
  });

  app.get('/profile', oidc.ensureAuthenticated(), (req, res) => {
    const context = req.userContext;
    res.type('html').send(profilePage(viewerOf(req), { ...(context?.userinfo ?? {}) }, context?.tokens.scope));
  });

  app.get(FAILURE_PATH, (req, res) => {
    sendProblem(req, res, UNVERIFIED);
  });

  app.use((req, res) => {
    sendProblem(req, res, { status: 404, title: 'Not found', message: 'There is no page here.' });
  });

  const onError: ErrorRequestHandler = (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const problem = describeFailure(err, config.issuer);
    log(`web: ${problem.log}`);
    sendProblem(req, res, problem);
  };
  app.use(onError);
  return app;
}

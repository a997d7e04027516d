/**
 * `/oauth2/{authServerId}/*`: the OpenID Connect endpoints of one Okta custom authorization server.
 * auth-js derives every URL here from the issuer, so the paths are fixed; only `jwks_uri` is read
 * from discovery.
 *
 * `/v1/authorize` answers with a code or the Okta-hosted sign-in page (`hosted/`), whose org-level
 * half (`/login/*`) `hosted/routes.ts` mounts.
 *
 * This file only mounts the endpoints; each lives in its own module (one per endpoint, grants under
 * `grants/`). Shared by several of them: client authentication (`client-auth.ts`), the OAuth error
 * constructors (`OAUTH_ERRORS` in `../errors.ts`), the forms' schemas (`schemas.ts`, with the scope and
 * PKCE parameters), the PKCE proof (`pkce.ts`) and token minting and checking (`tokens.ts`).
 */
import { Hono } from 'hono';
import type { OrgContext } from '../context';
import { authorize } from './authorize';
import { discovery } from './discovery';
import { interact } from './interact';
import { introspect } from './introspect';
import { keys } from './keys';
import { logout } from './logout';
import { revoke } from './revoke';
import { token } from './token';
import { userinfo } from './userinfo';

/** The endpoints of one authorization server (`ctx` seen from it: `onServer`), under its endpoint base. */
export function oidcRoutes(ctx: OrgContext): Hono {
  const app = new Hono();
  app.get('/v1/keys', keys(ctx));
  app.get('/v1/authorize', authorize(ctx));
  app.post('/v1/interact', interact(ctx));
  app.post('/v1/token', token(ctx));
  const claims = userinfo(ctx);
  app.get('/v1/userinfo', claims);
  app.post('/v1/userinfo', claims);
  app.post('/v1/revoke', revoke(ctx));
  app.post('/v1/introspect', introspect(ctx));
  app.get('/v1/logout', logout(ctx));
  return app;
}

/** The server's metadata documents: beside its endpoints for a custom server, at the org's root for the org's. */
export function discoveryRoutes(ctx: OrgContext): Hono {
  const app = new Hono();
  const metadata = discovery(ctx);
  app.get('/.well-known/openid-configuration', metadata);
  app.get('/.well-known/oauth-authorization-server', metadata);
  return app;
}

/**
 * `GET /v1/logout`: RP-initiated logout, a top-level navigation answered with a redirect only to a
 * registered URI. Like Okta, it must name the client signing out: by its ID token (`id_token_hint`,
 * whose `aud` is the app) or, as newer orgs also accept, by `client_id` together with one of the
 * app's registered post-logout URIs. Without either, any page that can make the browser load this
 * URL could end the user's org session, so it is refused and the session left alone. Refusals are
 * HTML pages (the user is looking at them), not OAuth JSON.
 */
import type { Context } from 'hono';
import type { OidcAppConfig } from '../config';
import type { OrgContext } from '../context';
import { endSession } from '../sessions';
import { parseOr } from '../validation';
import { registeredClient } from './client-auth';
import { logoutQuery } from './schemas';
import { verifyIdTokenHint } from './tokens';

interface LogoutRequest {
  hint: string | undefined;
  clientId: string | undefined;
  postLogout: string | undefined;
}

export function logout(ctx: OrgContext): (c: Context) => Promise<Response> {
  return async (c) => {
    // A repeated parameter counts once, by its first value (as `c.req.query(name)` reads it).
    const query = parseOr(logoutQuery, c.req.query(), 'oauth');
    const request: LogoutRequest = { hint: query.id_token_hint, clientId: query.client_id, postLogout: query.post_logout_redirect_uri };
    const { postLogout } = request;
    const named = await clientSigningOut(ctx, request);
    if ('refusal' in named) return messagePage(c, named.refusal);
    if (postLogout && !isPostLogoutRedirectOf(named.client, postLogout)) {
      return messagePage(c, "The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in the client app settings.");
    }
    // The org session ends here: the next sign-in in this browser asks for the password again.
    await endSession(ctx, c);
    if (!postLogout) return messagePage(c, 'You have been signed out.', 200);
    const target = new URL(postLogout);
    if (query.state) target.searchParams.set('state', query.state);
    return c.redirect(target.toString(), 302);
  };
}

/** The app the request names (by `id_token_hint`, or by `client_id` with a post-logout URI), or why it is refused. */
async function clientSigningOut(
  ctx: OrgContext,
  { hint, clientId, postLogout }: LogoutRequest,
): Promise<{ client: OidcAppConfig } | { refusal: string }> {
  if (hint) {
    const claims = await verifyIdTokenHint(ctx, hint);
    if (!claims) return { refusal: 'The id_token_hint is invalid.' };
    // An ID token has the client as its (single) audience; one issued to another client is no hint for this app.
    const audience = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
    const [aud] = audience;
    const client = audience.length === 1 && aud !== undefined ? registeredClient(ctx, aud) : undefined;
    if (!client) return { refusal: "The 'id_token_hint' was not issued to a client of this authorization server." };
    if (clientId !== undefined && clientId !== client.clientId) {
      return { refusal: "The 'client_id' parameter does not match the audience of the 'id_token_hint'." };
    }
    return { client };
  }
  if (!clientId) {
    return { refusal: "The 'id_token_hint' parameter is required (or, instead, 'client_id' with a 'post_logout_redirect_uri')." };
  }
  const client = registeredClient(ctx, clientId);
  if (!client) return { refusal: "The 'client_id' parameter is invalid." };
  // Without the ID token, only a redirect registered for that client ties the request to the app.
  if (!postLogout) {
    return { refusal: "The 'post_logout_redirect_uri' parameter is required when 'client_id' is given without 'id_token_hint'." };
  }
  return { client };
}

/** One of the app's Logout redirect URIs, compared as exact strings. */
function isPostLogoutRedirectOf(client: OidcAppConfig, uri: string): boolean {
  return client.postLogoutRedirectUris.includes(uri);
}

/** A minimal HTML page with one (escaped) message: a refusal (400) or the signed-out notice (200). */
function messagePage(c: Context, message: string, status: 200 | 400 = 400): Response {
  const escaped = message.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>devorg</title></head><body><main><h1>devorg</h1><p>${escaped}</p></main></body></html>`,
    status,
  );
}

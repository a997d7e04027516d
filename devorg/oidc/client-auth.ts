/**
 * Client authentication: the one place where an OIDC endpoint learns which registered app is calling.
 *
 * The org has one app today (`config.app`), a public SPA client (`token_endpoint_auth_method: none`),
 * so a request only has to name it. It may do so by
 * - the form's `client_id` (auth-js on interact and token);
 * - `Authorization: Basic base64(clientId)` with no colon, as auth-js's revoke sends it;
 * - `Authorization: Basic base64(clientId:secret)`: the part after the colon is ignored, since no app
 *   has a secret to check it against.
 * Each endpoint reads these in the order it always has (`SOURCES`).
 *
 * Confidential clients (`client_secret_basic`, `client_secret_post`, `private_key_jwt`) belong here:
 * `registeredClient` looks up one of several apps, and `authenticateClient` checks the credentials the
 * app's registered method calls for.
 */
import type { Context } from 'hono';
import type { OidcAppConfig } from '../config';
import type { OrgContext } from '../context';
import { OAUTH_ERRORS } from '../errors';

/** The endpoints that authenticate their client, by their discovery names. */
export type ClientAuthEndpoint = 'interact' | 'token' | 'revocation' | 'introspection';

type Source = 'form' | 'basic';

/**
 * Where each endpoint looks for the client id, first match wins: the token endpoint prefers the form,
 * revoke and introspect the Basic header (auth-js sends it there), interact reads only the form.
 */
const SOURCES: Record<ClientAuthEndpoint, readonly Source[]> = {
  interact: ['form'],
  token: ['form', 'basic'],
  revocation: ['basic', 'form'],
  introspection: ['basic', 'form'],
};

/**
 * The registered app the request names, or `invalid_client` (401): "Client authentication failed" when
 * no client is named, "The client_id provided is invalid" when the org has no such app.
 */
export function authenticateClient(ctx: OrgContext, c: Context, form: Record<string, string>, endpoint: ClientAuthEndpoint): OidcAppConfig {
  const clientId = presentedClientId(c, form, SOURCES[endpoint]);
  if (!clientId) throw OAUTH_ERRORS.invalidClient();
  const client = registeredClient(ctx, clientId);
  if (!client) throw OAUTH_ERRORS.unknownClient();
  return client;
}

/** The app registered under `clientId`, if any (also used by logout, which names its client unauthenticated). */
export function registeredClient(ctx: OrgContext, clientId: string): OidcAppConfig | undefined {
  return clientId === ctx.config.app.clientId ? ctx.config.app : undefined;
}

/**
 * The first source that names a client. A form `client_id` counts even when empty (and then fails
 * authentication); a Basic header counts only when it decodes to a non-empty id.
 */
function presentedClientId(c: Context, form: Record<string, string>, sources: readonly Source[]): string | undefined {
  for (const source of sources) {
    const clientId = source === 'form' ? form.client_id : basicClientId(c);
    if (clientId !== undefined) return clientId;
  }
  return undefined;
}

/** `Authorization: Basic base64(clientId)` or `base64(clientId:secret)`: the client id. */
function basicClientId(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const match = header && /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  return decoded.split(':')[0] || undefined;
}

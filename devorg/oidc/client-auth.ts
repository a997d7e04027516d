/**
 * Client authentication: the one place where an OIDC endpoint learns which registered app is calling,
 * and checks that it is that app.
 *
 * A request names its client by
 * - `Authorization: Basic base64(clientId[:secret])` (RFC 6749 §2.3.1, each part form-urlencoded;
 *   auth-js's revoke and introspect send the client id alone, with no colon);
 * - the form's `client_id` (and `client_secret`).
 * If both name a client they must name the same one. Then the app's method decides:
 * - a public client (`none`) proves nothing here (PKCE does, at the grant) and must not send a secret;
 * - a confidential client (`client_secret_basic`, `client_secret_post`) must send its secret, in the
 *   header or the form: Okta's Admin Console offers a single "Client secret" method and Okta accepts
 *   either place for it, so devorg does too. Never both at once (Okta's `invalid_request`).
 * `private_key_jwt` (`client_assertion`) is refused by name: devorg has no app keys to check it with.
 * Every failure is 401 `invalid_client` with Okta's description, and says nothing about other apps.
 */
import type { Context } from 'hono';
import { isPublicClient } from '../apps';
import type { OidcAppConfig } from '../config';
import type { OrgContext } from '../context';
import { OAUTH_ERRORS } from '../errors';

interface Presented {
  clientId: string;
  secret: string | undefined;
}

/**
 * The registered app the request authenticates as, or an OAuth error: `invalid_client` (401) when no
 * client is named, the org has no such app, or the credentials don't prove it; `invalid_request` when
 * the secret is sent twice.
 */
export function authenticateClient(ctx: OrgContext, c: Context, form: Record<string, string>): OidcAppConfig {
  const { clientId, secret } = presentedCredentials(c, form);
  const client = ctx.apps.byId(clientId);
  if (!client) throw OAUTH_ERRORS.unknownClient();
  if (isPublicClient(client)) {
    if (secret) throw OAUTH_ERRORS.invalidClient();
  } else if (!secret || !ctx.apps.secretMatches(client, secret)) {
    throw OAUTH_ERRORS.invalidClient();
  }
  return client;
}

/** The app registered under `clientId`, if any, unauthenticated (authorize and logout name their client so). */
export function registeredClient(ctx: OrgContext, clientId: string): OidcAppConfig | undefined {
  return ctx.apps.byId(clientId);
}

function presentedCredentials(c: Context, form: Record<string, string>): Presented {
  if (form.client_assertion !== undefined || form.client_assertion_type !== undefined) {
    throw OAUTH_ERRORS.invalidClient('devorg does not support client_assertion (private_key_jwt); authenticate with a client secret.');
  }
  const basic = basicCredentials(c);
  if (basic?.secret !== undefined && form.client_secret !== undefined) {
    throw OAUTH_ERRORS.invalidRequest(
      'Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.',
    );
  }
  const formId = form.client_id;
  if (basic && formId !== undefined && formId !== basic.clientId) throw OAUTH_ERRORS.invalidClient();
  const clientId = basic?.clientId ?? formId;
  if (!clientId) throw OAUTH_ERRORS.invalidClient();
  return { clientId, secret: basic?.secret ?? form.client_secret };
}

/**
 * `Authorization: Basic …` as credentials; undefined without a Basic header. A Basic header that does
 * not decode to a client id is itself a failed authentication.
 */
function basicCredentials(c: Context): Presented | undefined {
  const header = c.req.header('authorization');
  if (!header || !/^Basic\b/i.test(header)) return undefined;
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header);
  if (!match?.[1]) throw OAUTH_ERRORS.invalidClient();
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const clientId = formDecode(colon < 0 ? decoded : decoded.slice(0, colon));
  if (!clientId) throw OAUTH_ERRORS.invalidClient();
  return { clientId, secret: colon < 0 ? undefined : formDecode(decoded.slice(colon + 1)) };
}

/**
 * RFC 6749 §2.3.1 form-urlencodes the id and secret before base64; many clients (auth-js among them)
 * don't. A part that is not valid percent-encoding is taken as it is.
 */
function formDecode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

/**
 * `POST /v1/token`: read the form → authenticate the client → hand the request to the grant its
 * `grant_type` names. A grant parses its own parameters (`schemas.ts`) and answers a token set (or throws an
 * `OAUTH_ERRORS` error); the endpoint only adds the no-store headers and serialises the result.
 */
import type { Context } from 'hono';
import { allowsGrant } from '../apps';
import type { GrantType, OidcAppConfig } from '../config';
import type { OrgContext } from '../context';
import { OAUTH_ERRORS, OAuthError } from '../errors';
import { logTokenRefused, logTokensGranted } from '../log/oauth-events';
import { readForm } from '../http';
import { parseOr } from '../validation';
import { authenticateClient } from './client-auth';
import { authorizationCodeGrant } from './grants/authorization-code';
import { clientCredentialsGrant } from './grants/client-credentials';
import { interactionCodeGrant } from './grants/interaction-code';
import { refreshTokenGrant } from './grants/refresh-token';
import { tokenForm } from './schemas';
import type { TokenSet } from './tokens';

/** One grant type: given the authenticated client and the request's form (which it parses), the tokens to answer with. */
export type GrantHandler = (ctx: OrgContext, client: OidcAppConfig, form: Record<string, string>) => Promise<TokenSet>;

/**
 * The grants this server redeems, by `grant_type`; any other is `unsupported_grant_type`. A Map, so
 * `grant_type=constructor` and the like find nothing.
 */
const GRANTS: ReadonlyMap<string, GrantHandler> = new Map<GrantType, GrantHandler>([
  ['interaction_code', interactionCodeGrant],
  ['authorization_code', authorizationCodeGrant],
  ['refresh_token', refreshTokenGrant],
  ['client_credentials', clientCredentialsGrant],
]);

export function token(ctx: OrgContext): (c: Context) => Promise<Response> {
  return async (c) => {
    const form = await readForm(c);
    c.header('Cache-Control', 'no-store');
    c.header('Pragma', 'no-cache');
    const client = authenticateClient(ctx, c, form);
    const grantType = parseOr(tokenForm, form, 'oauth').grant_type;
    const grant = GRANTS.get(grantType);
    if (!grant) throw OAUTH_ERRORS.unsupportedGrantType(grantType);
    // Known to GRANTS, so one of the grant types.
    if (!allowsGrant(client, grantType as GrantType)) throw OAUTH_ERRORS.unauthorizedClient(client.grantTypes);
    try {
      const tokens = await grant(ctx, client, form);
      logTokensGranted(ctx, client, grantType, tokens);
      return c.json(tokens);
    } catch (err) {
      if (err instanceof OAuthError) logTokenRefused(ctx, client, grantType, err);
      throw err;
    }
  };
}

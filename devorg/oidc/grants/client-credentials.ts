/**
 * `grant_type=client_credentials` (RFC 6749 §4.4): a service app asks for an access token for itself,
 * with custom scopes of the authorization server (`customScopes` in the config, e.g. `messages:read`).
 * The client is already authenticated with its secret (the endpoint requires the grant on the app, and
 * only service apps may have it). Steps: its `scope` (required: devorg's authorization server has no
 * default scopes; each allowed for the app; OpenID Connect's scopes name a user and are refused) → the
 * token, whose `sub` is the client id.
 */
import type { OidcAppConfig } from '../../config';
import type { OrgContext } from '../../context';
import { OAUTH_ERRORS } from '../../errors';
import { parseOr } from '../../validation';
import { requireServerScopes } from '../authorization-server';
import { clientCredentialsForm, scopesOf } from '../schemas';
import { issueClientToken, type TokenSet } from '../tokens';

/** Scopes about a user, which a token for a client alone cannot carry (Okta refuses them in this flow). */
const USER_SCOPES = new Set(['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'groups']);

export async function clientCredentialsGrant(ctx: OrgContext, client: OidcAppConfig, form: Record<string, string>): Promise<TokenSet> {
  const { scope } = parseOr(clientCredentialsForm, form, 'oauth');
  const userScopes = (scope ?? '').split(' ').filter((s) => USER_SCOPES.has(s));
  if (userScopes.length) {
    throw OAUTH_ERRORS.invalidScope(
      `The client_credentials grant cannot request OpenID Connect scopes: ${[...new Set(userScopes)].join(', ')}`,
    );
  }
  const scopes = parseOr(scopesOf(client), scope, 'oauth');
  // The org server has no custom scopes, so a service app gets nothing there.
  requireServerScopes(ctx, scopes);
  return issueClientToken(ctx, client.clientId, scopes);
}

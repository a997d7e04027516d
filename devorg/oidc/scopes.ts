/** The scope check shared by interact and the refresh-token grant. */
import type { OidcAppConfig } from '../config';
import { OAUTH_ERRORS } from '../errors';

/**
 * The scopes a `scope` parameter asks for: space-separated, deduplicated, at least one, each
 * configured for the app; otherwise `invalid_scope` naming the unsupported ones.
 */
export function requestedScopes(client: OidcAppConfig, scope: string | undefined): string[] {
  const scopes = [...new Set((scope ?? '').split(' ').filter(Boolean))];
  if (!scopes.length) {
    throw OAUTH_ERRORS.invalidScope(
      "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
    );
  }
  const unknown = scopes.filter((s) => !client.scopes.includes(s));
  if (unknown.length) {
    throw OAUTH_ERRORS.invalidScope(
      `One or more scopes are not configured for the authorization server resource. Unsupported scopes: ${unknown.join(', ')}`,
    );
  }
  return scopes;
}

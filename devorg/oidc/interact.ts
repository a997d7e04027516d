/**
 * `POST /v1/interact` (Okta Identity Engine): starts a sign-in transaction and answers its
 * `interaction_handle`, which the Sign-In Widget then uses on `/idp/idx/*`. Steps: the client → a
 * registered redirect URI → the scopes → the PKCE challenge → `state` → the transaction.
 */
import type { Context } from 'hono';
import type { OidcAppConfig } from '../config';
import type { OrgContext } from '../context';
import { OAUTH_ERRORS } from '../errors';
import { readForm } from '../http';
import { startTransaction } from '../idx/transactions';
import { authenticateClient } from './client-auth';
import { requireS256Challenge } from './pkce';
import { requestedScopes } from './scopes';

export function interact(ctx: OrgContext): (c: Context) => Promise<Response> {
  return async (c) => {
    const form = await readForm(c);
    const client = authenticateClient(ctx, c, form, 'interact');
    const redirectUri = requireRegisteredRedirect(client, form.redirect_uri);
    const scopes = requestedScopes(client, form.scope);
    const codeChallenge = requireS256Challenge(form);
    if (!form.state) throw OAUTH_ERRORS.missingParameter('state');
    const tx = await startTransaction(ctx, {
      clientId: client.clientId,
      redirectUri,
      scopes,
      codeChallenge,
      state: form.state,
      ...(form.nonce ? { nonce: form.nonce } : {}),
    });
    return c.json({ interaction_handle: tx.interactionHandle });
  };
}

/** One of the app's Login redirect URIs, compared as exact strings as Okta does: no prefix, wildcard or normalisation. */
function requireRegisteredRedirect(client: OidcAppConfig, uri: string | undefined): string {
  if (!uri || !client.redirectUris.includes(uri)) {
    throw OAUTH_ERRORS.invalidRequest(
      "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: https://developer.okta.com/docs/guides/sign-into-spa-redirect/main/#create-an-okta-app-integration",
    );
  }
  return uri;
}

/**
 * `POST /v1/interact` (Okta Identity Engine): starts a sign-in transaction and answers its
 * `interaction_handle`, which the Sign-In Widget then uses on `/idp/idx/*`. Steps: the client → its
 * form (`interactForm`: a registered redirect URI → the scopes → the PKCE challenge → `state`; `max_age`
 * keeps an older org session from standing in for the sign-in) → the transaction.
 */
import type { Context } from 'hono';
import { allowsGrant } from '../apps';
import type { OrgContext } from '../context';
import { OAUTH_ERRORS } from '../errors';
import { readForm } from '../http';
import { startTransaction } from '../idx/transactions';
import { parseOr } from '../validation';
import { requireServerScopes } from './authorization-server';
import { authenticateClient } from './client-auth';
import { interactForm } from './schemas';

export function interact(ctx: OrgContext): (c: Context) => Promise<Response> {
  return async (c) => {
    const form = await readForm(c);
    const client = authenticateClient(ctx, c, form);
    // The transaction ends in an interaction code: an app must be allowed to redeem one.
    if (!allowsGrant(client, 'interaction_code')) throw OAUTH_ERRORS.unauthorizedClient(client.grantTypes);
    const { redirect_uri, scope, code_challenge, state, nonce, max_age } = parseOr(interactForm(client), form, 'oauth');
    requireServerScopes(ctx, scope);
    const tx = await startTransaction(ctx, {
      clientId: client.clientId,
      redirectUri: redirect_uri,
      scopes: scope,
      codeChallenge: code_challenge,
      state,
      ...(nonce ? { nonce } : {}),
      ...(max_age !== undefined ? { maxAge: max_age } : {}),
    });
    return c.json({ interaction_handle: tx.interactionHandle });
  };
}

/**
 * `grant_type=interaction_code` (Okta Identity Engine): redeems the code the Sign-In Widget got from
 * `successWithInteractionCode`. Steps: its parameters (`interactionCodeForm`) → the code is ours, first used and
 * unexpired (the user it names read with it) → same client → same redirect URI → PKCE → that user is
 * still active → tokens, in a new family named after the code.
 */
import type { OidcAppConfig } from '../../config';
import type { OrgContext } from '../../context';
import { OAUTH_ERRORS } from '../../errors';
import { hashCode, type InteractionGrant } from '../../idx/transactions';
import type { UserRecord } from '../../store';
import { parseOr } from '../../validation';
import { issuedHere } from '../authorization-server';
import { verifierMatches } from '../pkce';
import { interactionCodeForm } from '../schemas';
import { issueTokens, type TokenSet } from '../tokens';

const CODE_INVALID = 'The interaction code is invalid or has expired.';

export async function interactionCodeGrant(ctx: OrgContext, client: OidcAppConfig, form: Record<string, string>): Promise<TokenSet> {
  const { interaction_code, code_verifier, redirect_uri } = parseOr(interactionCodeForm, form, 'oauth');
  const { codeHash, grant, user } = await redeemCode(ctx, interaction_code);
  // A code is redeemed at the server its transaction was started on.
  if (!issuedHere(ctx, grant.server)) throw OAUTH_ERRORS.invalidGrant(CODE_INVALID);
  requireSameClient(grant, client);
  requireSameRedirect(grant, redirect_uri);
  if (!verifierMatches(code_verifier, grant.codeChallenge)) throw OAUTH_ERRORS.invalidGrant('PKCE verification failed.');
  return issueTokens(ctx, grant, requireActiveUser(user), { familyId: codeHash });
}

/**
 * Spends the code, reading the user it names in the same statement. A code already spent revokes what
 * it issued (RFC 6749 §4.1.2), and is refused like an unknown one.
 */
async function redeemCode(
  ctx: OrgContext,
  code: string,
): Promise<{ codeHash: string; grant: InteractionGrant; user: UserRecord | undefined }> {
  const now = ctx.clock.now();
  const codeHash = hashCode(code);
  const used = await ctx.store.consumeInteractionCodeWithUser<InteractionGrant>(codeHash, now);
  if (!used.found) throw OAUTH_ERRORS.invalidGrant(CODE_INVALID);
  if (used.reused) {
    await ctx.store.revokeFamily(codeHash, now);
    throw OAUTH_ERRORS.invalidGrant(CODE_INVALID);
  }
  if (used.expiresAt <= now) throw OAUTH_ERRORS.invalidGrant(CODE_INVALID);
  return { codeHash, grant: used.grant, user: used.user };
}

function requireSameClient(grant: InteractionGrant, client: OidcAppConfig): void {
  if (grant.clientId !== client.clientId) throw OAUTH_ERRORS.invalidGrant('The interaction code was issued to another client.');
}

/** The `redirect_uri` of the token request is the one the transaction was started with (exact string). */
function requireSameRedirect(grant: InteractionGrant, redirectUri: string | undefined): void {
  if (redirectUri !== grant.redirectUri) {
    throw OAUTH_ERRORS.invalidGrant("The 'redirect_uri' does not match the redirection URI used in the authorization request.");
  }
}

function requireActiveUser(user: UserRecord | undefined): UserRecord {
  if (!user || user.status !== 'ACTIVE') throw OAUTH_ERRORS.invalidGrant('The user is not active.');
  return user;
}

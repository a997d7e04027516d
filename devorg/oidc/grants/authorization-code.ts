/**
 * `grant_type=authorization_code` (RFC 6749 §4.1, the redirect model): redeems the code `/v1/authorize`
 * sent to the client's redirect URI, from an org session at once or from the Okta-hosted page. Steps:
 * its parameters (`authorizationCodeForm`) → the code is ours, first used and unexpired → issued by
 * this authorization server → same client → same redirect URI → PKCE (the verifier of the challenge
 * authorize was sent; none may be sent when there was none) → the user is still active → tokens, in a
 * new family named after the code, with the nonce in the ID token.
 *
 * Codes live beside interaction codes (one table, one single-use UPDATE: `consumeInteractionCode`), keyed
 * by `AC.` + the code's SHA-256, so neither kind of code can be redeemed as the other.
 */
import type { OidcAppConfig } from '../../config';
import type { OrgContext } from '../../context';
import { OAUTH_ERRORS } from '../../errors';
import { hashCode } from '../../idx/transactions';
import type { UserRecord } from '../../store';
import { parseOr } from '../../validation';
import { issuedHere } from '../authorization-server';
import { verifierMatches } from '../pkce';
import { authorizationCodeForm } from '../schemas';
import { issueTokens, type Grant, type TokenSet } from '../tokens';

/** Okta's authorization code lifetime: 60 seconds. */
export const AUTHORIZATION_CODE_SECONDS = 60;

const CODE_INVALID = 'The authorization code is invalid or has expired.';

/** What a code carries: the sign-in it stands for, and what its token request must match. */
export interface AuthorizationCodeGrant extends Grant {
  redirectUri: string;
  /** The client's S256 challenge, when it sent one. */
  codeChallenge?: string;
  /** The authorization server it was issued on (required here, unlike older grants' optional `server`). */
  server: string;
}

/** The store key of a code: its digest, in the authorization codes' own namespace. */
function codeKey(code: string): string {
  return 'AC.' + hashCode(code);
}

/**
 * Mints a code for `grant` and records it (single use, 60 s). `origin` names what it came from (the
 * transaction, or the org session it was issued on) for the record.
 */
export async function issueAuthorizationCode(ctx: OrgContext, grant: AuthorizationCodeGrant, origin: string): Promise<string> {
  const code = ctx.ids.secret();
  await ctx.store.saveInteractionCode(codeKey(code), origin, grant, ctx.clock.now() + AUTHORIZATION_CODE_SECONDS * 1000);
  return code;
}

export async function authorizationCodeGrant(ctx: OrgContext, client: OidcAppConfig, form: Record<string, string>): Promise<TokenSet> {
  const { code, redirect_uri, code_verifier } = parseOr(authorizationCodeForm, form, 'oauth');
  const { familyId, grant } = await redeemCode(ctx, code);
  // A code is redeemed at the server it was issued on (the token endpoint already checked the app's grants).
  if (!issuedHere(ctx, grant.server)) throw OAUTH_ERRORS.invalidGrant(CODE_INVALID);
  if (grant.clientId !== client.clientId) throw OAUTH_ERRORS.invalidGrant('The authorization code was issued to another client.');
  if (redirect_uri !== grant.redirectUri) {
    throw OAUTH_ERRORS.invalidGrant("The 'redirect_uri' does not match the redirection URI used in the authorization request.");
  }
  requirePkce(grant, code_verifier);
  const user = await requireActiveUser(ctx, grant.userId);
  const { clientId, server, userId, scopes, nonce, authTime, amr } = grant;
  return issueTokens(ctx, { clientId, server, userId, scopes, ...(nonce ? { nonce } : {}), authTime, amr }, user, { familyId });
}

/** Spends the code. A code already spent revokes everything it issued (RFC 6749 §4.1.2) and is refused like an unknown one. */
async function redeemCode(ctx: OrgContext, code: string): Promise<{ familyId: string; grant: AuthorizationCodeGrant }> {
  const now = ctx.clock.now();
  const familyId = codeKey(code);
  const used = await ctx.store.consumeInteractionCode<AuthorizationCodeGrant>(familyId, now);
  if (!used.found) throw OAUTH_ERRORS.invalidGrant(CODE_INVALID);
  if (used.reused) {
    await ctx.store.revokeFamily(familyId, now);
    throw OAUTH_ERRORS.invalidGrant(CODE_INVALID);
  }
  if (used.expiresAt <= now) throw OAUTH_ERRORS.invalidGrant(CODE_INVALID);
  return { familyId, grant: used.grant };
}

/**
 * RFC 7636 §4.6: a code issued with a challenge needs the verifier that proves it. A verifier for a code
 * issued without one is refused too (OAuth 2.1 §4.1.3): it means the request and the code don't belong together.
 */
function requirePkce(grant: AuthorizationCodeGrant, verifier: string | undefined): void {
  if (grant.codeChallenge === undefined) {
    if (verifier !== undefined) throw OAUTH_ERRORS.invalidGrant('PKCE verification failed.');
    return;
  }
  if (verifier === undefined) throw OAUTH_ERRORS.invalidRequest('PKCE code verifier is required when the code challenge is present.');
  if (!verifierMatches(verifier, grant.codeChallenge)) throw OAUTH_ERRORS.invalidGrant('PKCE verification failed.');
}

async function requireActiveUser(ctx: OrgContext, userId: string): Promise<UserRecord> {
  const user = await ctx.store.userById(userId);
  if (!user || user.status !== 'ACTIVE') throw OAUTH_ERRORS.invalidGrant('The user is not active.');
  return user;
}

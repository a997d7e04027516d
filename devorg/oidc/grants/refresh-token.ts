/**
 * `grant_type=refresh_token`. auth-js sends `client_id, grant_type, scope, refresh_token` and no
 * redirect_uri. Steps: the token is known and live → same client → not reused after its grace
 * period (else the family dies) → scope within the original grant → the user is still active →
 * rotate. Whatever is wrong with the token itself is the same `invalid_grant`, so a caller can't
 * tell a revoked token from a foreign or unknown one.
 */
import type { z } from 'zod';
import type { OidcAppConfig } from '../../config';
import type { OrgContext } from '../../context';
import { OAUTH_ERRORS } from '../../errors';
import type { UserRecord } from '../../store';
import { parseOr } from '../../validation';
import { issuedHere } from '../authorization-server';
import { refreshTokenForm, scopesOf } from '../schemas';
import { issueTokens, lookUpRefreshToken, RotationLostError, type RefreshTokenLookup, type TokenSet } from '../tokens';

type Redeemable = Extract<RefreshTokenLookup, { state: 'active' | 'rotated' }>;
type RefreshRequest = z.output<typeof refreshTokenForm>;

const invalid = () => OAUTH_ERRORS.invalidGrant('The refresh token is invalid or expired.');

export async function refreshTokenGrant(ctx: OrgContext, client: OidcAppConfig, form: Record<string, string>): Promise<TokenSet> {
  const request = parseOr(refreshTokenForm, form, 'oauth');
  try {
    return await redeem(ctx, client, request);
  } catch (err) {
    // A concurrent request rotated (or revoked) the same token first: answer as for any reuse of a
    // rotated token, i.e. by the grace-period rule.
    if (err instanceof RotationLostError) return redeem(ctx, client, request);
    throw err;
  }
}

async function redeem(ctx: OrgContext, client: OidcAppConfig, { refresh_token, scope }: RefreshRequest): Promise<TokenSet> {
  const found = await requireRedeemable(ctx, client, refresh_token);
  const { row } = found;
  // Checked once the token is known to be good, so a bad token is invalid_grant whatever the scope says.
  const scopes = scope === undefined ? row.grant.scopes : parseOr(scopesOf(client), scope, 'oauth');
  requireWithinGrant(scopes, row.grant.scopes);
  const user = await requireActiveUser(ctx, row.userId);
  return issueTokens(ctx, row.grant, user, {
    familyId: row.familyId,
    scopes,
    familyExpiresAt: row.grant.familyExpiresAt,
    // Within the grace period the token was already rotated: the retry gets fresh tokens, and the
    // first rotation's time stays the one the grace period counts from.
    ...(found.state === 'active' ? { rotates: { rowId: row.id } } : {}),
  });
}

/** Known, unrevoked, unexpired, this client's, and either live or rotated out within the grace period. */
async function requireRedeemable(ctx: OrgContext, client: OidcAppConfig, token: string): Promise<Redeemable> {
  const found = await lookUpRefreshToken(ctx, token);
  // Unknown, revoked or expired.
  if (found.state !== 'active' && found.state !== 'rotated') throw invalid();
  if (found.row.clientId !== client.clientId || !issuedHere(ctx, found.row.grant.server)) throw invalid();
  if (found.state === 'rotated' && !found.inGrace) {
    // Okta: a rotated-out token presented after the grace period means it leaked; everything issued
    // since the user authenticated is revoked (logged on Okta as app.oauth2.as.token.detect_reuse).
    await ctx.store.revokeFamily(found.row.familyId, ctx.clock.now());
    throw invalid();
  }
  return found;
}

/** A refresh may narrow the scopes of the original grant, never widen them. */
function requireWithinGrant(scopes: readonly string[], granted: readonly string[]): void {
  const widened = scopes.filter((s) => !granted.includes(s));
  if (widened.length) {
    throw OAUTH_ERRORS.invalidScope(`The requested scope is invalid, unknown, or malformed. Not granted originally: ${widened.join(', ')}`);
  }
}

async function requireActiveUser(ctx: OrgContext, userId: string): Promise<UserRecord> {
  const user = await ctx.store.userById(userId);
  if (!user || user.status !== 'ACTIVE') throw invalid();
  return user;
}

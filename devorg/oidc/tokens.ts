/**
 * Minting and checking the tokens a real Okta custom authorization server issues: RS256 JWT access
 * tokens (`ver, jti, iss, aud, sub, iat, exp, cid, uid, scp, auth_time`) and ID tokens whose claims
 * follow the granted scopes. Every issued token is recorded so revoke/userinfo can check it.
 */
import { createHash } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { OrgContext } from '../context';
import type { UserRecord } from '../store';
import { displayName } from '../users';

/** What a user's sign-in granted: carried by interaction codes and refresh tokens. */
export interface Grant {
  clientId: string;
  userId: string;
  scopes: string[];
  nonce?: string;
  /** Seconds since the epoch. */
  authTime: number;
  amr: string[];
}

export interface TokenSet {
  token_type: 'Bearer';
  expires_in: number;
  access_token: string;
  scope: string;
  id_token?: string;
  refresh_token?: string;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

function atHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken).digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

function sign(ctx: OrgContext, payload: JWTPayload): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: ctx.signingKey.kid, typ: 'JWT' }).sign(ctx.signingKey.privateKey);
}

/** Profile and email claims as Okta releases them for the `profile` and `email` scopes. */
export function scopedClaims(user: UserRecord, scopes: readonly string[]): Record<string, unknown> {
  const p = user.profile;
  const claims: Record<string, unknown> = {};
  if (scopes.includes('profile')) {
    claims.name = displayName(p);
    claims.preferred_username = p.login;
    claims.given_name = p.firstName ?? null;
    claims.family_name = p.lastName ?? null;
    claims.locale = typeof p.locale === 'string' ? p.locale : 'en_US';
    claims.zoneinfo = typeof p.timezone === 'string' ? p.timezone : 'America/Los_Angeles';
    claims.updated_at = seconds(user.lastUpdatedAt);
  }
  if (scopes.includes('email')) {
    claims.email = p.email;
    claims.email_verified = true;
  }
  return claims;
}

export async function issueTokens(ctx: OrgContext, grant: Grant, user: UserRecord, opts: { familyId: string }): Promise<TokenSet> {
  const { config, issuer, store, clock, ids } = ctx;
  const now = clock.now();
  const iat = seconds(now);
  const atId = 'AT.' + ids.secret().slice(0, 43);
  const atExp = iat + config.tokens.accessTokenSeconds;
  const accessToken = await sign(ctx, {
    ver: 1,
    jti: atId,
    iss: issuer,
    aud: config.tokens.audience,
    sub: user.profile.login,
    iat,
    exp: atExp,
    cid: grant.clientId,
    uid: user.id,
    scp: grant.scopes,
    auth_time: grant.authTime,
  });
  const set: TokenSet = { token_type: 'Bearer', expires_in: atExp - iat, access_token: accessToken, scope: grant.scopes.join(' ') };
  if (grant.scopes.includes('openid')) {
    set.id_token = await sign(ctx, {
      sub: user.id,
      ...scopedClaims(user, grant.scopes),
      ver: 1,
      iss: issuer,
      aud: grant.clientId,
      iat,
      exp: iat + config.tokens.idTokenSeconds,
      jti: 'ID.' + ids.secret().slice(0, 43),
      amr: grant.amr,
      idp: config.orgName === 'devorg' ? '00odevorg00000000000' : config.orgName,
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
      auth_time: grant.authTime,
      at_hash: atHash(accessToken),
    });
  }
  const rows = [
    { id: atId, kind: 'access' as const, userId: user.id, clientId: grant.clientId, scopes: grant.scopes, grant, familyId: opts.familyId, expiresAt: atExp * 1000, revokedAt: null, createdAt: now },
  ];
  await store.saveTokens(rows);
  return set;
}

export interface VerifiedAccessToken {
  jti: string;
  sub: string;
  uid: string;
  scp: string[];
  cid: string;
}

/**
 * Verifies one of our access tokens: signature with our key, issuer, audience, expiry, and that it
 * has not been revoked. Returns undefined for anything else.
 */
export async function verifyAccessToken(ctx: OrgContext, token: string): Promise<VerifiedAccessToken | undefined> {
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== 'RS256' || header.kid !== ctx.signingKey.kid) return undefined;
    const { payload } = await jwtVerify(token, ctx.signingKey.publicKey, {
      issuer: ctx.issuer,
      audience: ctx.config.tokens.audience,
      algorithms: ['RS256'],
      currentDate: new Date(ctx.clock.now()),
    });
    const { jti, sub, uid, scp, cid } = payload as JWTPayload & Partial<VerifiedAccessToken>;
    if (!jti || !sub || !uid || !Array.isArray(scp) || !cid) return undefined;
    const row = await ctx.store.token(jti);
    if (!row || row.revokedAt !== null) return undefined;
    return { jti, sub, uid, scp, cid };
  } catch {
    return undefined;
  }
}

/** Verifies an ID token we issued, ignoring expiry (a logout hint may be old). */
export async function verifyIdTokenHint(ctx: OrgContext, token: string): Promise<JWTPayload | undefined> {
  try {
    const { payload } = await jwtVerify(token, ctx.signingKey.publicKey, {
      issuer: ctx.issuer,
      algorithms: ['RS256'],
      currentDate: new Date(ctx.clock.now()),
      clockTolerance: 10 * 365 * 24 * 3600,
    });
    return payload;
  } catch {
    return undefined;
  }
}

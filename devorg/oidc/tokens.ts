/**
 * Minting and checking the tokens a real Okta custom authorization server issues: RS256 JWT access
 * tokens (`ver, jti, iss, aud, sub, iat, exp, cid, uid, scp, auth_time`), ID tokens whose claims
 * follow the granted scopes, and opaque rotating refresh tokens (with `offline_access`). Every issued
 * token is recorded so revoke/userinfo/introspect can check it; refresh tokens only as a digest.
 *
 * Refresh-token family: everything minted from one sign-in shares a `familyId`. Rotation replaces the
 * refresh token on every use; a rotated-out token is honoured for `refreshTokenGraceSeconds` and its
 * reuse after that revokes the family, as Okta does. Rotation is a conditional UPDATE of the token's
 * `rotated_at` (in one transaction with the successors), so concurrent uses rotate it exactly once.
 */
import { createHash } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { signJwt } from '../crypto/keys';
import type { OrgContext } from '../context';
import type { NewTokenRow, TokenRow, UserRecord } from '../store';
import { displayName, localeOf, timeZoneOf } from '../users';
import { tokenClaims } from './claims';

/** What a user's sign-in granted: carried by interaction codes and refresh tokens. */
export interface Grant {
  clientId: string;
  /** The authorization server that issued it (`ctx.server.id`); absent on grants from before servers were recorded. */
  server?: string;
  userId: string;
  scopes: string[];
  nonce?: string;
  /** Seconds since the epoch. */
  authTime: number;
  amr: string[];
  /** Minted by the dev API's test sign-in (`/dev/api/sessions`), not by a sign-in: its tokens say so (`devorg_test`). */
  test?: true;
}

/** The claim that marks tokens of a test sign-in (Okta allows custom claims; a resource server may refuse them). */
export const TEST_CLAIM = 'devorg_test';

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
  return signJwt(ctx.signingKey, payload);
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
    claims.locale = localeOf(p);
    claims.zoneinfo = timeZoneOf(p);
    claims.updated_at = seconds(user.lastUpdatedAt);
  }
  if (scopes.includes('email')) {
    claims.email = p.email;
    claims.email_verified = true;
  }
  return claims;
}

/** What a refresh token row carries: the original grant plus the family's absolute expiry. */
export interface RefreshGrant extends Grant {
  /** Milliseconds since the epoch; null = no absolute limit (only the idle rule). */
  familyExpiresAt: number | null;
}

/** Everything stored in the `tokens` table's `grant_data`. */
type StoredGrant = Grant | RefreshGrant | ClientGrant;

/**
 * Thrown by `issueTokens` when the refresh token it was to rotate had already been rotated (or
 * revoked) by a concurrent request: nothing was recorded, and the caller answers as for any reuse.
 */
export class RotationLostError extends Error {
  override name = 'RotationLostError';
}

/** Refresh tokens are opaque; only their SHA-256 is stored (a leaked database yields no usable token). */
export function refreshTokenRowId(token: string): string {
  return 'RT.' + createHash('sha256').update(token).digest('base64url');
}

export interface IssueOptions {
  /** Every token minted from one sign-in shares it, so reuse detection or revocation can kill them all. */
  familyId: string;
  /** Scopes for the access and ID token; defaults to the grant's (a refresh may narrow them). */
  scopes?: string[];
  /** Absolute expiry of the refresh-token family (ms); set at sign-in, carried through rotations. */
  familyExpiresAt?: number | null;
  /** The row id of the refresh token this issuance rotates out, marked spent atomically with the new one. */
  rotates?: { rowId: string };
}

/**
 * Mints an access token (always), an ID token (when `openid` is in scope) and — when the grant holds
 * `offline_access` — a new refresh token, then records them in one write.
 */
export async function issueTokens(ctx: OrgContext, grant: Grant, user: UserRecord, opts: IssueOptions): Promise<TokenSet> {
  const { config, issuer, store, clock, ids } = ctx;
  const now = clock.now();
  const iat = seconds(now);
  const scopes = opts.scopes ?? grant.scopes;
  const atId = 'AT.' + ids.secret().slice(0, 43);
  const atExp = iat + config.tokens.accessTokenSeconds;
  // Custom claims (e.g. `groups`, `config.claims`) first: the registered claims below always win.
  const custom = await tokenClaims(ctx, user, scopes);
  const marked = grant.test ? { [TEST_CLAIM]: true } : {};
  const accessToken = await sign(ctx, {
    ...custom.accessToken,
    ...marked,
    ver: 1,
    jti: atId,
    iss: issuer,
    aud: ctx.server.audience,
    sub: user.profile.login,
    iat,
    exp: atExp,
    cid: grant.clientId,
    uid: user.id,
    scp: scopes,
    auth_time: grant.authTime,
  });
  const set: TokenSet = { token_type: 'Bearer', expires_in: atExp - iat, access_token: accessToken, scope: scopes.join(' ') };
  if (scopes.includes('openid')) {
    set.id_token = await sign(ctx, {
      ...custom.idToken,
      ...marked,
      sub: user.id,
      ...scopedClaims(user, scopes),
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
  const base = { userId: user.id, clientId: grant.clientId, familyId: opts.familyId, revokedAt: null, createdAt: now };
  const rows: NewTokenRow<StoredGrant>[] = [{ ...base, id: atId, kind: 'access', scopes, grant, expiresAt: atExp * 1000 }];
  // The original grant decides, not the (possibly narrowed) request: RFC 6749 §6 keeps the refresh
  // token's scope, and auth-js drops its stored refresh token if a refresh response lacks one.
  if (grant.scopes.includes('offline_access')) {
    const familyExpiresAt = opts.familyExpiresAt !== undefined ? opts.familyExpiresAt : lifetimeEnd(ctx, now);
    const refreshToken = ids.secret();
    const idleEnd = now + config.tokens.refreshTokenIdleSeconds * 1000;
    // Built field by field: the nonce belonged to the original authentication request (refreshed ID
    // tokens carry none), and an interaction grant's redirect URI and PKCE challenge are spent.
    const { clientId, userId, authTime, amr } = grant;
    const refreshGrant: RefreshGrant = {
      clientId,
      server: ctx.server.id,
      userId,
      scopes: grant.scopes,
      authTime,
      amr,
      familyExpiresAt,
      ...(grant.test ? { test: true as const } : {}),
    };
    rows.push({
      ...base,
      id: refreshTokenRowId(refreshToken),
      kind: 'refresh',
      scopes: grant.scopes,
      grant: refreshGrant,
      expiresAt: familyExpiresAt === null ? idleEnd : Math.min(idleEnd, familyExpiresAt),
    });
    set.refresh_token = refreshToken;
  }
  if (opts.rotates) {
    if (!(await store.rotateRefreshToken(opts.rotates.rowId, now, rows))) throw new RotationLostError();
  } else {
    await store.saveTokens(rows);
  }
  return set;
}

function lifetimeEnd(ctx: OrgContext, now: number): number | null {
  const lifetime = ctx.config.tokens.refreshTokenLifetimeSeconds;
  return lifetime === null ? null : now + lifetime * 1000;
}

export interface VerifiedAccessToken {
  jti: string;
  /** The user's login, or the client id of a client-credentials token. */
  sub: string;
  /** The user's id; none on a client-credentials token, which no user signed in for. */
  uid: string | undefined;
  scp: string[];
  cid: string;
}

/**
 * `client_credentials`: an access token for the service app itself, as Okta mints it: `sub` and `cid`
 * are the client id, no `uid` or `auth_time`, no ID or refresh token. Recorded like every token (its
 * row has no user), so revoke and introspect know it.
 */
export async function issueClientToken(ctx: OrgContext, clientId: string, scopes: string[]): Promise<TokenSet> {
  const { config, issuer, store, clock, ids } = ctx;
  const now = clock.now();
  const iat = seconds(now);
  const jti = 'AT.' + ids.secret().slice(0, 43);
  const exp = iat + config.tokens.accessTokenSeconds;
  const accessToken = await sign(ctx, {
    ver: 1,
    jti,
    iss: issuer,
    aud: ctx.server.audience,
    iat,
    exp,
    cid: clientId,
    scp: scopes,
    sub: clientId,
  });
  const grant: ClientGrant = { clientId, server: ctx.server.id, scopes };
  await store.saveTokens<ClientGrant>([
    {
      id: jti,
      kind: 'access',
      userId: NO_USER,
      clientId,
      familyId: jti,
      scopes,
      grant,
      revokedAt: null,
      createdAt: now,
      expiresAt: exp * 1000,
    },
  ]);
  return { token_type: 'Bearer', expires_in: exp - iat, access_token: accessToken, scope: scopes.join(' ') };
}

/** What a client-credentials token row carries. */
export interface ClientGrant {
  clientId: string;
  server: string;
  scopes: string[];
}

/** The `user_id` of a token no user signed in for (client credentials). */
export const NO_USER = '';

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
      audience: ctx.server.audience,
      algorithms: ['RS256'],
      currentDate: new Date(ctx.clock.now()),
    });
    const { jti, sub, uid, scp, cid } = payload as JWTPayload & Partial<VerifiedAccessToken>;
    if (!jti || !sub || !Array.isArray(scp) || !cid) return undefined;
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

/** A presented refresh token, as the store knows it. */
export type RefreshTokenLookup =
  | { state: 'unknown' }
  | { state: 'revoked' | 'expired'; row: TokenRow<RefreshGrant> }
  | { state: 'active'; row: TokenRow<RefreshGrant> }
  /** Rotated out at `rotatedAt` (ms); still honoured until the grace period ends. */
  | { state: 'rotated'; row: TokenRow<RefreshGrant>; rotatedAt: number; inGrace: boolean };

export async function lookUpRefreshToken(ctx: OrgContext, token: string): Promise<RefreshTokenLookup> {
  const rowId = refreshTokenRowId(token);
  const row = await ctx.store.token<RefreshGrant>(rowId);
  if (!row || row.kind !== 'refresh') return { state: 'unknown' };
  // Revocation is checked first: a revoked family stays dead even within a rotation's grace period.
  if (row.revokedAt !== null) return { state: 'revoked', row };
  const now = ctx.clock.now();
  if (row.expiresAt <= now) return { state: 'expired', row };
  if (row.rotatedAt === null) return { state: 'active', row };
  const inGrace = now < row.rotatedAt + ctx.config.tokens.refreshTokenGraceSeconds * 1000;
  return { state: 'rotated', row, rotatedAt: row.rotatedAt, inGrace };
}

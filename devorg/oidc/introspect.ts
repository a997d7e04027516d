/**
 * `POST /v1/introspect` (RFC 7662): whether a token is active, and what it grants. An access token is
 * tried first; anything else is looked up as a refresh token. Okta documents `token_type` as always
 * "Bearer", whichever kind of token was introspected.
 */
import type { Context } from 'hono';
import type { OrgContext } from '../context';
import { readForm } from '../http';
import type { InteractionGrant } from '../idx/transactions';
import { parseOr } from '../validation';
import { issuedHere } from './authorization-server';
import { authenticateClient } from './client-auth';
import { introspectForm } from './schemas';
import { lookUpRefreshToken, verifyAccessToken, type VerifiedAccessToken } from './tokens';

export function introspect(ctx: OrgContext): (c: Context) => Promise<Response> {
  return async (c) => {
    const form = await readForm(c);
    authenticateClient(ctx, c, form);
    const { token } = parseOr(introspectForm, form, 'oauth');
    const at = await verifyAccessToken(ctx, token);
    return c.json(at ? await introspectAccessToken(ctx, at) : await introspectRefreshToken(ctx, token));
  };
}

/** A verified, unrevoked access token is active; its lifetime comes from the issued-token record. */
async function introspectAccessToken(ctx: OrgContext, at: VerifiedAccessToken): Promise<Record<string, unknown>> {
  const row = await ctx.store.token<InteractionGrant>(at.jti);
  return {
    active: true,
    token_type: 'Bearer',
    scope: at.scp.join(' '),
    client_id: at.cid,
    // A client-credentials token names no user: its `sub` is the client.
    ...(at.uid === undefined ? {} : { username: at.sub, uid: at.uid }),
    sub: at.sub,
    jti: at.jti,
    iss: ctx.issuer,
    aud: ctx.server.audience,
    exp: row ? Math.floor(row.expiresAt / 1000) : undefined,
    iat: row ? Math.floor(row.createdAt / 1000) : undefined,
  };
}

/** Active while it could be redeemed (live, or rotated but within grace) and its user is active. */
async function introspectRefreshToken(ctx: OrgContext, token: string): Promise<Record<string, unknown>> {
  const found = await lookUpRefreshToken(ctx, token);
  if (found.state !== 'active' && !(found.state === 'rotated' && found.inGrace)) return { active: false };
  const { row } = found;
  if (!issuedHere(ctx, row.grant.server)) return { active: false };
  const user = await ctx.store.userById(row.userId);
  if (!user || user.status !== 'ACTIVE') return { active: false };
  return {
    active: true,
    token_type: 'Bearer',
    scope: row.scopes.join(' '),
    client_id: row.clientId,
    username: user.profile.login,
    sub: user.profile.login,
    uid: user.id,
    iss: ctx.issuer,
    aud: ctx.server.audience,
    exp: Math.floor(row.expiresAt / 1000),
    iat: Math.floor(row.createdAt / 1000),
  };
}

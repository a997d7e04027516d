/**
 * `POST /v1/revoke` (RFC 7009). The `token_type_hint` is only a hint (§2.1): the token is looked up
 * as either kind. A client may only revoke its own tokens; anything else, like an unknown, expired or
 * already-revoked token, is answered 200 as Okta does.
 */
import type { Context } from 'hono';
import type { OrgContext } from '../context';
import { readForm } from '../http';
import { logTokenRevoked } from '../log/oauth-events';
import { parseOr } from '../validation';
import { issuedHere } from './authorization-server';
import { authenticateClient } from './client-auth';
import { revokeForm } from './schemas';
import { lookUpRefreshToken, verifyAccessToken } from './tokens';

export function revoke(ctx: OrgContext): (c: Context) => Promise<Response> {
  return async (c) => {
    const form = await readForm(c);
    const client = authenticateClient(ctx, c, form);
    const { clientId } = client;
    const { token } = parseOr(revokeForm, form, 'oauth');
    const now = ctx.clock.now();
    const at = await verifyAccessToken(ctx, token);
    if (at) {
      if (at.cid === clientId) {
        await ctx.store.revokeToken(at.jti, now);
        logTokenRevoked(ctx, client, { id: at.jti, kind: 'access_token', userId: at.uid });
      }
    } else {
      const rt = await lookUpRefreshToken(ctx, token);
      // A refresh token stands for the whole grant: revoking it revokes every token of its family.
      if (rt.state !== 'unknown' && rt.row.clientId === clientId && issuedHere(ctx, rt.row.grant.server)) {
        await ctx.store.revokeFamily(rt.row.familyId, now);
        logTokenRevoked(ctx, client, { id: rt.row.id, kind: 'refresh_token', userId: rt.row.userId });
      }
    }
    return c.body(null, 200);
  };
}

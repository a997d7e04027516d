/**
 * `GET|POST /v1/userinfo`: the claims of the bearer access token's user, as its scopes release them.
 * Errors carry RFC 6750 `WWW-Authenticate` headers in Okta's wording.
 */
import type { Context } from 'hono';
import type { OrgContext } from '../context';
import { OAUTH_ERRORS } from '../errors';
import { scopedClaims, verifyAccessToken } from './tokens';

export function userinfo(ctx: OrgContext): (c: Context) => Promise<Response> {
  const { issuer } = ctx;
  const base = ctx.server.endpoints;
  const invalid = () =>
    OAUTH_ERRORS.invalidToken({
      'WWW-Authenticate':
        'Bearer authorization_uri="' +
        base +
        '/v1/authorize", realm="' +
        issuer +
        '", scope="openid", error="invalid_token", error_description="The access token is invalid.", resource="' +
        new URL(base).pathname +
        '/v1/userinfo"',
    });
  return async (c) => {
    const match = /^Bearer ([^\s]+)$/i.exec(c.req.header('authorization') ?? '');
    if (!match?.[1]) throw invalid();
    const token = await verifyAccessToken(ctx, match[1]);
    if (!token) throw invalid();
    if (!token.scp.includes('openid')) {
      throw OAUTH_ERRORS.insufficientScope(
        'The access token must provide access to at least one of these scopes - profile, email, address or phone',
        { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' },
      );
    }
    const user = token.uid === undefined ? undefined : await ctx.store.userById(token.uid);
    if (!user) throw invalid();
    return c.json({ sub: user.id, ...scopedClaims(user, token.scp) });
  };
}

/** `GET /v1/keys`: the JWKS with the org's public signing key (the `jwks_uri` of discovery), cached with an ETag. */
import type { Context } from 'hono';
import type { OrgContext } from '../context';
import { staticJson } from './discovery';

export function keys(ctx: OrgContext): (c: Context) => Response {
  return staticJson(JSON.stringify({ keys: [ctx.signingKey.publicJwk] }));
}

/**
 * `GET /.well-known/openid-configuration` and `/.well-known/oauth-authorization-server`: one metadata
 * document for both (OpenID Connect Discovery 1.0, RFC 8414), as an Okta custom authorization server
 * publishes it. auth-js derives every endpoint URL from the issuer and reads only `jwks_uri` here.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { OrgContext } from '../context';
import { MYACCOUNT_SCOPES } from '../config';
import { PROMPT_VALUES, RESPONSE_MODES } from './schemas';

/** How a client may authenticate at the token, introspect and revoke endpoints (`client-auth.ts`). */
const CLIENT_AUTH = ['client_secret_basic', 'client_secret_post', 'none'];

/** Discovery and keys change rarely; clients cache them anyway (auth-js for 24 h). */
const CACHEABLE = 'public, max-age=3600';

export function discovery(ctx: OrgContext): (c: Context) => Response {
  const { config, issuer } = ctx;
  const base = ctx.server.endpoints;
  return staticJson(
    JSON.stringify({
      issuer,
      authorization_endpoint: `${base}/v1/authorize`,
      token_endpoint: `${base}/v1/token`,
      userinfo_endpoint: `${base}/v1/userinfo`,
      jwks_uri: `${base}/v1/keys`,
      response_types_supported: ['code'],
      response_modes_supported: [...RESPONSE_MODES],
      prompt_values_supported: [...PROMPT_VALUES, 'enroll_authenticator'],
      grant_types_supported: ['authorization_code', 'interaction_code', 'refresh_token', 'client_credentials'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: [
        'openid',
        'profile',
        'email',
        'offline_access',
        ...MYACCOUNT_SCOPES,
        ...(ctx.server.customScopes ? config.customScopes.map((s) => s.name) : []),
      ],
      token_endpoint_auth_methods_supported: CLIENT_AUTH,
      claims_supported: [
        'iss',
        'ver',
        'sub',
        'aud',
        'iat',
        'exp',
        'jti',
        'auth_time',
        'amr',
        'idp',
        'nonce',
        'name',
        'given_name',
        'family_name',
        'preferred_username',
        'locale',
        'zoneinfo',
        'updated_at',
        'email',
        'email_verified',
        'at_hash',
      ],
      code_challenge_methods_supported: ['S256'],
      introspection_endpoint: `${base}/v1/introspect`,
      introspection_endpoint_auth_methods_supported: CLIENT_AUTH,
      revocation_endpoint: `${base}/v1/revoke`,
      revocation_endpoint_auth_methods_supported: CLIENT_AUTH,
      end_session_endpoint: `${base}/v1/logout`,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
    }),
  );
}

/**
 * A fixed JSON document, serialised once, with `Cache-Control` and a strong ETag: a client whose
 * max-age ran out revalidates with `If-None-Match` and gets a 304.
 */
export function staticJson(body: string): (c: Context) => Response {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers = { 'Content-Type': 'application/json', 'Cache-Control': CACHEABLE, ETag: etag };
  return (c) => {
    const match = c.req.header('if-none-match');
    if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      return c.body(null, 304, { 'Cache-Control': CACHEABLE, ETag: etag });
    }
    return c.body(body, 200, headers);
  };
}

/**
 * `/oauth2/{authServerId}/*`: the OpenID Connect endpoints of one Okta custom authorization server.
 * auth-js derives every URL here from the issuer, so the paths are fixed; only `jwks_uri` is read
 * from discovery.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { OidcAppConfig } from '../config';
import type { OrgContext } from '../context';
import { OAUTH_ERRORS } from '../errors';
import { readForm } from '../http';
import { hashCode, startTransaction, type InteractionGrant } from '../idx/transactions';
import { endSession } from '../sessions';
import { authenticateClient, registeredClient } from './client-auth';
import {
  issueTokens,
  lookUpRefreshToken,
  RotationLostError,
  scopedClaims,
  verifyAccessToken,
  verifyIdTokenHint,
  type TokenSet,
} from './tokens';

const PKCE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
/** Discovery and keys change rarely; clients cache them anyway (auth-js for 24 h). */
const CACHEABLE = 'public, max-age=3600';

export function oidcRoutes(ctx: OrgContext): Hono {
  const app = new Hono();
  const { config, issuer } = ctx;
  const discovery = JSON.stringify({
    issuer,
    authorization_endpoint: `${issuer}/v1/authorize`,
    token_endpoint: `${issuer}/v1/token`,
    userinfo_endpoint: `${issuer}/v1/userinfo`,
    registration_endpoint: `${config.publicOrigin}/oauth2/v1/clients`,
    jwks_uri: `${issuer}/v1/keys`,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment', 'form_post', 'okta_post_message'],
    grant_types_supported: ['authorization_code', 'interaction_code', 'refresh_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    token_endpoint_auth_methods_supported: ['none'],
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
    introspection_endpoint: `${issuer}/v1/introspect`,
    introspection_endpoint_auth_methods_supported: ['none'],
    revocation_endpoint: `${issuer}/v1/revoke`,
    revocation_endpoint_auth_methods_supported: ['none'],
    end_session_endpoint: `${issuer}/v1/logout`,
    request_parameter_supported: false,
  });
  const jwks = JSON.stringify({ keys: [ctx.signingKey.publicJwk] });

  // Serialised once; the strong ETag lets a client whose max-age ran out revalidate with a 304.
  const discoveryReply = staticJson(discovery);
  const jwksReply = staticJson(jwks);
  app.get('/.well-known/openid-configuration', discoveryReply);
  app.get('/.well-known/oauth-authorization-server', discoveryReply);
  app.get('/v1/keys', jwksReply);

  app.post('/v1/interact', async (c) => {
    const form = await readForm(c);
    const { clientId } = authenticateClient(ctx, c, form, 'interact');
    const redirectUri = requireRegisteredRedirect(form.redirect_uri);
    const scopes = requireScopes(form.scope);
    if (form.code_challenge_method !== 'S256') {
      throw OAUTH_ERRORS.invalidRequest("PKCE code challenge method must be 'S256'.");
    }
    if (!form.code_challenge || !PKCE_CHALLENGE.test(form.code_challenge)) {
      throw OAUTH_ERRORS.invalidRequest('PKCE code challenge is required and must be a base64url SHA-256 digest.');
    }
    if (!form.state) throw OAUTH_ERRORS.missingParameter('state');
    const tx = await startTransaction(ctx, {
      clientId,
      redirectUri,
      scopes,
      codeChallenge: form.code_challenge,
      state: form.state,
      ...(form.nonce ? { nonce: form.nonce } : {}),
    });
    return c.json({ interaction_handle: tx.interactionHandle });
  });

  app.post('/v1/token', async (c) => {
    const form = await readForm(c);
    c.header('Cache-Control', 'no-store');
    c.header('Pragma', 'no-cache');
    const { clientId } = authenticateClient(ctx, c, form, 'token');
    switch (form.grant_type) {
      case 'interaction_code':
        return c.json(await interactionCodeGrant(clientId, form));
      case 'refresh_token':
        return c.json(await refreshTokenGrant(clientId, form));
      case undefined:
      case '':
        throw OAUTH_ERRORS.missingParameter('grant_type');
      default:
        throw OAUTH_ERRORS.unsupportedGrantType(form.grant_type);
    }
  });

  /** Steps: code is ours and unused → not expired → same client and redirect URI → PKCE → tokens. */
  async function interactionCodeGrant(clientId: string, form: Record<string, string>) {
    if (!form.interaction_code) throw OAUTH_ERRORS.missingParameter('interaction_code');
    if (!form.code_verifier) throw OAUTH_ERRORS.invalidRequest('PKCE code verifier is required when the code challenge is present.');
    if (!PKCE_VERIFIER.test(form.code_verifier)) throw OAUTH_ERRORS.invalidRequest('PKCE verification failed.');
    const now = ctx.clock.now();
    const codeHash = hashCode(form.interaction_code);
    const used = await ctx.store.consumeInteractionCode<InteractionGrant>(codeHash, now);
    if (!used.found) throw OAUTH_ERRORS.invalidGrant('The interaction code is invalid or has expired.');
    if (used.reused) {
      // RFC 6749 §4.1.2: a replayed code revokes what it already issued.
      await ctx.store.revokeFamily(codeHash, now);
      throw OAUTH_ERRORS.invalidGrant('The interaction code is invalid or has expired.');
    }
    if (used.expiresAt <= now) throw OAUTH_ERRORS.invalidGrant('The interaction code is invalid or has expired.');
    const grant = used.grant;
    if (grant.clientId !== clientId) throw OAUTH_ERRORS.invalidGrant('The interaction code was issued to another client.');
    if (form.redirect_uri !== grant.redirectUri) {
      throw OAUTH_ERRORS.invalidGrant("The 'redirect_uri' does not match the redirection URI used in the authorization request.");
    }
    const challenge = createHash('sha256').update(form.code_verifier).digest('base64url');
    if (!safeEqual(challenge, grant.codeChallenge)) throw OAUTH_ERRORS.invalidGrant('PKCE verification failed.');
    const user = await ctx.store.userById(grant.userId);
    if (!user || user.status !== 'ACTIVE') throw OAUTH_ERRORS.invalidGrant('The user is not active.');
    return issueTokens(ctx, grant, user, { familyId: codeHash });
  }

  /**
   * Steps: token known and live → same client → not reused after its grace period (else the family
   * dies) → scope within the original grant → user still active → rotate. auth-js sends
   * `client_id, grant_type, scope, refresh_token` and no redirect_uri.
   */
  async function refreshTokenGrant(clientId: string, form: Record<string, string>, attempt = 1): Promise<TokenSet> {
    if (!form.refresh_token) throw OAUTH_ERRORS.missingParameter('refresh_token');
    const invalid = () => OAUTH_ERRORS.invalidGrant('The refresh token is invalid or expired.');
    const found = await lookUpRefreshToken(ctx, form.refresh_token);
    if (found.state === 'unknown' || found.state === 'revoked' || found.state === 'expired') throw invalid();
    const { row } = found;
    if (row.clientId !== clientId) throw invalid();
    if (found.state === 'rotated' && !found.inGrace) {
      // Okta: a rotated-out token presented after the grace period means it leaked; everything issued
      // since the user authenticated is revoked (logged on Okta as app.oauth2.as.token.detect_reuse).
      await ctx.store.revokeFamily(row.familyId, ctx.clock.now());
      throw invalid();
    }
    const scopes = form.scope === undefined ? row.grant.scopes : requireScopes(form.scope);
    const widened = scopes.filter((s) => !row.grant.scopes.includes(s));
    if (widened.length) {
      throw OAUTH_ERRORS.invalidScope(
        `The requested scope is invalid, unknown, or malformed. Not granted originally: ${widened.join(', ')}`,
      );
    }
    const user = await ctx.store.userById(row.userId);
    if (!user || user.status !== 'ACTIVE') throw invalid();
    try {
      return await issueTokens(ctx, row.grant, user, {
        familyId: row.familyId,
        scopes,
        familyExpiresAt: row.grant.familyExpiresAt,
        // Within the grace period the token was already rotated: the retry gets fresh tokens, and the
        // first rotation's time stays the one the grace period counts from.
        ...(found.state === 'active' ? { rotates: { rowId: row.id } } : {}),
      });
    } catch (err) {
      // A concurrent request rotated (or revoked) the same token first: answer as for any reuse of a
      // rotated token, i.e. by the grace-period rule.
      if (attempt === 1 && err instanceof RotationLostError) return refreshTokenGrant(clientId, form, 2);
      throw err;
    }
  }

  app.get('/v1/userinfo', userinfo);
  app.post('/v1/userinfo', userinfo);
  async function userinfo(c: Context) {
    const auth = c.req.header('authorization') ?? '';
    const match = /^Bearer ([^\s]+)$/i.exec(auth);
    const invalid = () =>
      OAUTH_ERRORS.invalidToken({
        'WWW-Authenticate':
          'Bearer authorization_uri="' +
          issuer +
          '/v1/authorize", realm="' +
          issuer +
          '", scope="openid", error="invalid_token", error_description="The access token is invalid.", resource="/oauth2/' +
          config.authServerId +
          '/v1/userinfo"',
      });
    if (!match?.[1]) throw invalid();
    const token = await verifyAccessToken(ctx, match[1]);
    if (!token) throw invalid();
    if (!token.scp.includes('openid')) {
      throw OAUTH_ERRORS.insufficientScope(
        'The access token must provide access to at least one of these scopes - profile, email, address or phone',
        { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' },
      );
    }
    const user = await ctx.store.userById(token.uid);
    if (!user) throw invalid();
    return c.json({ sub: user.id, ...scopedClaims(user, token.scp) });
  }

  app.post('/v1/revoke', async (c) => {
    const form = await readForm(c);
    const { clientId } = authenticateClient(ctx, c, form, 'revocation');
    if (!form.token) throw OAUTH_ERRORS.missingParameter('token');
    const now = ctx.clock.now();
    // The hint is only a hint (RFC 7009 §2.1): look the token up as either kind. A client may only
    // revoke its own tokens; anything else is answered like an unknown token.
    const at = await verifyAccessToken(ctx, form.token);
    if (at) {
      if (at.cid === clientId) await ctx.store.revokeToken(at.jti, now);
    } else {
      const rt = await lookUpRefreshToken(ctx, form.token);
      // A refresh token stands for the whole grant: revoking it revokes every token of its family.
      if (rt.state !== 'unknown' && rt.row.clientId === clientId) await ctx.store.revokeFamily(rt.row.familyId, now);
    }
    // Okta answers 200 for unknown, expired and already-revoked tokens alike.
    return c.body(null, 200);
  });

  app.post('/v1/introspect', async (c) => {
    const form = await readForm(c);
    authenticateClient(ctx, c, form, 'introspection');
    if (!form.token) throw OAUTH_ERRORS.missingParameter('token');
    const at = await verifyAccessToken(ctx, form.token);
    if (!at) return c.json(await introspectRefreshToken(form.token));
    const row = await ctx.store.token<InteractionGrant>(at.jti);
    return c.json({
      active: true,
      token_type: 'Bearer',
      scope: at.scp.join(' '),
      client_id: at.cid,
      username: at.sub,
      sub: at.sub,
      uid: at.uid,
      jti: at.jti,
      iss: issuer,
      aud: config.tokens.audience,
      exp: row ? Math.floor(row.expiresAt / 1000) : undefined,
      iat: row ? Math.floor(row.createdAt / 1000) : undefined,
    });
  });

  /** RFC 7662 for refresh tokens: active while it could be redeemed (live, or rotated but within grace). */
  async function introspectRefreshToken(token: string): Promise<Record<string, unknown>> {
    const found = await lookUpRefreshToken(ctx, token);
    if (found.state !== 'active' && !(found.state === 'rotated' && found.inGrace)) return { active: false };
    const { row } = found;
    const user = await ctx.store.userById(row.userId);
    if (!user || user.status !== 'ACTIVE') return { active: false };
    return {
      active: true,
      // Okta documents `token_type` as always "Bearer", whichever kind of token was introspected.
      token_type: 'Bearer',
      scope: row.scopes.join(' '),
      client_id: row.clientId,
      username: user.profile.login,
      sub: user.profile.login,
      uid: user.id,
      iss: issuer,
      aud: config.tokens.audience,
      exp: Math.floor(row.expiresAt / 1000),
      iat: Math.floor(row.createdAt / 1000),
    };
  }

  /**
   * RP-initiated logout: a top-level navigation, answered with a redirect only to a registered URI.
   * Like Okta, it must name the client signing out: by its ID token (`id_token_hint`, whose `aud` is
   * the app) or, as newer orgs also accept, by `client_id` together with one of the app's registered
   * post-logout URIs. Without either, any page that can make the browser load this URL could end the
   * user's org session, so it is refused and the session left alone.
   */
  app.get('/v1/logout', async (c) => {
    const postLogout = c.req.query('post_logout_redirect_uri');
    const hint = c.req.query('id_token_hint');
    const clientId = c.req.query('client_id');
    const state = c.req.query('state');
    let client: OidcAppConfig | undefined;
    if (hint) {
      const claims = await verifyIdTokenHint(ctx, hint);
      if (!claims) return errorPage(c, 'The id_token_hint is invalid.');
      // An ID token has the client as its (single) audience; one issued to another client is no hint for this app.
      const audience = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
      const [aud] = audience;
      client = audience.length === 1 && aud !== undefined ? registeredClient(ctx, aud) : undefined;
      if (!client) return errorPage(c, "The 'id_token_hint' was not issued to a client of this authorization server.");
      if (clientId !== undefined && clientId !== client.clientId) {
        return errorPage(c, "The 'client_id' parameter does not match the audience of the 'id_token_hint'.");
      }
    } else if (!clientId) {
      return errorPage(c, "The 'id_token_hint' parameter is required (or, instead, 'client_id' with a 'post_logout_redirect_uri').");
    } else {
      client = registeredClient(ctx, clientId);
      if (!client) return errorPage(c, "The 'client_id' parameter is invalid.");
      // Without the ID token, only a redirect registered for that client ties the request to the app.
      if (!postLogout) {
        return errorPage(c, "The 'post_logout_redirect_uri' parameter is required when 'client_id' is given without 'id_token_hint'.");
      }
    }
    if (postLogout && !client.postLogoutRedirectUris.includes(postLogout)) {
      return errorPage(c, "The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in the client app settings.");
    }
    // The org session ends here: the next sign-in in this browser asks for the password again.
    await endSession(ctx, c);
    if (!postLogout) return errorPage(c, 'You have been signed out.', 200);
    const target = new URL(postLogout);
    if (state) target.searchParams.set('state', state);
    return c.redirect(target.toString(), 302);
  });

  function requireRegisteredRedirect(uri: string | undefined): string {
    // Exact string comparison, as Okta does: no prefix, wildcard or normalisation.
    if (!uri || !config.app.redirectUris.includes(uri)) {
      throw OAUTH_ERRORS.invalidRequest(
        "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: https://developer.okta.com/docs/guides/sign-into-spa-redirect/main/#create-an-okta-app-integration",
      );
    }
    return uri;
  }

  function requireScopes(scope: string | undefined): string[] {
    const scopes = [...new Set((scope ?? '').split(' ').filter(Boolean))];
    if (!scopes.length)
      throw OAUTH_ERRORS.invalidScope(
        "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
      );
    const unknown = scopes.filter((s) => !config.app.scopes.includes(s));
    if (unknown.length) {
      throw OAUTH_ERRORS.invalidScope(
        `One or more scopes are not configured for the authorization server resource. Unsupported scopes: ${unknown.join(', ')}`,
      );
    }
    return scopes;
  }

  return app;
}

/** A fixed JSON document with `Cache-Control` and an ETag; `If-None-Match` with that tag gets a 304. */
function staticJson(body: string): (c: Context) => Response {
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

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function errorPage(c: Context, message: string, status: 200 | 400 = 400): Response {
  const escaped = message.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>devorg</title></head><body><main><h1>devorg</h1><p>${escaped}</p></main></body></html>`,
    status,
  );
}

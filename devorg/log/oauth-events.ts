/**
 * System Log events of the authorization server (`app.oauth2.as.*`): one `…token.grant.<type>` per
 * token issued (the app as actor; the user and the token as targets, the token by its id — `jti`, or
 * the refresh token's digest — never the token itself), `…token.grant` FAILURE for a refused request,
 * `…token.revoke` for a revocation.
 */
import { decodeJwt } from 'jose';
import type { OidcAppConfig } from '../config';
import type { OrgContext } from '../context';
import type { OAuthError } from '../errors';
import { refreshTokenRowId, type TokenSet } from '../oidc/tokens';
import { appEntity, clientActor, userRef } from './entities';
import type { LogEntity } from './types';

function claimsOf(jwt: string): { jti?: string; uid?: string; sub?: string; exp?: number } {
  try {
    const claims = decodeJwt(jwt);
    return {
      ...(typeof claims.jti === 'string' ? { jti: claims.jti } : {}),
      ...(typeof claims.uid === 'string' ? { uid: claims.uid } : {}),
      ...(typeof claims.sub === 'string' ? { sub: claims.sub } : {}),
      ...(typeof claims.exp === 'number' ? { exp: claims.exp } : {}),
    };
  } catch {
    return {};
  }
}

function tokenEntity(id: string, type: 'access_token' | 'id_token' | 'refresh_token', displayName: string, exp?: number): LogEntity {
  return {
    id,
    type,
    alternateId: id.slice(0, 3) === 'RT.' ? 'refresh_token' : type,
    displayName,
    detailEntry: exp ? { expires: new Date(exp * 1000).toISOString() } : null,
  };
}

export function logTokensGranted(ctx: OrgContext, client: OidcAppConfig, grantType: string, tokens: TokenSet): void {
  const at = claimsOf(tokens.access_token);
  const user = userRef(at.uid, at.sub);
  const base = {
    actor: clientActor(client.clientId, client.label),
    debugData: { grantType, grantedScopes: tokens.scope, clientId: client.clientId },
  };
  const app = appEntity(client.clientId, client.label);
  ctx.log.record({
    ...base,
    eventType: 'app.oauth2.as.token.grant.access_token',
    target: [tokenEntity(at.jti ?? 'unknown', 'access_token', 'Access Token', at.exp), user, app],
  });
  if (tokens.id_token) {
    const id = claimsOf(tokens.id_token);
    ctx.log.record({
      ...base,
      eventType: 'app.oauth2.as.token.grant.id_token',
      target: [tokenEntity(id.jti ?? 'unknown', 'id_token', 'ID Token', id.exp), user, app],
    });
  }
  if (tokens.refresh_token) {
    ctx.log.record({
      ...base,
      eventType: 'app.oauth2.as.token.grant.refresh_token',
      target: [tokenEntity(refreshTokenRowId(tokens.refresh_token), 'refresh_token', 'Refresh Token'), user, app],
    });
  }
}

export function logTokenRefused(ctx: OrgContext, client: OidcAppConfig, grantType: string, err: OAuthError): void {
  ctx.log.record({
    eventType: 'app.oauth2.as.token.grant',
    actor: clientActor(client.clientId, client.label),
    target: [appEntity(client.clientId, client.label)],
    outcome: { result: 'FAILURE', reason: err.error },
    debugData: { grantType, error: err.error, errorDescription: err.description },
  });
}

export function logTokenRevoked(
  ctx: OrgContext,
  client: OidcAppConfig,
  token: { id: string; kind: 'access_token' | 'refresh_token'; userId: string | undefined },
): void {
  ctx.log.record({
    eventType: 'app.oauth2.as.token.revoke',
    actor: clientActor(client.clientId, client.label),
    target: [
      tokenEntity(token.id, token.kind, token.kind === 'access_token' ? 'Access Token' : 'Refresh Token'),
      userRef(token.userId, undefined),
    ],
    debugData: { clientId: client.clientId },
  });
}

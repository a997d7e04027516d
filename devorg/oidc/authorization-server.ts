/**
 * The org's two kinds of authorization server, as on Okta:
 * - the **default custom authorization server** (`/oauth2/{authServerId}`): issuer
 *   `{org}/oauth2/default`, access tokens for your own APIs (`aud` from the config), custom scopes;
 * - the **org authorization server**: issuer `{org}` itself, endpoints under `{org}/oauth2/v1/*`,
 *   discovery at `{org}/.well-known/openid-configuration`, access tokens meant for Okta's own APIs
 *   (`aud` = the org URL), OpenID Connect's scopes only.
 * Every OIDC endpoint is written once and mounted for each: it reads the server from its context
 * (`ctx.server`, and `ctx.issuer` for the issuer), and what a server issued records its id, so a
 * code or token of one server is refused by the other.
 */
import { issuerOf, type OrgConfig } from '../config';
import type { OrgContext } from '../context';
import { OAUTH_ERRORS } from '../errors';

export interface AuthorizationServer {
  /** The custom server's id (`default`), or `org`. */
  id: string;
  issuer: string;
  /** Where its endpoints live: `{base}/v1/token` and so on. The issuer for a custom server; `{org}/oauth2` for the org's. */
  endpoints: string;
  /** The `aud` of its access tokens. */
  audience: string;
  /** Whether the config's custom scopes exist here (only on the custom server). */
  customScopes: boolean;
}

export const ORG_SERVER_ID = 'org';

export function defaultServer(config: OrgConfig): AuthorizationServer {
  const issuer = issuerOf(config);
  return { id: config.authServerId, issuer, endpoints: issuer, audience: config.tokens.audience, customScopes: true };
}

export function orgServer(config: OrgConfig): AuthorizationServer {
  const issuer = config.publicOrigin;
  return { id: ORG_SERVER_ID, issuer, endpoints: `${issuer}/oauth2`, audience: issuer, customScopes: false };
}

/** The server a transaction or grant names by id (absent: the custom one). */
export function serverById(config: OrgConfig, id: string | undefined): AuthorizationServer {
  return id === ORG_SERVER_ID ? orgServer(config) : defaultServer(config);
}

/** The context of the endpoints of `server`: the same org, seen from that server. */
export function onServer(ctx: OrgContext, server: AuthorizationServer): OrgContext {
  return { ...ctx, issuer: server.issuer, server };
}

/** The custom server's scopes are refused by the org's: `invalid_scope`, naming them. */
export function requireServerScopes(ctx: OrgContext, scopes: readonly string[]): void {
  if (ctx.server.customScopes) return;
  const custom = new Set(ctx.config.customScopes.map((s) => s.name));
  const refused = scopes.filter((s) => custom.has(s));
  if (refused.length) {
    throw OAUTH_ERRORS.invalidScope(
      `One or more scopes are not configured for the authorization server resource. Unsupported scopes: ${refused.join(', ')}`,
    );
  }
}

/** What a server issued names it; rows from before servers were recorded belong to the custom one. */
export function issuedHere(ctx: OrgContext, issuedBy: string | undefined): boolean {
  return (issuedBy ?? ctx.config.authServerId) === ctx.server.id;
}

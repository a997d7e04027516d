/**
 * The custom authorization server's claims (`config.claims`, Okta's Claim objects): today `GROUPS`
 * claims, the names of the user's groups that pass the claim's filter. `RESOURCE` claims go into the
 * access token, `IDENTITY` claims into the ID token and userinfo; a claim with `conditions.scopes` only
 * when one of them is granted.
 *
 * As on Okta, an ID token carries at most 100 groups in a claim: with more, the claim is left out of
 * the ID token (userinfo and access tokens still carry it all). Nothing is read from the store when no
 * claim applies, so an org without claims pays nothing per token.
 */
import type { OAuth2ClaimConfig } from '../config';
import type { OrgContext } from '../context';
import type { UserRecord } from '../store';
import { ORG_SERVER_ID } from './authorization-server';

/** Okta's limit on the groups in one ID-token claim. */
export const MAX_ID_TOKEN_GROUPS = 100;

export type ClaimTarget = 'access_token' | 'id_token' | 'userinfo';

/** Whether a group name passes the claim's filter. REGEX must match the whole name (Java's `matches`, as Okta uses). */
export function groupFilter(claim: Pick<OAuth2ClaimConfig, 'group_filter_type' | 'value'>): (name: string) => boolean {
  const { value } = claim;
  switch (claim.group_filter_type) {
    case 'EQUALS':
      return (name) => name === value;
    case 'STARTS_WITH':
      return (name) => name.startsWith(value);
    case 'CONTAINS':
      return (name) => name.includes(value);
    case 'REGEX': {
      const re = new RegExp(`^(?:${value})$`, 'u');
      return (name) => re.test(name);
    }
  }
}

function applies(claim: OAuth2ClaimConfig, target: ClaimTarget, scopes: readonly string[]): boolean {
  if (claim.status === 'INACTIVE') return false;
  if (claim.claimType !== (target === 'access_token' ? 'RESOURCE' : 'IDENTITY')) return false;
  // alwaysIncludeInToken false: an ID token issued with an access token (always, here) leaves it to userinfo.
  if (target === 'id_token' && claim.alwaysIncludeInToken === false) return false;
  const required = claim.conditions?.scopes ?? [];
  return required.length === 0 || required.some((s) => scopes.includes(s));
}

function applicable(ctx: OrgContext, target: ClaimTarget, scopes: readonly string[]): OAuth2ClaimConfig[] {
  // Claims belong to the custom authorization server; Okta's org server has none (its groups claim is an app setting).
  if (ctx.server.id === ORG_SERVER_ID) return [];
  return ctx.config.claims.filter((c) => applies(c, target, scopes));
}

function evaluate(claims: OAuth2ClaimConfig[], groupNames: readonly string[], target: ClaimTarget): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const claim of claims) {
    const values = groupNames.filter(groupFilter(claim));
    if (target === 'id_token' && values.length > MAX_ID_TOKEN_GROUPS) continue;
    out[claim.name] = values;
  }
  return out;
}

async function groupNames(ctx: OrgContext, user: UserRecord): Promise<string[]> {
  return (await ctx.store.groupsOfUser(user.id)).map((g) => g.profile.name);
}

/** The custom claims for `target` (userinfo, say), by name, for this user and these granted scopes. */
export async function customClaims(
  ctx: OrgContext,
  user: UserRecord,
  scopes: readonly string[],
  target: ClaimTarget,
): Promise<Record<string, string[]>> {
  const claims = applicable(ctx, target, scopes);
  return claims.length === 0 ? {} : evaluate(claims, await groupNames(ctx, user), target);
}

/** Both tokens' custom claims, read with one store query when either has any (the ID token's only with `openid`). */
export async function tokenClaims(
  ctx: OrgContext,
  user: UserRecord,
  scopes: readonly string[],
): Promise<{ accessToken: Record<string, string[]>; idToken: Record<string, string[]> }> {
  const forAccess = applicable(ctx, 'access_token', scopes);
  const forId = scopes.includes('openid') ? applicable(ctx, 'id_token', scopes) : [];
  if (forAccess.length === 0 && forId.length === 0) return { accessToken: {}, idToken: {} };
  const names = await groupNames(ctx, user);
  return { accessToken: evaluate(forAccess, names, 'access_token'), idToken: evaluate(forId, names, 'id_token') };
}

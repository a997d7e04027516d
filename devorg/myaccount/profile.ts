/**
 * `/idp/myaccount/profile` and `/profile/schema`: the caller's own profile, as Okta's MyAccount Profile
 * API shows it — only the attributes of the profile schema (Okta's base `login`, `email`, `firstName`,
 * `lastName`, plus the org's profile enrollment attributes), with the user's permission on each
 * (`login` and `email` are read-only here: Okta changes the email through `/emails`).
 *
 * A PUT replaces the whole visible profile, as Okta's does: every attribute the GET returned must be
 * sent (null unsets an optional one), read-only ones unchanged, nothing unknown; each problem is one
 * `errorCauses` entry in Okta's words, under "Api validation failed: forUpdate". Attributes outside
 * the schema (set by an admin) are kept.
 */
import type { Hono } from 'hono';
import type { OrgContext } from '../context';
import { ApiError } from '../errors';
import { readJsonObject } from '../http';
import type { UserRecord } from '../store';
import { updateUser } from '../users';
import { parseOr } from '../validation';
import { logSelfChange } from './audit';
import { requireRecentSignIn, withScope, type MyAccountEnv } from './auth';
import { myAccountJson, type Links } from './json';
import { profileBody } from './schemas';

interface SchemaProperty {
  title: string;
  type: 'string';
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  permissions: { SELF: 'READ_ONLY' | 'READ_WRITE' };
}

/** The MyAccount profile schema: Okta's base attributes, then the org's profile enrollment attributes. */
export function profileSchema(ctx: OrgContext): Record<string, SchemaProperty> {
  const properties: Record<string, SchemaProperty> = {
    login: { title: 'Username', type: 'string', required: true, minLength: 5, maxLength: 100, permissions: { SELF: 'READ_ONLY' } },
    email: { title: 'Primary email', type: 'string', required: true, minLength: 5, maxLength: 100, permissions: { SELF: 'READ_ONLY' } },
    firstName: { title: 'First name', type: 'string', required: true, minLength: 1, maxLength: 50, permissions: { SELF: 'READ_WRITE' } },
    lastName: { title: 'Last name', type: 'string', required: true, minLength: 1, maxLength: 50, permissions: { SELF: 'READ_WRITE' } },
  };
  for (const a of ctx.config.policies.profileAttributes) {
    if (properties[a.name]) continue;
    properties[a.name] = {
      title: a.label,
      type: 'string',
      ...(a.required ? { required: true } : {}),
      maxLength: a.maxLength,
      permissions: { SELF: 'READ_WRITE' },
    };
  }
  return properties;
}

function visibleProfile(ctx: OrgContext, user: UserRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(profileSchema(ctx))) out[name] = user.profile[name] ?? null;
  return out;
}

function profileJson(ctx: OrgContext, user: UserRecord) {
  const base = `${ctx.config.publicOrigin}/idp/myaccount/profile`;
  const links: Links = { self: { href: base }, describedBy: { href: `${base}/schema` } };
  return {
    createdAt: new Date(user.createdAt).toISOString(),
    modifiedAt: new Date(user.lastUpdatedAt).toISOString(),
    profile: visibleProfile(ctx, user),
    _links: links,
  };
}

/** What a self-service PUT may not do, as Okta's causes word it; empty when the new profile is acceptable. */
function updateProblems(ctx: OrgContext, user: UserRecord, sent: Record<string, unknown>): string[] {
  const schema = profileSchema(ctx);
  const current = visibleProfile(ctx, user);
  const causes: string[] = [];
  for (const name of Object.keys(sent)) {
    if (!Object.hasOwn(schema, name)) causes.push(`Property '${name}' does not exist or is not accessible.`);
  }
  for (const [name, property] of Object.entries(schema)) {
    if (!Object.hasOwn(sent, name)) {
      causes.push(`Property '${name}' needs a value passed.  To unset it, explicitly set it to null.`);
      continue;
    }
    const value = sent[name];
    if (value !== null && typeof value !== 'string') causes.push(`Invalid value data type for property '${name}'`);
    else if (property.permissions.SELF === 'READ_ONLY' && value !== current[name]) {
      causes.push(
        name === 'email'
          ? 'You cannot update email attributes using the profile endpoint. Use the emails endpoint to make any required changes.'
          : `Property '${name}' is read only.  The value supplied must exactly match the existing value.`,
      );
    }
  }
  return causes;
}

export function profileRoutes(ctx: OrgContext, app: Hono<MyAccountEnv>): void {
  app.get('/profile', (c) => myAccountJson(c, profileJson(ctx, withScope(c, 'okta.myAccount.profile.read').user)));

  app.get('/profile/schema', (c) => {
    withScope(c, 'okta.myAccount.profile.read');
    const base = `${ctx.config.publicOrigin}/idp/myaccount/profile`;
    const links: Links = { self: { href: `${base}/schema` }, user: { href: base } };
    return myAccountJson(c, { properties: profileSchema(ctx), _links: links });
  });

  app.put('/profile', async (c) => {
    const caller = withScope(c, 'okta.myAccount.profile.manage');
    requireRecentSignIn(ctx, caller);
    const { profile: sent } = parseOr(profileBody, await readJsonObject(c), 'api');
    const causes = updateProblems(ctx, caller.user, sent);
    if (causes.length) throw new ApiError(400, 'E0000001', 'Api validation failed: forUpdate', causes);
    // Unset optional attributes are removed; attributes outside the schema stay as they were.
    const profile: Record<string, unknown> = { ...caller.user.profile };
    for (const [name, value] of Object.entries(sent)) {
      if (value === null) delete profile[name];
      else profile[name] = value;
    }
    const updated = await updateUser(ctx, caller.user, { profile });
    logSelfChange(ctx, 'user.account.update_profile', updated);
    return myAccountJson(c, profileJson(ctx, updated));
  });
}

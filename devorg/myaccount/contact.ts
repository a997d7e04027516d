/**
 * `/idp/myaccount/emails`: read-only here. The emails are the user's primary email (the profile's;
 * VERIFIED once the email authenticator is enrolled, as Okta's primary email is by then). Adding,
 * challenging and deleting them is not served yet (no `challenge` or `DELETE` link is offered). The
 * phones are `phones.ts`.
 */
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import type { OrgContext } from '../context';
import { API_ERRORS } from '../errors';
import type { UserRecord } from '../store';
import { withScope, type MyAccountEnv } from './auth';
import { link, myAccountJson } from './json';

/** Okta's email ids are 32 hex digits; this one is stable for the user and the address. */
function emailId(user: UserRecord): string {
  return createHash('sha256').update(`${user.id}\n${user.profile.email}`).digest('hex').slice(0, 32);
}

async function emails(ctx: OrgContext, user: UserRecord) {
  const verified = (await ctx.store.enrollments(user.id)).some((e) => e.authenticator === 'okta_email');
  const id = emailId(user);
  return [
    {
      id,
      status: verified ? 'VERIFIED' : 'UNVERIFIED',
      profile: { email: user.profile.email },
      roles: ['PRIMARY'],
      _links: { self: link(`${ctx.config.publicOrigin}/idp/myaccount/emails/${id}`, 'GET') },
    },
  ];
}

export function contactRoutes(ctx: OrgContext, app: Hono<MyAccountEnv>): void {
  app.get('/emails', async (c) => myAccountJson(c, await emails(ctx, withScope(c, 'okta.myAccount.email.read').user)));
  app.get('/emails/:id', async (c) => {
    const found = (await emails(ctx, withScope(c, 'okta.myAccount.email.read').user)).find((e) => e.id === c.req.param('id'));
    if (!found) throw API_ERRORS.notFound(c.req.param('id'), 'Email');
    return myAccountJson(c, found);
  });
}

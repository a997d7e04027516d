/**
 * `DELETE /idp/myaccount/sessions`: the user signs out everywhere. Every org session of theirs ends, and
 * with `oauthTokens` (Okta's default) every refresh and access token issued to them is revoked, in one
 * write. `excludeCurrentAuthorizationContext=true` keeps the grant the calling token belongs to (its
 * refresh-token family), so the app asking stays signed in ("sign out everywhere else"); devorg's tokens
 * don't record the org session they came from, so the org sessions all end either way.
 */
import type { Hono } from 'hono';
import type { OrgContext } from '../context';
import { parseOr } from '../validation';
import { logSessionsCleared } from './audit';
import { requireRecentSignIn, withScope, type MyAccountEnv } from './auth';
import { clearSessionsQuery } from './schemas';

export function sessionRoutes(ctx: OrgContext, app: Hono<MyAccountEnv>): void {
  app.delete('/sessions', async (c) => {
    const caller = withScope(c, 'okta.myAccount.sessions.manage');
    const { oauthTokens, excludeCurrentAuthorizationContext } = parseOr(clearSessionsQuery, c.req.query(), 'api');
    requireRecentSignIn(ctx, caller);
    const keep = excludeCurrentAuthorizationContext ? { keepFamily: caller.token.familyId } : {};
    const ended = await ctx.store.clearUserSessions(
      caller.user.id,
      ctx.clock.now(),
      oauthTokens ? { revoke: true, ...keep } : { revoke: false },
    );
    logSessionsCleared(ctx, caller.user, { sessions: ended, oauthTokens, keptCurrent: excludeCurrentAuthorizationContext });
    return c.body(null, 204);
  });
}

/**
 * `POST /dev/api/sessions {login, clientId, amr?, scopes?, authenticatedSecondsAgo?, session?}`: a test sign-in, for tests that
 * aren't about signing in. It answers with the token set the token endpoint would give after that user
 * signed in to that app (`issueTokens`: RS256, recorded, so userinfo, introspect, revoke and refresh
 * treat them as any other), with `devorg_test: true` in the access and ID token (and in every token a
 * refresh mints from them). With `session`, the response also sets the org session cookie (`idx`) that
 * sign-in would leave, established by the same code (sessions.ts), its factors the authenticators
 * whose `amr` value is in `amr`, so a browser given it is signed in to the org as well.
 *
 * Only with `clockControl` on (devorg's test mode, never on an org others rely on): otherwise 403.
 * The user must be ACTIVE and, for an app assigned to chosen users, assigned to it, as a sign-in
 * requires; the scopes default to the app's OIDC ones and must be among its allowed scopes.
 */
import { Hono } from 'hono';
import type { OrgContext } from '../context';
import { amrOf, isAvailable } from '../authenticators';
import { AUTHENTICATOR_KEYS } from '../authenticators/types';
import { API_ERRORS, ApiError } from '../errors';
import { readJsonObject } from '../http';
import { issueTokens, type Grant } from '../oidc/tokens';
import { establishSession } from '../sessions';
import { parseOr } from '../validation';
import { testSessionBody } from './schemas';

const DEFAULT_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

export function testSessionRoutes(ctx: OrgContext): Hono {
  const app = new Hono();
  app.post('/', async (c) => {
    if (!ctx.config.clockControl) {
      throw new ApiError(403, 'E0000006', 'You do not have permission to perform the requested action', [
        'clockControl: the test sign-in is on only in test mode (start devorg with clockControl: true)',
      ]);
    }
    const body = parseOr(testSessionBody, await readJsonObject(c), 'api');
    const client = ctx.apps.byId(body.clientId);
    if (!client || !client.grantTypes.some((g) => g !== 'client_credentials'))
      throw API_ERRORS.validation([`clientId: no app ${JSON.stringify(body.clientId)} that users sign in to`]);
    const user = await ctx.store.userByLogin(body.login);
    if (!user) throw API_ERRORS.notFound(body.login);
    if (user.status !== 'ACTIVE') throw API_ERRORS.validation([`login: the user is ${user.status}, not ACTIVE`]);
    if (client.assignment === 'assigned' && !(await ctx.store.appAssignment(client.clientId, user.id)))
      throw API_ERRORS.validation([`login: the user is not assigned to ${client.clientId}`]);
    const scopes = body.scopes ?? DEFAULT_SCOPES.filter((s) => client.scopes.includes(s));
    const unknown = scopes.filter((s) => !client.scopes.includes(s));
    if (unknown.length) throw API_ERRORS.validation([`scopes: not allowed for ${client.clientId}: ${unknown.join(', ')}`]);

    const now = ctx.clock.now();
    const grant: Grant = {
      clientId: client.clientId,
      server: ctx.server.id,
      userId: user.id,
      scopes,
      authTime: Math.floor(now / 1000) - (body.authenticatedSecondsAgo ?? 0),
      amr: body.amr ?? ['pwd'],
      test: true,
    };
    const tokens = await issueTokens(ctx, grant, user, { familyId: `test.${ctx.ids.secret()}` });
    await ctx.store.recordLogin(user.id, now);
    if (body.session) {
      const amr = new Set(grant.amr);
      const verified = AUTHENTICATOR_KEYS.filter((k) => isAvailable(k) && amr.has(amrOf(k)));
      const rememberMe = body.session === true ? false : body.session.rememberMe === true;
      await establishSession(ctx, c, { userId: user.id, verified, authTime: now - (body.authenticatedSecondsAgo ?? 0) * 1000, rememberMe });
    }
    c.header('Cache-Control', 'no-store');
    return c.json(tokens, 201);
  });
  return app;
}

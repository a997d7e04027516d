/**
 * Who is calling `/idp/myaccount` and what they may do, as Okta checks it:
 * - the API version in `Accept` (`application/json; okta-version=1.0.0`; auth-js sends
 *   `*\/*;okta-version=1.0.0`): without it Okta answers 406 Not Acceptable;
 * - a bearer access token for a user, from the org authorization server or the default custom one (Okta
 *   takes either: the org server's Okta API scopes, or a custom server's reserved `okta.myAccount.*`
 *   scopes), verified as devorg verifies its own tokens (signature, issuer, audience, expiry, not revoked):
 *   otherwise 401 `E0000011` with `WWW-Authenticate: Bearer … error="invalid_token"`;
 * - the route's scope (a `.manage` scope also reads): otherwise 403 `E0000006` with `error="insufficient_scope"`;
 * - for changes, a recent sign-in: Okta's "access token assurance" — a change needs a token whose sign-in
 *   (`auth_time`) is at most 15 minutes old. Otherwise 403 with Okta's step-up challenge, `WWW-Authenticate:
 *   Bearer realm="IdpMyAccountAPI", error="insufficient_authentication_context", error_description="…",
 *   max_age=900`, which auth-js 7.14.5 turns into an `AuthApiError` whose `errorSummary` is
 *   `insufficient_authentication_context` and whose `meta.max_age` is 900.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { OrgContext } from '../context';
import { ApiError } from '../errors';
import { defaultServer, onServer, orgServer } from '../oidc/authorization-server';
import { verifyAccessToken, type Grant, type VerifiedAccessToken } from '../oidc/tokens';
import type { TokenRow, UserRecord } from '../store';

export const REALM = 'IdpMyAccountAPI';
/** Okta's assurance window for MyAccount changes. */
export const MAX_AGE_SECONDS = 900;

/** The verified caller of a MyAccount request. */
export interface Caller {
  user: UserRecord;
  scopes: string[];
  /** The token's row: its grant (`authTime`, `amr`) and family (the current authorization context). */
  token: TokenRow<Grant>;
}

const challenge = (params: Record<string, string | number>) =>
  `Bearer realm="${REALM}", ` +
  Object.entries(params)
    .map(([k, v]) => (typeof v === 'number' ? `${k}=${v}` : `${k}="${v}"`))
    .join(', ');

export const MYACCOUNT_ERRORS = {
  notAcceptable: () =>
    new ApiError(406, 'E0000001', 'Api validation failed: Accept', [
      'Accept: A valid API version is required: application/json; okta-version=1.0.0',
    ]),
  invalidToken: () =>
    new ApiError(401, 'E0000011', 'Invalid token provided', [], {
      'WWW-Authenticate': challenge({ error: 'invalid_token', error_description: 'The access token is invalid.' }),
    }),
  insufficientScope: (scope: string) =>
    new ApiError(403, 'E0000006', 'You do not have permission to perform the requested action', [], {
      'WWW-Authenticate': challenge({
        error: 'insufficient_scope',
        error_description: 'The access token provided does not contain the required scopes.',
        scope,
      }),
    }),
  stepUp: () =>
    new ApiError(403, 'E0000006', 'You do not have permission to perform the requested action', [], {
      'WWW-Authenticate': challenge({
        error: 'insufficient_authentication_context',
        error_description: 'The access token requires additional assurance to access the resource',
        max_age: MAX_AGE_SECONDS,
      }),
    }),
};

/** Okta's versioning: the `okta-version=1.0.0` parameter on an accepted media type. */
export function acceptsVersion(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) =>
    range
      .split(';')
      .slice(1)
      .some((param) => /^\s*okta-version\s*=\s*"?1\.0\.0"?\s*$/i.test(param)),
  );
}

/** The MyAccount routes' Hono environment: the verified caller, set by `requireCaller`. */
export interface MyAccountEnv {
  Variables: { caller: Caller };
}

/** Checks the version and the bearer token, and keeps the caller for the route (`withScope`). */
export function requireCaller(ctx: OrgContext): MiddlewareHandler<MyAccountEnv> {
  const servers = [onServer(ctx, defaultServer(ctx.config)), onServer(ctx, orgServer(ctx.config))];
  return async (c, next) => {
    if (!acceptsVersion(c.req.header('accept'))) throw MYACCOUNT_ERRORS.notAcceptable();
    const raw = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!raw || raw.length > 8192) throw MYACCOUNT_ERRORS.invalidToken();
    let verified: VerifiedAccessToken | undefined;
    for (const server of servers) {
      verified = await verifyAccessToken(server, raw);
      if (verified) break;
    }
    // A client-credentials token names no user: nobody's account to manage.
    if (!verified?.uid) throw MYACCOUNT_ERRORS.invalidToken();
    const [user, token] = await Promise.all([ctx.store.userById(verified.uid), ctx.store.token<Grant>(verified.jti)]);
    if (!user || user.status !== 'ACTIVE' || !token || token.revokedAt !== null) throw MYACCOUNT_ERRORS.invalidToken();
    c.set('caller', { user, scopes: verified.scp, token });
    await next();
  };
}

/**
 * The caller, when the token has `scope` (for a `.read` scope, its `.manage` sibling counts too, as
 * Okta's "read or manage" endpoints do).
 */
export function withScope(c: Context<MyAccountEnv>, scope: string): Caller {
  const caller = c.get('caller');
  const accepted = scope.endsWith('.read') ? [scope, scope.replace(/\.read$/, '.manage')] : [scope];
  if (!accepted.some((s) => caller.scopes.includes(s))) throw MYACCOUNT_ERRORS.insufficientScope(scope);
  return caller;
}

/**
 * A change: the token's sign-in (`auth_time`) must be at most `MAX_AGE_SECONDS` old. devorg asks for no
 * `acr_values`: its sign-on policy is the org's, and a re-authentication within `max_age` satisfies it.
 */
export function requireRecentSignIn(ctx: OrgContext, caller: Caller): void {
  const age = Math.floor(ctx.clock.now() / 1000) - caller.token.grant.authTime;
  if (age > MAX_AGE_SECONDS) throw MYACCOUNT_ERRORS.stepUp();
}

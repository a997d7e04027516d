/**
 * `GET /v1/authorize` (OpenID Connect Core §3.1.2, the redirect model): the client sends the browser
 * here; devorg answers with an authorization code at once when the browser's org session will do, or
 * with the Okta-hosted sign-in page (the real Sign-In Widget on a transaction started here), which ends
 * at `/login/token/redirect` with the code. Steps:
 *
 * 1. The client and its redirect URI (`client_id`, exact `redirect_uri`). Until both are known good,
 *    nothing may go to the redirect URI: an error is Okta's "400 Bad Request" page, which names only
 *    what the request got wrong (an unknown client id says nothing about the org's apps).
 * 2. Where the answer goes (`response_mode`: query, the default for a code; fragment; form_post;
 *    okta_post_message) and what is asked (`response_type=code` only). From here on every error goes
 *    back to the client in that mode, as Okta sends it: `error`, `error_description`, and `state`.
 * 3. The app may use the grant; the rest of the request (`authorizeQuery`: scopes → state → nonce →
 *    PKCE → prompt → max_age → login_hint).
 *    (`prompt=enroll_authenticator` is a request of its own from here: `enrollAuthenticator` below.)
 * 4. The org session: it counts unless `prompt=login`, or it is older than `max_age`, or it hasn't
 *    verified what the sign-on policy asks. Counting → a code now (its `amr` and `auth_time` are the
 *    session's). Not counting → `prompt=none` is `login_required` (or `interaction_required` when there
 *    is a session that falls short), anything else the hosted page.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { allowsGrant, isPublicClient } from '../apps';
import { amrOf } from '../authenticators';
import type { OidcAppConfig } from '../config';
import type { OrgContext } from '../context';
import { OAuthError, OAUTH_ERRORS } from '../errors';
import { amrFor, owedFactor, type TxData } from '../idx/machine';
import { userPolicy } from '../idx/steps';
import { startTransaction } from '../idx/transactions';
import { currentSession, sessionFactors, touchSession, type ActiveSession } from '../sessions';
import { parseOr } from '../validation';
import { requireServerScopes } from './authorization-server';
import { registeredClient } from './client-auth';
import { issueAuthorizationCode } from './grants/authorization-code';
import { errorPage } from './hosted/html';
import { hostedSignInPage } from './hosted/page';
import { sessionCounts, type RedirectSignIn } from './hosted/redirect-sign-in';
import { respond } from './hosted/response';
import { enrollAuthenticatorQuery } from './enroll-authenticator';
import { authorizeQuery, RESPONSE_MODES, scopesOf, type ResponseMode } from './schemas';

const REDIRECT_NOT_REGISTERED =
  "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: https://developer.okta.com/docs/guides/sign-into-web-app-redirect/main/#create-an-app-integration";

/** An OAuth error answered on the client's redirect URI, in the request's response mode. */
class Redirected extends Error {
  override name = 'Redirected';
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
  }
}

/** Why the request can't be sent back to the client: shown on the error page. */
class Shown extends Error {
  override name = 'Shown';
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
  }
}

/** A request's parameters, each given at most once. */
type Params = Record<string, string>;

export function authorize(ctx: OrgContext): (c: Context) => Promise<Response> {
  return async (c) => {
    const all = c.req.queries();
    let target: { client: OidcAppConfig; redirectUri: string; mode: ResponseMode; state: string | undefined } | undefined;
    try {
      const { client, redirectUri } = clientAndRedirect(ctx, all);
      // The `state` to echo: the request's own, whatever else is wrong with it.
      const state = all.state?.length === 1 ? all.state[0] : undefined;
      const mode = all.response_mode?.length === 1 ? all.response_mode[0] : 'query';
      const known = RESPONSE_MODES.find((m) => m === mode);
      target = { client, redirectUri, mode: known ?? 'query', state };
      if (!known) {
        throw new Redirected(
          'unsupported_response_mode',
          `The response mode is not supported by the authorization server. Supported response modes: ${RESPONSE_MODES.join(', ')}.`,
        );
      }
      const params = singleValued(all);
      return await authorizeClient(ctx, c, client, redirectUri, known, params);
    } catch (err) {
      if (err instanceof Shown) return errorPage(c, err.error, err.description);
      const oauth = err instanceof Redirected ? err : err instanceof OAuthError ? new Redirected(err.error, err.description) : undefined;
      if (!oauth || !target) throw err;
      const params: Params = { error: oauth.error, error_description: oauth.description };
      if (target.state) params.state = target.state;
      return respond(c, { redirectUri: target.redirectUri, mode: target.mode, params });
    }
  };
}

/** Step 1: the app and one of its Login redirect URIs, or the error page. */
function clientAndRedirect(ctx: OrgContext, all: Record<string, string[]>): { client: OidcAppConfig; redirectUri: string } {
  const [clientId, ...more] = all.client_id ?? [];
  if (!clientId) throw new Shown('invalid_request', "The 'client_id' parameter is required.");
  if (more.length) throw new Shown('invalid_request', "The 'client_id' parameter was given more than once.");
  const client = registeredClient(ctx, clientId);
  if (!client) throw new Shown('invalid_client', "Invalid value for 'client_id' parameter.");
  const uris = all.redirect_uri ?? [];
  const [redirectUri] = uris;
  if (uris.length !== 1 || redirectUri === undefined || !client.redirectUris.includes(redirectUri)) {
    throw new Shown('invalid_request', REDIRECT_NOT_REGISTERED);
  }
  return { client, redirectUri };
}

/** Every parameter's value; one given twice is refused (a request must mean one thing). */
function singleValued(all: Record<string, string[]>): Params {
  const out = Object.create(null) as Params;
  for (const [name, values] of Object.entries(all)) {
    if (values.length > 1) throw new Redirected('invalid_request', `The '${name.slice(0, 64)}' parameter was given more than once.`);
    const [value] = values;
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Steps 2–4, with the client and where to answer it known. */
async function authorizeClient(
  ctx: OrgContext,
  c: Context,
  client: OidcAppConfig,
  redirectUri: string,
  responseMode: ResponseMode,
  params: Params,
): Promise<Response> {
  if (params.request !== undefined) throw new Redirected('request_not_supported', "The 'request' parameter is not supported.");
  if (params.request_uri !== undefined) throw new Redirected('request_uri_not_supported', "The 'request_uri' parameter is not supported.");
  if (!params.response_type) throw OAUTH_ERRORS.missingParameter('response_type');
  if (params.prompt === 'enroll_authenticator') return enrollAuthenticator(ctx, c, client, redirectUri, responseMode, params);
  if (params.response_type !== 'code') {
    throw new Redirected(
      'unsupported_response_type',
      'The response type is not supported by the authorization server. Configured response types: [code].',
    );
  }
  if (!allowsGrant(client, 'authorization_code')) throw OAUTH_ERRORS.unauthorizedClient(client.grantTypes);
  const q = parseOr(authorizeQuery(client, isPublicClient(client)), params, 'oauth');
  // The org server has no custom scopes (invalid_scope, sent back like any other error).
  requireServerScopes(ctx, q.scope);
  const request: RedirectSignIn = {
    responseMode,
    ...(q.code_challenge ? { codeChallenge: q.code_challenge } : {}),
    server: ctx.server.id,
    ...(q.prompt === 'login' ? { forceLogin: true } : {}),
    ...(q.max_age !== undefined ? { maxAge: q.max_age } : {}),
    ...(q.display ? { display: q.display } : {}),
  };

  const now = ctx.clock.now();
  const session = await currentSession(ctx, c);
  const usable = session && sessionCounts(request, session.record.authTime, now) ? session : undefined;
  if (usable && (await satisfiesSignOn(ctx, usable))) {
    // An app for chosen users (as the hosted sign-in's success checks too): Okta's access_denied.
    if (client.assignment === 'assigned' && !(await ctx.store.appAssignment(client.clientId, usable.user.id))) {
      throw new Redirected('access_denied', 'User is not assigned to the client application.');
    }
    await touchSession(ctx, c, usable);
    const code = await issueAuthorizationCode(
      ctx,
      {
        clientId: client.clientId,
        userId: usable.user.id,
        scopes: q.scope,
        ...(q.nonce ? { nonce: q.nonce } : {}),
        authTime: Math.floor(usable.record.authTime / 1000),
        amr: amrFor(sessionFactors(usable), amrOf),
        redirectUri,
        ...(q.code_challenge ? { codeChallenge: q.code_challenge } : {}),
        server: ctx.server.id,
      },
      `session:${usable.record.id}`,
    );
    return respond(c, { redirectUri, mode: responseMode, params: { code, state: q.state } });
  }
  if (q.prompt === 'none') {
    if (usable)
      throw new Redirected(
        'interaction_required',
        'The client specified not to prompt, but the sign-on policy requires more authentication.',
      );
    throw new Redirected('login_required', 'The client specified not to prompt, but the user is not logged in.');
  }

  const tx = await startTransaction(ctx, {
    clientId: client.clientId,
    redirectUri,
    scopes: q.scope,
    // Without the client's challenge, one nobody has a verifier for: the transaction's interaction code
    // is then unredeemable, and the authorization code is bound by client authentication instead.
    codeChallenge: q.code_challenge ?? ctx.ids.secret(),
    state: q.state,
    ...(q.nonce ? { nonce: q.nonce } : {}),
    redirect: request,
  });
  return hostedPage(ctx, c, { client, redirectUri, stateToken: tx.stateHandle, loginHint: q.login_hint });
}

/**
 * `prompt=enroll_authenticator` (enroll-authenticator.ts): a fresh sign-in on the hosted page, then the
 * requested authenticators to set up, then back to the client with `state` alone. Nothing is issued, so
 * the app needs no grant and sends no PKCE; the response type must say so (`none`).
 */
async function enrollAuthenticator(
  ctx: OrgContext,
  c: Context,
  client: OidcAppConfig,
  redirectUri: string,
  responseMode: ResponseMode,
  params: Params,
): Promise<Response> {
  if (params.response_type !== 'none') {
    throw new Redirected('invalid_request', "The 'response_type' parameter must be 'none' when 'prompt' is 'enroll_authenticator'.");
  }
  const q = parseOr(enrollAuthenticatorQuery, params, 'oauth');
  const scopes = params.scope !== undefined ? parseOr(z.object({ scope: scopesOf(client) }), params, 'oauth').scope : [];
  const request: RedirectSignIn = { responseMode, server: ctx.server.id, maxAge: 0, enroll: q.enroll_amr_values };
  const tx = await startTransaction(ctx, {
    clientId: client.clientId,
    redirectUri,
    scopes,
    // Nothing is redeemed at the end: a challenge nobody has a verifier for.
    codeChallenge: ctx.ids.secret(),
    state: q.state,
    redirect: request,
  });
  return hostedPage(ctx, c, { client, redirectUri, stateToken: tx.stateHandle, loginHint: q.login_hint });
}

/** The hosted sign-in page on the transaction the request started (`stateToken`), the username filled in from `login_hint`. */
function hostedPage(
  ctx: OrgContext,
  c: Context,
  {
    client,
    redirectUri,
    stateToken,
    loginHint,
  }: { client: OidcAppConfig; redirectUri: string; stateToken: string; loginHint?: string | undefined },
): Response {
  return hostedSignInPage(c, {
    origin: ctx.config.publicOrigin,
    stateToken,
    redirectUri,
    appLabel: client.label,
    backToSignIn: sameRequest(ctx, c),
    ...(loginHint ? { username: loginHint } : {}),
  });
}

/** This authorization request's URL on the org's public origin (what the browser asked for, whatever host it used). */
function sameRequest(ctx: OrgContext, c: Context): string {
  const url = new URL(c.req.url);
  return `${ctx.config.publicOrigin}${url.pathname}${url.search}`;
}

/** The session has verified what the sign-on policy asks of a sign-in (the password, and a second factor when it wants one). */
async function satisfiesSignOn(ctx: OrgContext, session: ActiveSession): Promise<boolean> {
  const probe: TxData = {
    clientId: '',
    redirectUri: '',
    scopes: [],
    codeChallenge: '',
    state: '',
    createdAt: session.record.createdAt,
    step: { name: 'identify' },
    verified: sessionFactors(session),
  };
  return owedFactor(probe, await userPolicy(ctx, session.user.id)) === undefined;
}

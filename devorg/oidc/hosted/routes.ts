/**
 * `/login/*`: the org-level half of the Okta-hosted sign-in (the page itself is `/v1/authorize`'s answer):
 * - `GET /login/token/redirect?stateToken=…`: where the hosted widget goes at success (`success.href`).
 *   Only the browser that finished the sign-in may use it (it carries the org session the sign-in just
 *   established): a state token alone must not let another browser receive the user's code. It spends
 *   the transaction's interaction code (once: a second visit is refused) and answers the client's
 *   authorization request with an authorization code in the request's response mode (an enrollment
 *   request, `prompt=enroll_authenticator`, with its `state` alone).
 * - `GET /login/assets/…`: the pages' scripts and the Sign-In Widget's files (`assets.ts`).
 */
import { Hono, type Context } from 'hono';
import type { OrgContext } from '../../context';
import type { TxData } from '../../idx/machine';
import { hashCode, type InteractionGrant } from '../../idx/transactions';
import { currentSession } from '../../sessions';
import { issueAuthorizationCode } from '../grants/authorization-code';
import { pageScript, SCRIPTS, widgetFile } from './assets';
import { errorPage } from './html';
import { HOSTED_CSS } from './page';
import { respond } from './response';

const MAX_STATE_TOKEN = 256;
const NOT_THIS_BROWSER = 'The sign-in was completed in another browser, or this browser does not keep cookies for this org.';
const NOT_FINISHED = 'The sign-in has not finished, has expired, or has already been used. Return to the application and sign in again.';

export function hostedRoutes(ctx: OrgContext): Hono {
  const app = new Hono();
  app.get('/token/redirect', (c) => tokenRedirect(ctx, c));

  for (const name of SCRIPTS) {
    app.get(`/assets/${name}.js`, async (c) => asset(c, await pageScript(name), 'text/javascript; charset=utf-8', 'no-cache'));
  }
  app.get('/assets/sign-in.css', (c) => asset(c, HOSTED_CSS, 'text/css; charset=utf-8', 'no-cache'));
  app.get('/assets/widget/*', async (c) => {
    const file = await widgetFile(c.req.path.slice('/login/assets/widget/'.length));
    if (!file) return c.text('Not found', 404);
    // The widget's files only change with the package version.
    return asset(c, file.body, file.type, 'public, max-age=86400');
  });
  return app;
}

function asset(c: Context, body: string | Uint8Array, type: string, cache: string): Response {
  c.header('Content-Type', type);
  c.header('Cache-Control', cache);
  c.header('X-Content-Type-Options', 'nosniff');
  return c.body(typeof body === 'string' ? body : body.slice());
}

async function tokenRedirect(ctx: OrgContext, c: Context): Promise<Response> {
  const stateToken = c.req.query('stateToken');
  if (!stateToken || stateToken.length > MAX_STATE_TOKEN) return errorPage(c, 'invalid_request', "The 'stateToken' parameter is required.");
  const now = ctx.clock.now();
  const tx = await ctx.store.transactionBy<TxData>({ stateHandle: stateToken });
  const step = tx?.data.step;
  const redirect = tx?.data.redirect;
  if (!tx || tx.expiresAt <= now || step?.name !== 'success' || !redirect) return errorPage(c, 'invalid_request', NOT_FINISHED);
  // The sign-in's own browser: its org session is the user's (established by the reply that finished it).
  const session = await currentSession(ctx, c);
  if (!session || session.user.id !== tx.data.userId) return errorPage(c, 'access_denied', NOT_THIS_BROWSER);
  // The transaction's interaction code was never shown to anyone; spending it makes this a one-time step.
  const used = await ctx.store.consumeInteractionCode<InteractionGrant>(hashCode(step.interactionCode), now);
  if (!used.found || used.reused || used.expiresAt <= now) return errorPage(c, 'invalid_request', NOT_FINISHED);
  // An enrollment request (`response_type=none`): what was set up is the user's already; the app gets its state back.
  if (redirect.enroll)
    return respond(c, { redirectUri: tx.data.redirectUri, mode: redirect.responseMode, params: { state: tx.data.state } });
  const { clientId, userId, scopes, nonce, authTime, amr, redirectUri } = used.grant;
  const code = await issueAuthorizationCode(
    ctx,
    {
      clientId,
      userId,
      scopes,
      ...(nonce ? { nonce } : {}),
      authTime,
      amr,
      redirectUri,
      ...(redirect.codeChallenge ? { codeChallenge: redirect.codeChallenge } : {}),
      server: redirect.server,
    },
    tx.id,
  );
  return respond(c, { redirectUri, mode: redirect.responseMode, params: { code, state: tx.data.state } });
}

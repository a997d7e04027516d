/**
 * Email magic links. Every email devorg sends with a code carries a link as well (unless the org turns
 * magic links off), in one of Okta's two forms:
 * - the app has an email verification callback (`emailMagicLinkUri`): `<uri>?otp=<code>&state=<state>`.
 *   The app hands both to the Sign-In Widget (`otp`, `state`), which answers the challenge in the
 *   browser that started the sign-in, or says to enter the code there when the link is opened elsewhere;
 * - otherwise devorg's own page, `/email/verify/<transaction>?token=<code>`: it answers the challenge
 *   itself and says to return to the original tab, whose widget sees the new state at its next poll.
 * Either way the answer is the code, judged exactly as a typed one (its lifetime, its failure count).
 * A sign-in on the Okta-hosted page gets devorg's page: the app never saw that transaction's state.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { authenticatorFor } from '../authenticators';
import type { OrgContext } from '../context';
import { IdxError } from '../errors';
import { sendNotice, type NoticePage } from '../oidc/hosted/html';
import type { Effect } from './machine';
import { idxSteps } from './steps';
import { findTransaction, type Tx } from './transactions';

/** The link an email with `effect`'s code carries, or null (SMS, or magic links off). */
export function magicLink(ctx: OrgContext, tx: Tx, effect: Extract<Effect, { type: 'send-code' }>): string | null {
  if (effect.kind !== 'email' || !ctx.config.codes.emailMagicLinks) return null;
  const callback = ctx.apps.byId(tx.data.clientId)?.emailMagicLinkUri;
  if (callback && tx.data.state && !tx.data.redirect) {
    const url = new URL(callback);
    url.searchParams.set('otp', effect.code);
    url.searchParams.set('state', tx.data.state);
    return url.toString();
  }
  const url = new URL(`${ctx.config.publicOrigin}/email/verify/${encodeURIComponent(tx.id)}`);
  url.searchParams.set('token', effect.code);
  return url.toString();
}

const linkQuery = z.object({ token: z.string().min(1).max(64) });

/** The widget's own words for each outcome (its `oie.consent.enduser.email.allow.*` and `idx.return.*` labels). */
const PAGES = {
  verified: {
    status: 200,
    title: 'Success! Return to the original tab or window',
    text: 'To continue, please return to the original browser tab or window you used to verify.',
  },
  expired: {
    status: 410,
    title: 'This email link has expired',
    text: 'This email link has expired. To resend it, return to the screen where you requested it.',
  },
  stale: {
    status: 409,
    title: 'This email link is out of date',
    text: 'This email link is out of date. Return to the screen where you requested it.',
  },
  invalid: {
    status: 400,
    title: 'Could not process this email link',
    text: 'Could not process this email link. Return to the screen where you requested it.',
  },
} satisfies Record<string, NoticePage>;

function page(c: Context, outcome: keyof typeof PAGES): Response {
  return sendNotice(c, PAGES[outcome]);
}

/** `GET /email/verify/:transaction?token=`: devorg's page behind an email's magic link. */
export function magicLinkRoutes(ctx: OrgContext): Hono {
  const app = new Hono();
  const steps = idxSteps(ctx);
  app.get('/email/verify/:transaction', async (c) => {
    const query = linkQuery.safeParse(c.req.query());
    if (!query.success) return page(c, 'invalid');
    let tx: Tx;
    try {
      tx = await findTransaction(ctx, { id: c.req.param('transaction') });
    } catch (err) {
      if (err instanceof IdxError) return page(c, 'expired');
      throw err;
    }
    const step = tx.data.step;
    const emailCodeOut =
      (step.name === 'challenge' || step.name === 'enroll') &&
      step.code !== undefined &&
      authenticatorFor(step.authenticator).delivery?.kind === 'email';
    if (!emailCodeOut) return page(c, 'stale');
    const answered = await steps.judge(tx, { passcode: query.data.token });
    if (!answered.status || answered.status === 200) return page(c, 'verified');
    const expired = answered.fieldMessages?.['credentials.passcode']?.some((m) => m.i18n?.key === 'api.authn.error.PASSCODE_EXPIRED');
    return page(c, expired ? 'expired' : 'invalid');
  });
  return app;
}

/**
 * Activation by email, for self-service registration with "Email verification required before access"
 * (`policies.registrationActivation` / an app's `registrationActivation`: `email`). The registration ends
 * on Okta's terminal "To finish signing in, check your email."; the account is created PROVISIONED with
 * an activation token (its hash only is kept), and the activation email in the outbox carries Okta's link,
 * `<org>/welcome/<token>`. Following it once, before it expires, makes the account ACTIVE with its email
 * verified (the email authenticator set up); the page then says the user may sign in.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { wireOf } from '../authenticators';
import type { OrgContext } from '../context';
import { userEntity } from '../log/entities';
import { sendNotice, type NoticePage } from '../oidc/hosted/html';
import type { ActivationTokenRecord } from '../store';

const DAY_MS = 24 * 60 * 60 * 1000;
const EMAIL = 'okta_email';
/** Okta's activation tokens: 20 characters of base62 is what its `activationToken` looks like; 32 random bytes here. */
const newToken = () => randomBytes(32).toString('base64url');
const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A new activation token for `userId` (the record to store with the user) and the link its email carries. */
export function newActivation(ctx: OrgContext, userId: string, now: number): { record: ActivationTokenRecord; link: string } {
  const token = newToken();
  const days = ctx.config.policies.activationTokenDays ?? 7;
  return {
    record: { tokenHash: hashOf(token), userId, expiresAt: now + days * DAY_MS, createdAt: now },
    link: `${ctx.config.publicOrigin}/welcome/${encodeURIComponent(token)}`,
  };
}

const PAGES = {
  activated: { status: 200, title: 'Your account is activated', text: 'Your email is verified. You can now sign in.' },
  invalid: {
    status: 400,
    title: 'This activation link is not valid',
    text: 'This activation link is not valid: it was used already, has expired, or its account is no longer waiting for activation.',
  },
} satisfies Record<string, NoticePage>;

function page(c: Context, outcome: keyof typeof PAGES): Response {
  return sendNotice(c, PAGES[outcome]);
}

/** `GET /welcome/:token`: the activation email's link. */
export function activationRoutes(ctx: OrgContext): Hono {
  const app = new Hono();
  app.get('/welcome/:token', async (c) => {
    const token = c.req.param('token');
    if (token.length > 128) return page(c, 'invalid');
    const now = ctx.clock.now();
    const user = await ctx.store.userById(
      (await ctx.store.activateWithToken(hashOf(token), now, ({ id, email }) => ({
        id: ctx.ids.oktaId(wireOf(EMAIL).enrollmentPrefix),
        userId: id,
        authenticator: EMAIL,
        profile: { email },
        secret: null,
        failures: 0,
        lastUsedStep: null,
        createdAt: now,
        lastVerifiedAt: now,
      }))) ?? '',
    );
    if (!user) return page(c, 'invalid');
    const entity = userEntity(user);
    ctx.log.record({ eventType: 'user.lifecycle.activate', actor: entity, target: [entity], debugData: { registration: 'SELF_SERVICE' } });
    return page(c, 'activated');
  });
  return app;
}

/**
 * The org session: what a completed sign-in leaves in the browser, as Okta Identity Engine's `idx`
 * cookie on the org's origin. A later sign-in of the same user in that browser continues it (the
 * factors it verified are not asked again); sign-out (`/v1/logout`, `DELETE /api/v1/sessions/me`) ends it.
 *
 * - The cookie value is an opaque random token; only its SHA-256 is stored, so the table can't be
 *   replayed into a browser.
 * - `HttpOnly; Path=/; SameSite=None; Secure`, as Okta sets `idx`, so it also travels on the widget's
 *   credentialed cross-origin IDX calls. Browsers accept `Secure` from http://localhost (a potentially
 *   trustworthy origin); a devorg published over plain http on another host can't use `Secure`, so it
 *   falls back to `SameSite=Lax` (still same-site with a portal on the same host).
 * - "Keep me signed in" (the identify form's `rememberMe`) makes it persistent (`Max-Age`/`Expires`,
 *   `session.persistentDays`); otherwise it is a browser-session cookie and the session also ends after
 *   `session.maxIdleMinutes` unused or `session.maxLifetimeMinutes` in all (Okta's global session policy).
 * - A session stops counting when its user is no longer ACTIVE (deactivated, suspended, locked out) or
 *   changed their password after it began.
 */
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import { amrOf, isAvailable, PASSWORD } from './authenticators';
import type { AuthenticatorKey } from './authenticators/types';
import type { OrgContext } from './context';
import { API_ERRORS } from './errors';
import { userEntity, userRef } from './log/entities';
import type { SessionRecord, UserRecord } from './store';

export const SESSION_COOKIE = 'idx';
/** Our tokens are 43 characters; anything much longer is not one of ours and isn't worth hashing. */
const MAX_TOKEN_LENGTH = 256;

export interface ActiveSession {
  record: SessionRecord;
  user: UserRecord;
  /** The cookie's value, to re-issue it. */
  token: string;
}

/** What the sign-in that just completed established. */
export interface CompletedSignIn {
  userId: string;
  verified: readonly AuthenticatorKey[];
  authTime?: number;
  rememberMe?: boolean;
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * The session the request's cookie names, if it still counts. A cookie naming a session that no longer
 * counts (expired, user not ACTIVE, password changed since) ends that session.
 */
export async function currentSession(ctx: OrgContext, c: Context): Promise<ActiveSession | undefined> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token || token.length > MAX_TOKEN_LENGTH) return undefined;
  const record = await ctx.store.sessionByTokenHash(hashSessionToken(token));
  if (!record) return undefined;
  const user = await ctx.store.userById(record.userId);
  const valid =
    record.expiresAt > ctx.clock.now() &&
    user !== undefined &&
    user.status === 'ACTIVE' &&
    (user.passwordChangedAt === null || user.passwordChangedAt <= record.createdAt);
  if (!valid || !user) {
    await ctx.store.deleteSession(record.id);
    return undefined;
  }
  return { record, user, token };
}

/** The factors a session verified that this org still knows, for the machine's `identify` event. */
export function sessionFactors(session: ActiveSession): AuthenticatorKey[] {
  return session.record.factors.filter((k): k is AuthenticatorKey => isAvailable(k as AuthenticatorKey));
}

/**
 * After a sign-in completed: the browser's session of the same user is continued (its factors plus
 * this sign-in's, a fresh token, a new idle deadline); otherwise a new session replaces whatever the
 * browser held. Sets the cookie on the response.
 */
export async function establishSession(ctx: OrgContext, c: Context, done: CompletedSignIn): Promise<string> {
  const now = ctx.clock.now();
  const current = await currentSession(ctx, c);
  const token = ctx.ids.secret();
  const tokenHash = hashSessionToken(token);
  if (current && current.record.userId === done.userId) {
    const persistent = done.rememberMe ?? current.record.persistent;
    const updated = {
      ...current.record,
      tokenHash,
      factors: [...new Set([...current.record.factors, ...done.verified])],
      authTime: done.authTime ?? current.record.authTime,
      persistent,
      lastUsedAt: now,
      expiresAt: deadline(ctx, current.record.createdAt, now, persistent),
    };
    if (await ctx.store.updateSession(updated)) {
      setSessionCookie(ctx, c, token, updated);
      return updated.id;
    }
  }
  // A fresh browser-session is also what a different user signing in on this browser gets: the other
  // user's session ends here, since the browser can hold only one `idx` cookie.
  const persistent = done.rememberMe === true;
  const record: SessionRecord = {
    id: ctx.ids.oktaId('102'),
    tokenHash,
    userId: done.userId,
    factors: [...done.verified],
    authTime: done.authTime ?? now,
    persistent,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: deadline(ctx, now, now, persistent),
  };
  await ctx.store.createSession(record, current?.record.id);
  setSessionCookie(ctx, c, token, record);
  return record.id;
}

/**
 * The session was used to sign the user in to an app without a prompt (`/v1/authorize`): as on Okta,
 * that is activity, so its idle deadline moves on (never past its absolute lifetime). The cookie keeps
 * its value; a persistent one gets the new expiry. A concurrent change of the session wins.
 */
export async function touchSession(ctx: OrgContext, c: Context, session: ActiveSession): Promise<void> {
  const now = ctx.clock.now();
  const { record } = session;
  const touched = { ...record, lastUsedAt: now, expiresAt: deadline(ctx, record.createdAt, now, record.persistent) };
  if (touched.expiresAt <= record.expiresAt) return;
  if (await ctx.store.touchSession(record.id, record.tokenHash, now, touched.expiresAt)) setSessionCookie(ctx, c, session.token, touched);
}

/** Sign-out: ends the session the cookie names (whatever its state) and clears the cookie. */
export async function endSession(ctx: OrgContext, c: Context): Promise<boolean> {
  const token = getCookie(c, SESSION_COOKIE);
  let ended = false;
  if (token && token.length <= MAX_TOKEN_LENGTH) {
    const record = await ctx.store.sessionByTokenHash(hashSessionToken(token));
    if (record) ended = await ctx.store.deleteSession(record.id);
    if (record && ended) await logSessionEnd(ctx, record);
  }
  if (token !== undefined) deleteCookie(c, SESSION_COOKIE, baseCookieOptions(ctx));
  return ended;
}

/** `user.session.end`, with the user as Okta names them (a sign-out is rare enough for the lookup). */
async function logSessionEnd(ctx: OrgContext, record: SessionRecord): Promise<void> {
  const user = await ctx.store.userById(record.userId);
  const entity = user ? userEntity(user) : userRef(record.userId, undefined);
  ctx.log.record({ eventType: 'user.session.end', actor: entity, target: [entity], externalSessionId: record.id });
}

/** When a session ends unless used again: persistent ones after `persistentDays`, others idle or absolute limit. */
function deadline(ctx: OrgContext, createdAt: number, now: number, persistent: boolean): number {
  const policy = ctx.config.session;
  if (persistent) return createdAt + policy.persistentDays * 24 * 3600_000;
  return Math.min(createdAt + policy.maxLifetimeMinutes * 60_000, now + policy.maxIdleMinutes * 60_000);
}

function baseCookieOptions(ctx: OrgContext): CookieOptions {
  const secure = secureOrigin(ctx.config.publicOrigin);
  return { path: '/', httpOnly: true, secure, sameSite: secure ? 'None' : 'Lax' };
}

function setSessionCookie(ctx: OrgContext, c: Context, token: string, s: Pick<SessionRecord, 'persistent' | 'expiresAt'>): void {
  const options = baseCookieOptions(ctx);
  if (s.persistent) {
    options.maxAge = Math.max(0, Math.floor((s.expiresAt - ctx.clock.now()) / 1000));
    options.expires = new Date(s.expiresAt);
  }
  setCookie(c, SESSION_COOKIE, token, options);
}

/** https, or http on a loopback name (browsers treat it as a secure context and keep `Secure` cookies). */
function secureOrigin(origin: string): boolean {
  const url = new URL(origin);
  return url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * `/api/v1/sessions/me`: the browser's own session, authenticated by its cookie (never an API token).
 * auth-js calls these credentialed from the portal (`session.get()`, `closeSession()`).
 */
export function sessionRoutes(ctx: OrgContext): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-cache, no-store');
  });
  const notFound = () => API_ERRORS.notFound('me', 'Session');

  app.get('/me', async (c) => {
    const session = await currentSession(ctx, c);
    if (!session) throw notFound();
    return c.json(sessionJson(ctx, session));
  });

  app.delete('/me', async (c) => {
    if (!(await endSession(ctx, c))) throw notFound();
    return c.body(null, 204);
  });
  return app;
}

/** Okta's Session object. */
function sessionJson(ctx: OrgContext, { record, user }: ActiveSession) {
  const factors = sessionFactors({ record, user, token: '' });
  const amr = [...new Set(factors.map(amrOf))];
  const base = `${ctx.config.publicOrigin}/api/v1`;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: record.id,
    userId: user.id,
    login: user.profile.login,
    createdAt: iso(record.createdAt),
    expiresAt: iso(record.expiresAt),
    status: 'ACTIVE',
    lastPasswordVerification: factors.includes(PASSWORD) ? iso(record.authTime) : null,
    lastFactorVerification: factors.some((k) => k !== PASSWORD) ? iso(record.authTime) : null,
    amr,
    idp: { id: ctx.config.orgName, type: 'OKTA' },
    mfaActive: new Set(factors).size > 1,
    _links: {
      self: { href: `${base}/sessions/me`, hints: { allow: ['GET', 'DELETE'] } },
      user: { name: [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' '), href: `${base}/users/me` },
    },
  };
}

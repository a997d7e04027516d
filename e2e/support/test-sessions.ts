/**
 * devorg's test sign-in (`POST /dev/api/sessions`, SSWS, test mode only): a real token set for a user,
 * without the widget, and the tokenManager entries auth-js would have written for it. For tests that
 * aren't about signing in. A real org has none: the `signedInAs` fixture declares `requires('testSessions')`.
 */
import { expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { decodeJwt } from 'jose';
import { E2E } from '../../playwright.config';
import { ISSUER, TOKEN_STORAGE_KEY } from './tokens';
import { RETRY_ON_RESET } from './retries';

interface TokenSet {
  access_token: string;
  id_token: string;
  refresh_token?: string;
  scope: string;
  expires_in: number;
}

/**
 * The scopes the portal's e2e build asks for (.env.e2e `VITE_OKTA_SCOPES`): a test sign-in with these gets
 * the token set a widget sign-in of the same build would leave (the MyAccount scopes included).
 */
export const PORTAL_SCOPES = [
  'openid',
  'profile',
  'email',
  'offline_access',
  'okta.myAccount.profile.read',
  'okta.myAccount.profile.manage',
  'okta.myAccount.sessions.manage',
  'okta.myAccount.authenticators.manage',
  'okta.myAccount.password.read',
  'okta.myAccount.password.manage',
];

/** What the org's default policy verifies at a widget sign-in: the password, then an email code. */
export const WIDGET_SIGN_IN_AMR = ['pwd', 'email', 'mfa'];

export interface TestSessionOptions {
  /** What the sign-in is said to have verified (the ID token's `amr`); `["pwd"]` unless given. */
  amr?: string[];
  scopes?: string[];
  /** How long ago the sign-in is said to have been (`auth_time`): e.g. past MyAccount's step-up window. */
  authenticatedSecondsAgo?: number;
  /**
   * An org session too: the `idx` cookie a completed sign-in leaves, put in the test's browser (its
   * factors: the authenticators whose amr value is in `amr`). `{ rememberMe: true }` makes it persistent.
   */
  orgSession?: true | { rememberMe: boolean };
}

export interface TestSession {
  tokens: TokenSet;
  /** The org session cookie, as the browser context takes it (with `orgSession` only). */
  orgSession?: Cookie;
}

type Cookie = Parameters<BrowserContext['addCookies']>[0][number];

/** The `idx` cookie of a `Set-Cookie` header, as a cookie the browser context can be given. */
function orgSessionCookie(setCookie: string | undefined): Cookie | undefined {
  const line = setCookie?.split('\n').find((l) => l.startsWith('idx='));
  if (!line) return undefined;
  const [pair = '', ...attributes] = line.split(';').map((p) => p.trim());
  const attribute = (name: string) => attributes.find((a) => a.toLowerCase().startsWith(name.toLowerCase()))?.split('=')[1];
  const maxAge = attribute('Max-Age');
  const sameSite = attribute('SameSite');
  return {
    name: 'idx',
    value: pair.slice('idx='.length),
    domain: new URL(E2E.orgUrl).hostname,
    path: '/',
    httpOnly: attributes.some((a) => a.toLowerCase() === 'httponly'),
    secure: attributes.some((a) => a.toLowerCase() === 'secure'),
    sameSite: sameSite === 'None' || sameSite === 'Strict' ? sameSite : 'Lax',
    expires: maxAge ? Math.floor(Date.now() / 1000) + Number(maxAge) : -1,
  };
}

export async function mintTestSession(request: APIRequestContext, login: string, opts: TestSessionOptions = {}): Promise<TestSession> {
  const { orgSession, ...rest } = opts;
  const res = await request.post(`${E2E.orgUrl}/dev/api/sessions`, {
    headers: { Authorization: `SSWS ${E2E.apiToken}` },
    data: { login, clientId: E2E.clientId, ...rest, ...(orgSession ? { session: orgSession } : {}) },
    // A second test sign-in, should the first have been read after all, is as good as the first.
    ...RETRY_ON_RESET,
  });
  expect(res.status(), await res.text()).toBe(201);
  const cookie = orgSession ? orgSessionCookie(res.headers()['set-cookie']) : undefined;
  if (orgSession) expect(cookie, 'the test sign-in set no idx cookie').toBeDefined();
  return { tokens: (await res.json()) as TokenSet, ...(cookie ? { orgSession: cookie } : {}) };
}

/** `okta-token-storage` as auth-js 7 writes it after `tokenManager.setTokens` (what token-storage.ts accepts). */
export function tokenManagerEntries(set: TokenSet): Record<string, unknown> {
  const scopes = set.scope.split(' ');
  const access = decodeJwt(set.access_token);
  const id = decodeJwt(set.id_token);
  const urls = { authorizeUrl: `${ISSUER}/v1/authorize`, issuer: ISSUER };
  return {
    accessToken: {
      accessToken: set.access_token,
      claims: access,
      expiresAt: access.exp,
      tokenType: 'Bearer',
      scopes,
      userinfoUrl: `${ISSUER}/v1/userinfo`,
      ...urls,
    },
    idToken: { idToken: set.id_token, claims: id, expiresAt: id.exp, scopes, clientId: E2E.clientId, ...urls },
    ...(set.refresh_token
      ? { refreshToken: { refreshToken: set.refresh_token, expiresAt: access.exp, scopes, tokenUrl: `${ISSUER}/v1/token`, ...urls } }
      : {}),
  };
}

/**
 * Puts the tokens in the portal's storage (on its origin), where auth-js reads them at the next page load.
 * Written from the portal's favicon (a document on its origin that runs no script): booting the portal
 * just to write its storage would cost a page load.
 */
export async function storeTokens(page: Page, set: TokenSet): Promise<void> {
  await page.goto('/favicon.svg');
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [
    TOKEN_STORAGE_KEY,
    JSON.stringify(tokenManagerEntries(set)),
  ] as const);
}

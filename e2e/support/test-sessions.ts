/**
 * devorg's test sign-in (`POST /dev/api/sessions`, SSWS, test mode only): a real token set for a user,
 * without the widget, and the tokenManager entries auth-js would have written for it. For tests that
 * aren't about signing in. A real org has none: the `signedInAs` fixture declares `requires('testSessions')`.
 */
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { decodeJwt } from 'jose';
import { E2E } from '../../playwright.config';
import { ISSUER, TOKEN_STORAGE_KEY } from './tokens';

interface TokenSet {
  access_token: string;
  id_token: string;
  refresh_token?: string;
  scope: string;
  expires_in: number;
}

export interface TestSessionOptions {
  /** What the sign-in is said to have verified (the ID token's `amr`); `["pwd"]` unless given. */
  amr?: string[];
  scopes?: string[];
}

export async function mintTestSession(request: APIRequestContext, login: string, opts: TestSessionOptions = {}): Promise<TokenSet> {
  const res = await request.post(`${E2E.orgUrl}/dev/api/sessions`, {
    headers: { Authorization: `SSWS ${E2E.apiToken}` },
    data: { login, clientId: E2E.clientId, ...opts },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as TokenSet;
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

/** Puts the tokens in the portal's storage (on its origin), where auth-js reads them at the next page load. */
export async function storeTokens(page: Page, set: TokenSet): Promise<void> {
  await page.goto('/');
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [
    TOKEN_STORAGE_KEY,
    JSON.stringify(tokenManagerEntries(set)),
  ] as const);
}

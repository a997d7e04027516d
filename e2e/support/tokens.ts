/**
 * The tokens auth-js keeps for the portal (`okta-token-storage` in localStorage, the portal's default),
 * read from the page, and the org's token endpoint as auth-js calls it.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { E2E } from '../../playwright.config';

export const TOKEN_STORAGE_KEY = 'okta-token-storage';
export const ISSUER = `${E2E.orgUrl}/oauth2/default`;

export interface StoredToken {
  accessToken?: string;
  idToken?: string;
  refreshToken?: string;
  claims?: Record<string, unknown>;
  expiresAt?: number;
  pendingRemove?: boolean;
}

/** What auth-js keeps in `okta-token-storage`. */
export async function storedTokens(page: Page): Promise<Record<string, StoredToken>> {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, StoredToken>, TOKEN_STORAGE_KEY);
}

/** The stored ID token's claims (none when there is no ID token). */
export async function idTokenClaims(page: Page): Promise<Record<string, unknown>> {
  return (await storedTokens(page)).idToken?.claims ?? {};
}

/** The stored access token, as the portal sends it to the API. */
export async function storedAccessToken(page: Page): Promise<string | undefined> {
  return (await storedTokens(page)).accessToken?.accessToken;
}

/** The refresh request exactly as auth-js sends it, from outside the browser. */
export function refreshWith(request: APIRequestContext, refreshToken: string, clientId: string) {
  return request.post(`${ISSUER}/v1/token`, {
    form: { client_id: clientId, grant_type: 'refresh_token', scope: 'openid profile email offline_access', refresh_token: refreshToken },
  });
}

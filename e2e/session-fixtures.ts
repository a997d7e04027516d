/**
 * Fixtures for token and session journeys, on top of ./fixtures: the tokens auth-js stored, a way to
 * sign in and land on the dashboard, and devorg's clock (dev API) for server-side deadlines.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { E2E } from '../playwright.config';
import { expect, test as base, type TestUser } from './fixtures';
import type { SignInPage } from './pages/sign-in-page';
import { resolveTarget, unmetNeeds } from './target';

export const TOKEN_STORAGE_KEY = 'okta-token-storage';
export const ISSUER = `${E2E.orgUrl}/oauth2/default`;

export interface StoredToken {
  accessToken?: string;
  idToken?: string;
  refreshToken?: string;
  expiresAt?: number;
  pendingRemove?: boolean;
}

/** What auth-js keeps in `okta-token-storage` (localStorage: the portal's default). */
export async function storedTokens(page: Page): Promise<Record<string, StoredToken>> {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, StoredToken>, TOKEN_STORAGE_KEY);
}

/** The refresh request exactly as auth-js sends it, from outside the browser. */
export function refreshWith(request: APIRequestContext, refreshToken: string, clientId: string) {
  return request.post(`${ISSUER}/v1/token`, {
    form: { client_id: clientId, grant_type: 'refresh_token', scope: 'openid profile email offline_access', refresh_token: refreshToken },
  });
}

/** devorg's clock, moved through its dev API (`/dev/api/clock`, SSWS). */
export class OrgClock {
  constructor(private readonly request: APIRequestContext) {}

  async advance(seconds: number): Promise<void> {
    const res = await this.request.post(`${E2E.orgUrl}/dev/api/clock`, {
      headers: { Authorization: `SSWS ${E2E.apiToken}` },
      data: { advanceSeconds: seconds },
    });
    expect(res.status(), await res.text()).toBe(200);
  }

  /**
   * One IDX transaction's lifetime runs out now, as if the clock had passed it; unlike `advance`, no
   * other test's transactions or codes age with it.
   */
  async expireTransaction(interactionHandle: string): Promise<void> {
    const res = await this.request.post(`${E2E.orgUrl}/dev/api/clock/expire-transaction`, {
      headers: { Authorization: `SSWS ${E2E.apiToken}` },
      data: { interactionHandle },
    });
    expect(res.status(), await res.text()).toBe(200);
  }
}

interface SessionFixtures {
  /** Signs `user` in through the widget and waits for the dashboard. */
  signInToDashboard: () => Promise<void>;
  orgClock: OrgClock;
}

async function signInToDashboard(page: Page, signIn: SignInPage, user: TestUser): Promise<void> {
  await signIn.open('/login');
  await signIn.signInWith(user.login, user.password);
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();
}

export const test = base.extend<SessionFixtures>({
  signInToDashboard: async ({ page, signIn, user }, use) => {
    await use(() => signInToDashboard(page, signIn, user));
  },

  orgClock: async ({ request }, use) => {
    const unmet = unmetNeeds(resolveTarget(process.env), ['clock']);
    test.skip(unmet !== undefined, unmet);
    await use(new OrgClock(request));
  },
});

export { expect };

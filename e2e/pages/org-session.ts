/**
 * The browser's side of the org session: the org's `idx` cookie, and what `/api/v1/sessions/me` says
 * about it (asked with the browser's cookies, as auth-js's `session.get()` does).
 */
import type { BrowserContext, Cookie } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { RETRY_ON_RESET } from '../support/retries';

/** Okta Identity Engine's session cookie (on the org's origin, HttpOnly: scripts on the portal never see it). */
export const ORG_SESSION_COOKIE = 'idx';

export class OrgSession {
  constructor(private readonly context: BrowserContext) {}

  /** The `idx` cookie the browser holds for the org, if any. */
  async cookie(): Promise<Cookie | undefined> {
    return (await this.context.cookies(E2E.orgUrl)).find((c) => c.name === ORG_SESSION_COOKIE);
  }

  /** `GET /api/v1/sessions/me` with this browser's cookies: 200 while the org session lasts, else 404. */
  async status(): Promise<number> {
    const res = await this.context.request.get(`${E2E.orgUrl}/api/v1/sessions/me`, {
      headers: { Accept: 'application/json' },
      ...RETRY_ON_RESET,
    });
    return res.status();
  }
}

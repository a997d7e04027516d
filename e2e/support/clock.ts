/**
 * devorg's clock, moved through its dev API (`/dev/api/clock`, SSWS): server-side deadlines without
 * waiting for them. A real org has none: the `orgClock` fixture declares `requires('clock')`.
 */
import { expect, type APIRequestContext } from '@playwright/test';
import { E2E } from '../../playwright.config';

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

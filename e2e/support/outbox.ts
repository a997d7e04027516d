/**
 * devorg's outbox (`GET /dev/api/outbox`, SSWS-authenticated): the codes it "emails" and "texts". A
 * real org has none: tests that read codes declare `requires('outbox')` (the `outbox` fixture does).
 */
import { expect, type APIRequestContext } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { RETRY_ON_RESET } from './retries';

export interface OutboxMessage {
  id: string;
  to: string;
  kind: 'email' | 'sms' | 'voice';
  code: string;
  /** An email's magic link (devorg sends one with each email code unless the org turns them off); null for SMS. */
  link: string | null;
  purpose: string;
  created: string;
}

/** Where the codes the org sends can be read (devorg's outbox). */
export interface CodeSource {
  messages(to: string): Promise<OutboxMessage[]>;
  next(to: string, seen?: readonly OutboxMessage[]): Promise<OutboxMessage>;
}

export class Outbox implements CodeSource {
  constructor(private readonly request: APIRequestContext) {}

  async messages(to: string): Promise<OutboxMessage[]> {
    const res = await this.request.get(`${E2E.orgUrl}/dev/api/outbox`, {
      params: { to },
      headers: { Authorization: `SSWS ${E2E.apiToken}`, Accept: 'application/json' },
      ...RETRY_ON_RESET,
    });
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()) as OutboxMessage[];
  }

  /** Waits for a message to `to` (other than those in `seen`) and returns it. */
  async next(to: string, seen: readonly OutboxMessage[] = []): Promise<OutboxMessage> {
    const old = new Set(seen.map((m) => m.id));
    let found: OutboxMessage | undefined;
    await expect
      .poll(
        async () => {
          found = (await this.messages(to)).find((m) => !old.has(m.id));
          return found !== undefined;
        },
        { message: `a message to ${to}` },
      )
      .toBe(true);
    return found as OutboxMessage;
  }
}

/**
 * What the fixtures and specs need of a management client besides the client itself, without loading
 * the Okta SDK: `@okta/okta-sdk-nodejs` takes ~1.4 CPU-s to load, and Playwright's runner loads every
 * spec's imports before any worker starts (the fixtures load the client itself only when a test needs it,
 * ../fixtures/org.ts).
 */
import type { Client } from '@okta/okta-sdk-nodejs';

/** The HTTP status of an SDK error (OktaApiError and HttpError carry one), if any. */
export function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Deletes a user for good (Okta: the first DELETE deactivates, the second deletes). A user that is
 * already gone — say the test deleted it — is fine; any other failure is thrown.
 */
export async function deleteUserCompletely(okta: Client, userIdOrLogin: string): Promise<void> {
  for (let i = 0; i < 2; i++) {
    try {
      await okta.userApi.deleteUser({ userId: userIdOrLogin });
    } catch (err) {
      if (statusOf(err) === 404) return;
      throw err;
    }
  }
}

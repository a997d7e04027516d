/**
 * A devorg of a spec's own, for the org settings the shared e2e devorg can't turn on without changing
 * every other spec (a code format, user enumeration prevention off): started in-process on an ephemeral
 * loopback port (devorg/testing/listening-org.ts), driven through its Okta-hosted sign-in page, where the
 * org serves the real widget itself. The test is the OAuth client, as in e2e/hosted-sign-in.spec.ts: it
 * watches for the navigation back to the redirect URI (nothing needs to answer there).
 */
import { createHash, randomBytes } from 'node:crypto';
import { expect, type Page, type Request } from '@playwright/test';
import { defaultConfig, type loadConfig } from '../../devorg/config';
import { REDIRECT_URI } from '../../devorg/testing/harness';
import { startListeningOrg, type ListeningOrg } from '../../devorg/testing/listening-org';

export type OwnOrg = ListeningOrg;

/** An org with Okta's default policies (password + email) and `settings` on top. */
export function startOwnOrg(settings: Parameters<typeof loadConfig>[1] = {}): Promise<OwnOrg> {
  return startListeningOrg({ config: { policies: defaultConfig().policies, ...settings } });
}

/** An authorization request for the org's portal app, to open in the browser: its hosted sign-in page. */
export function hostedSignInUrl(org: OwnOrg): string {
  const query = new URLSearchParams({
    client_id: defaultConfig().apps[0]!.clientId,
    response_type: 'code',
    scope: 'openid profile email',
    redirect_uri: REDIRECT_URI,
    state: randomBytes(12).toString('base64url'),
    nonce: randomBytes(12).toString('base64url'),
    code_challenge: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url'),
    code_challenge_method: 'S256',
  });
  return `${org.issuer}/v1/authorize?${query}`;
}

/**
 * The next navigation back to the app with an authorization code, once it has ended. Nothing answers at
 * the redirect URI (the test is the client), so that navigation ends on the browser's error page; waiting
 * for it keeps it from interrupting the test's next navigation when the refused connection is noticed late.
 */
export async function returnToClient(page: Page): Promise<Request> {
  const request = await page.waitForRequest((r) => r.isNavigationRequest() && r.url().startsWith(`${REDIRECT_URI}?`));
  await request.response();
  await expect.poll(() => page.url().startsWith('chrome-error:') || page.url().startsWith(REDIRECT_URI)).toBe(true);
  return request;
}

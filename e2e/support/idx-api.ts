/**
 * Okta's IDX API straight from the test, as the widget and auth-js call it on the wire (interact →
 * introspect → identify → challenge/answer), for setup that is not what a test is about: e.g. the wrong
 * passwords that lock an account before a test of unlocking it. The behaviour under test still goes through
 * the widget. A public interface of any Identity Engine org (devorg or a real one), not a devorg helper.
 */
import { createHash, randomBytes } from 'node:crypto';
import { expect, type APIRequestContext } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { RETRY_ON_RESET } from './retries';

const ION = 'application/ion+json; okta-version=1.0.0';

interface IdxDoc {
  stateHandle?: string;
  remediation?: { value?: { name: string; href: string }[] };
}

function hrefOf(doc: IdxDoc, name: string): string {
  const found = doc.remediation?.value?.find((r) => r.name === name);
  if (!found) throw new Error(`the org offered no "${name}" (offered: ${(doc.remediation?.value ?? []).map((r) => r.name).join(', ')})`);
  return found.href;
}

/**
 * Identifies as `login` in a new transaction of the portal's app, then answers its password challenge with
 * each of `passwords` in turn; returns the org's HTTP status for each answer.
 */
export async function answerPasswords(request: APIRequestContext, login: string, passwords: readonly string[]): Promise<number[]> {
  // The portal's page sends these from its origin; the org checks it against its trusted origins.
  const headers = { Origin: new URL(E2E.portalUrl).origin, Accept: ION };
  const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
  const interact = await request.post(`${E2E.issuer}/v1/interact`, {
    headers,
    form: {
      client_id: E2E.clientId,
      scope: 'openid profile email',
      redirect_uri: `${new URL(E2E.portalUrl).origin}/login/callback`,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: randomBytes(16).toString('base64url'),
    },
    ...RETRY_ON_RESET,
  });
  expect(interact.status(), await interact.text()).toBe(200);
  const { interaction_handle: interactionHandle } = (await interact.json()) as { interaction_handle: string };

  const post = (url: string, data: unknown) => request.post(url, { headers: { ...headers, 'Content-Type': ION }, data, ...RETRY_ON_RESET });
  const introspect = await post(`${new URL(E2E.issuer).origin}/idp/idx/introspect`, { interactionHandle });
  expect(introspect.status(), await introspect.text()).toBe(200);
  let doc = (await introspect.json()) as IdxDoc;
  const identify = await post(hrefOf(doc, 'identify'), { identifier: login, stateHandle: doc.stateHandle });
  expect(identify.status(), await identify.text()).toBe(200);
  doc = (await identify.json()) as IdxDoc;

  const statuses: number[] = [];
  for (const passcode of passwords) {
    const answer = await post(hrefOf(doc, 'challenge-authenticator'), { credentials: { passcode }, stateHandle: doc.stateHandle });
    statuses.push(answer.status());
    doc = (await answer.json()) as IdxDoc;
  }
  return statuses;
}

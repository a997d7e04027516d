/**
 * Tests share a warm browser context (e2e/fixtures/warm-context.ts) for its cache, and nothing else: the
 * first test leaves state behind everywhere a page can keep it, on the portal's origin and the org's; the
 * next one, on the same context, finds none of it, yet gets the widget's code from the cache.
 */
import type { Page } from '@playwright/test';
import { E2E } from '../playwright.config';
import { expect, test } from './fixtures';
import { storedTokens } from './support/tokens';

test.describe.configure({ mode: 'serial' });

const ORG_PAGE = `${E2E.issuer}/.well-known/openid-configuration`;

/** What a page on this origin can find of earlier visits. */
async function traces(page: Page) {
  return page.evaluate(async () => ({
    localStorage: Object.keys(localStorage),
    sessionStorage: Object.keys(sessionStorage),
    cookies: document.cookie,
    indexedDB: (await indexedDB.databases()).map((db) => db.name),
    caches: await caches.keys(),
    geolocation: (await navigator.permissions.query({ name: 'geolocation' })).state,
  }));
}

const NOTHING = { localStorage: [], sessionStorage: [], cookies: '', indexedDB: [], caches: [], geolocation: 'prompt' };

async function leaveTraces(page: Page): Promise<void> {
  await page.evaluate(async () => {
    localStorage.setItem('left-behind', '1');
    sessionStorage.setItem('left-behind', '1');
    document.cookie = 'left-behind=1; max-age=3600; path=/';
    await caches.open('left-behind');
    await new Promise((resolve, reject) => {
      const open = indexedDB.open('left-behind');
      open.onsuccess = () => {
        open.result.close();
        resolve(undefined);
      };
      open.onerror = () => reject(open.error ?? new Error('indexedDB.open failed'));
    });
  });
}

/** The widget chunk's last load on this page: what it cost on the wire against its size. */
async function widgetChunkLoad(page: Page) {
  return page.evaluate(() => {
    const entry = performance
      .getEntriesByType('resource')
      .find((e): e is PerformanceResourceTiming => e instanceof PerformanceResourceTiming && /\/assets\/oie-[\w-]+\.js$/.test(e.name));
    return entry && { transferSize: entry.transferSize, encodedBodySize: entry.encodedBodySize };
  });
}

test('a test leaves cookies, storage, an org session and a permission behind', async ({ page, context, user, signedInAs, signIn }) => {
  await page.goto('/login');
  await expect(signIn.username).toBeVisible();
  await signedInAs(user, { orgSession: true });
  await leaveTraces(page);
  await page.goto(ORG_PAGE);
  await leaveTraces(page);
  await context.grantPermissions(['geolocation'], { origin: E2E.portalUrl });

  await page.goto('/');
  expect(await traces(page)).toMatchObject({ localStorage: expect.arrayContaining(['left-behind', 'okta-token-storage']) });
  expect((await context.cookies()).map((c) => c.name)).toEqual(expect.arrayContaining(['idx', 'left-behind']));
  expect(await traces(page)).toMatchObject({ geolocation: 'granted' });
});

test('the next test on the same context finds none of it, and the widget’s code comes from the cache', async ({
  page,
  context,
  orgSession,
  signIn,
}) => {
  expect(await context.cookies()).toEqual([]);
  expect(await orgSession.status()).toBe(404);
  // Documents that run no script, so what they find is what was left, on each origin.
  await page.goto('/favicon.svg');
  expect(await traces(page)).toEqual(NOTHING);
  await page.goto(ORG_PAGE);
  expect(await traces(page)).toEqual({ ...NOTHING, geolocation: expect.any(String) });

  // This tab's first sign-in page, on the context the test before loaded one in: the widget chunk comes
  // from its cache, only headers on the wire.
  await page.goto('/login');
  await expect(signIn.username).toBeVisible();
  const chunk = await widgetChunkLoad(page);
  expect(chunk?.encodedBodySize).toBeGreaterThan(100_000);
  expect(chunk?.transferSize).toBeLessThan(1_000);
  expect(await storedTokens(page)).toEqual({});
});

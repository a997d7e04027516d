import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG_POLICIES, startHarness, type Harness } from '../../testing/harness';

describe('the widget’s help link (<org>/help/login)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(ORG_POLICIES);
  });
  afterAll(() => h.close());

  it('is a page of sign-in advice under the strict page policy, not a 404', async () => {
    const res = await h.app.request('/help/login');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<h1>Help with signing in to devorg</h1>');
    expect(html).toContain('Resetting your password unlocks your account.');
  });
});

/**
 * Hostile input on the registration form at its fullest (a Username and the password on the form, as
 * devorg/hostile-input.test.ts does for every route): a wrong JSON type at any field the form reads is a
 * 4xx in the IDX shape (a malformed body Okta's top-level error, a broken rule the form with its field's
 * message), never a 5xx, and the form is still there to correct.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import { weird, expectFamilyShape } from '../testing/hostile';
import { begin, json, PORTAL, remediate, startHarness, type Harness } from '../testing/harness';

const DEFAULTS = defaultConfig();
let h: Harness;
let stateHandle = '';
beforeAll(async () => {
  h = await startHarness({
    policies: {
      ...DEFAULTS.policies,
      enrollAuthenticatorTypes: ['password'],
      profileAttributes: [...DEFAULTS.policies.profileAttributes, { name: 'login', label: 'Username', required: true, maxLength: 100 }],
    },
    userSchema: { loginPattern: '[a-z0-9._-]+' },
  });
  stateHandle = (await remediate(h, (await begin(h)).doc, 'select-enroll-profile', {})).doc.stateHandle as string;
});
afterAll(() => h.close());

/** `{ a: { b: value } }` for the path `a.b`. */
const nested = (path: string, value: unknown): Record<string, unknown> =>
  path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;

describe('hostile registration forms', { timeout: 60_000 }, () => {
  it('answers a wrong JSON type at any field of the form in the IDX shape, and the form stays', async () => {
    const paths = ['userProfile', 'userProfile.email', 'userProfile.login', 'userProfile.firstName', 'credentials', 'credentials.passcode'];
    // Never a complete form: no email, no password (a generated value can't finish the registration).
    const base = { stateHandle, userProfile: { firstName: 'A', lastName: 'B', login: 'ada.l' } };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), weird, async (path, value) => {
        const res = await h.app.request('/idp/idx/enroll/new', {
          ...json({ ...base, ...nested(path, value) }),
          headers: { 'Content-Type': 'application/json', Origin: PORTAL },
        });
        const text = await res.text();
        const doc = JSON.parse(text) as { messages?: unknown; remediation?: { value: { name: string }[] } };
        // A malformed body: Okta's top-level error. A value of the right type that breaks a rule: the form with the field's message.
        if (doc.messages !== undefined) expectFamilyShape('idx', res.status, text);
        else {
          expect(res.status, text.slice(0, 200)).toBe(400);
          expect(doc.remediation?.value.map((r) => r.name)).toEqual(['enroll-profile', 'select-identify']);
          expect(text).toContain('"messages"');
        }
      }),
      { numRuns: 200 },
    );
    const again = await h.app.request('/idp/idx/introspect', json({ stateHandle }));
    const doc = (await again.json()) as { remediation: { value: { name: string }[] } };
    expect(doc.remediation.value.map((r) => r.name)).toEqual(['enroll-profile', 'select-identify']);
  });
});

/**
 * User enumeration prevention off (`policies.userEnumerationPrevention: false`): identify answers a
 * username with no usable account at once, with Okta's warning on the same identify form; on (Okta's
 * default) the unknown username gets the password page as a real one does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import { begin, makeUser, remediate, startHarness, type Harness, type IdxDoc } from '../testing/harness';

const DEFAULTS = defaultConfig();
let off: Harness;
let on: Harness;
beforeAll(async () => {
  off = await startHarness({ policies: { ...DEFAULTS.policies, userEnumerationPrevention: false } });
  on = await startHarness({ policies: DEFAULTS.policies });
});
afterAll(() => {
  off.close();
  on.close();
});

const names = (doc: IdxDoc) => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name as string);

describe('user enumeration prevention off', () => {
  it('tells an unknown username at identify, on the identify form, and the form takes another', async () => {
    const start = await begin(off);
    const told = await remediate(off, start.doc, 'identify', { identifier: 'nobody@example.test' });
    expect(told.status).toBe(200);
    expect(told.doc.messages.value).toEqual([
      {
        message: 'There is no account with the Username nobody@example.test.',
        i18n: { key: 'idx.unknown.user', params: [] },
        class: 'WARNING',
      },
    ]);
    expect(names(told.doc)).toEqual(['identify', 'select-enroll-profile']);
    const user = await makeUser(off);
    const next = await remediate(off, told.doc, 'identify', { identifier: user.profile.login });
    expect(next.doc.currentAuthenticatorEnrollment.value.key).toBe('okta_password');
    expect(next.doc.messages).toBeUndefined();
  });

  it('answers a deactivated account as an unknown one', async () => {
    const user = await makeUser(off);
    const res = await off.app.request(`/api/v1/users/${user.id}/lifecycle/deactivate`, {
      method: 'POST',
      headers: { Authorization: `SSWS ${off.config.apiTokens[0]}`, Accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    const told = await remediate(off, (await begin(off)).doc, 'identify', { identifier: user.profile.login });
    expect(told.doc.messages.value.map((m: IdxDoc) => m.i18n.key)).toEqual(['idx.unknown.user']);
  });

  it('is not what an org with Okta’s default does: there the unknown username gets the password page', async () => {
    const told = await remediate(on, (await begin(on)).doc, 'identify', { identifier: 'nobody@example.test' });
    expect(told.status).toBe(200);
    expect(told.doc.messages).toBeUndefined();
    expect(told.doc.currentAuthenticatorEnrollment.value.key).toBe('okta_password');
  });
});

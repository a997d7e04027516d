/**
 * Context fields Okta sends beside the forms: `rememberMe` on the identify form,
 * `minLength` on the registration form's required attributes, `required`/`visible` on the TOTP code field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { begin, ORG_POLICIES, remediate, startHarness, type Harness, type IdxDoc } from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(ORG_POLICIES);
});
afterAll(() => h.close());

const remediationOf = (doc: IdxDoc, name: string) => doc.remediation.value.find((r: IdxDoc) => r.name === name);
const fieldOf = (fields: IdxDoc[], name: string) => fields.find((f) => f.name === name);

describe('context fields as Okta sends them', () => {
  it('rememberMe: unset on a fresh identify form, as Okta sends it', async () => {
    const start = await begin(h);
    expect(fieldOf(remediationOf(start.doc, 'identify').value, 'rememberMe')).toEqual({
      name: 'rememberMe',
      label: 'Keep me signed in',
      type: 'boolean',
    });
  });

  it('the registration form: minLength 1 on each required attribute, beside maxLength', async () => {
    const start = await begin(h);
    const form = await remediate(h, start.doc, 'select-enroll-profile', {});
    const attributes: IdxDoc[] = remediationOf(form.doc, 'enroll-profile').value[0].form.value;
    expect(attributes.length).toBeGreaterThan(0);
    for (const a of attributes) {
      if (a.required) expect(a).toMatchObject({ minLength: 1, maxLength: expect.any(Number) });
      else expect(a.minLength).toBeUndefined();
    }
  });
});

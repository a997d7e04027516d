/**
 * Alphanumeric one-time codes (`codes.format: "alphanumeric"`): email (and SMS, voice) codes of six
 * upper-case letters and digits, their passcode fields marked `format: "alphanumeric"` as Okta's are,
 * answers taken in either case; TOTP codes stay digits, and an org with the default format marks nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, loadConfig } from '../config';
import { begin, latestCode, makeUser, PASSWORD, remediate, startHarness, type Harness, type IdxDoc } from '../testing/harness';

const DEFAULTS = defaultConfig();
let h: Harness;
let numeric: Harness;
beforeAll(async () => {
  h = await startHarness({ policies: DEFAULTS.policies, codes: { ...DEFAULTS.codes, format: 'alphanumeric' } });
  numeric = await startHarness({ policies: DEFAULTS.policies });
});
afterAll(() => {
  h.close();
  numeric.close();
});

const passcodeField = (doc: IdxDoc, remediation: string) =>
  doc.remediation.value
    .find((r: IdxDoc) => r.name === remediation)
    .value.find((f: IdxDoc) => f.name === 'credentials')
    .form.value.find((f: IdxDoc) => f.name === 'passcode');

async function toEmailEnrollment(org: Harness) {
  const user = await makeUser(org);
  const challenge = await remediate(org, (await begin(org)).doc, 'identify', { identifier: user.profile.login });
  return { user, form: await remediate(org, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } }) };
}

describe('alphanumeric codes (codes.format)', () => {
  it('sends six letters and digits, marks the field, and takes the code typed in lower case', async () => {
    const { user, form } = await toEmailEnrollment(h);
    expect(passcodeField(form.doc, 'enroll-authenticator')).toEqual({ name: 'passcode', label: 'Enter code', format: 'alphanumeric' });
    const code = await latestCode(h, user.profile.email);
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
    const done = await remediate(h, form.doc, 'enroll-authenticator', { credentials: { passcode: ` ${code.toLowerCase()} ` } });
    expect(done.status).toBe(200);
    expect(done.doc.remediation.value.map((r: IdxDoc) => r.name)).toContain('select-authenticator-enroll');
    // Digits on the TOTP form: its codes are the app's, always six digits.
    const totp = done.doc.remediation.value.find((r: IdxDoc) => r.name === 'select-authenticator-enroll');
    const option = totp.value[0].options.find((o: IdxDoc) => o.label === 'Google Authenticator');
    const id = option.value.form.value.find((f: IdxDoc) => f.name === 'id').value;
    const google = await remediate(h, done.doc, 'select-authenticator-enroll', { authenticator: { id } });
    expect(passcodeField(google.doc, 'enroll-authenticator').format).toBeUndefined();
  });

  it('refuses a wrong alphanumeric code as any wrong code', async () => {
    const { user, form } = await toEmailEnrollment(h);
    const code = await latestCode(h, user.profile.email);
    const wrong = code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
    const refused = await remediate(h, form.doc, 'enroll-authenticator', { credentials: { passcode: wrong } });
    expect(refused.status).toBe(401);
    expect(passcodeField(refused.doc, 'enroll-authenticator').messages.value[0].i18n.key).toBe('api.authn.error.PASSCODE_INVALID');
  });

  it('leaves an org with Okta’s default format on six digits, with no format on the field', async () => {
    const { user, form } = await toEmailEnrollment(numeric);
    expect(passcodeField(form.doc, 'enroll-authenticator').format).toBeUndefined();
    expect(await latestCode(numeric, user.profile.email)).toMatch(/^[0-9]{6}$/);
  });

  it('is checked strictly in the config', () => {
    expect(() => loadConfig({}, { codes: { ...DEFAULTS.codes, format: 'hex' as 'numeric' } })).toThrow(/codes\.format/);
  });
});

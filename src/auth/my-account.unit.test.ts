import { describe, expect, it } from 'vitest';
import { addableOf, methodsOf } from './my-account';

const enrollment = (id: string, created: string, canUnenroll: boolean, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Name ${id}`,
  created,
  canUnenroll,
  _links: {
    self: {
      href: `https://org.example/idp/myaccount/authenticators/aut1/enrollments/${id}`,
      hints: { allow: canUnenroll ? ['GET', 'DELETE'] : ['GET'] },
    },
  },
  ...extra,
});

describe('methodsOf (MyAccount authenticators with their enrollments)', () => {
  it('lists every enrollment oldest first, removable only when the org says so and links a DELETE', () => {
    const methods = methodsOf([
      { key: 'okta_password', name: 'Password', _embedded: { enrollments: [enrollment('pwd', '2026-01-02T00:00:00.000Z', false)] } },
      {
        key: 'okta_email',
        name: 'Email',
        _embedded: { enrollments: [enrollment('eml', '2026-01-01T00:00:00.000Z', true, { profile: { email: 'a***z@example.test' } })] },
      },
      // canUnenroll without a DELETE link: not removable.
      {
        key: 'google_otp',
        name: 'Google Authenticator',
        _embedded: { enrollments: [{ ...enrollment('otp', '2026-01-03T00:00:00.000Z', true), _links: { self: { href: 'x' } } }] },
      },
      { key: 'webauthn', name: 'Passkey' },
    ]);
    expect(methods.map((m) => [m.id, m.kind, m.removal.allowed])).toEqual([
      ['eml', 'okta_email', true],
      ['pwd', 'okta_password', false],
      ['otp', 'google_otp', false],
    ]);
    expect(methods[0]).toMatchObject({ name: 'Name eml', detail: 'a***z@example.test', created: '2026-01-01T00:00:00.000Z' });
  });

  it('reads nothing from an answer that is not a list of authenticators', () => {
    expect(methodsOf({ errorCode: 'E0000006' })).toEqual([]);
    expect(methodsOf([null, 3, { _embedded: { enrollments: 'no' } }])).toEqual([]);
  });
});

describe('addableOf (the authenticators MyAccount marks enrollable)', () => {
  it('names each with the AMR value auth-js’s enrollAuthenticator asks for, never the password', () => {
    expect(
      addableOf([
        { key: 'okta_password', name: 'Password', enrollable: true },
        { key: 'google_otp', name: 'Google Authenticator', enrollable: true },
        { key: 'phone_number', name: 'Phone', enrollable: true },
        { key: 'webauthn', name: 'Security Key or Biometric', enrollable: true },
        { key: 'okta_email', name: 'Email', enrollable: false },
        { key: 'custom_app', name: 'Custom', enrollable: true },
      ]),
    ).toEqual([
      { kind: 'google_otp', name: 'Google Authenticator', amr: 'google_otp' },
      { kind: 'phone_number', name: 'Phone', amr: 'sms' },
      { kind: 'webauthn', name: 'Security Key or Biometric', amr: 'pop' },
    ]);
  });

  it('takes nothing from an answer that is not a list of authenticators', () => {
    expect(addableOf({ errorCode: 'E0000006' })).toEqual([]);
    expect(addableOf([null, { key: 'toString', name: 'x', enrollable: true }, { key: 'google_otp', enrollable: true }])).toEqual([]);
  });
});

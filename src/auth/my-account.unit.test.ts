import { describe, expect, it } from 'vitest';
import { methodsOf } from './my-account';

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

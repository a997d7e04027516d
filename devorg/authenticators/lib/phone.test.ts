import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../idx/messages';
import { maskPhone, normalizePhone } from './phone';

describe('normalizePhone', () => {
  it.each([
    ['+14155550100', '+14155550100'], // what the widget sends
    ['+1 415 555 0100', '+14155550100'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['  +1-415-555-0100  ', '+14155550100'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+33\t6 12 34 56 78', '+33612345678'],
    ['+4915112345678', '+4915112345678'],
    ['+12345678', '+12345678'], // 8 digits: the shortest accepted
    ['+123456789012345', '+123456789012345'], // 15 digits: E.164's maximum
  ])('accepts %j as %s', (input, e164) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['empty', ''],
    ['no plus', '14155550100'],
    ['national format', '(415) 555-0100'],
    ['00 international prefix', '0014155550100'],
    ['country code starting with 0', '+04155550100'],
    ['7 digits', '+1234567'],
    ['16 digits', '+1234567890123456'],
    ['letters', '+1415555CALL'],
    ['dots', '+1.415.555.0100'],
    ['two plus signs', '++14155550100'],
    ['plus inside', '1+4155550100'],
    ['extension', '+14155550100x12'],
    ['non-ASCII digits', '+١٤١٥٥٥٥٠١٠٠'],
    ['only separators', '+ ( ) -'],
    ['not a string', 14155550100],
    ['undefined', undefined],
  ])("rejects %s with Okta's message", (_label, input) => {
    expect(normalizePhone(input)).toEqual({ ok: false, message: 'Invalid Phone Number.' });
  });

  it("uses Okta's invalid-number wording (error-authenticator-enroll-phone-invalid-number.json)", () => {
    expect(MESSAGES.invalidPhone()).toEqual({
      message: 'Invalid Phone Number.',
      i18n: { key: 'api.factors.error.sms.invalid_phone' },
      class: 'ERROR',
    });
  });
});

describe('maskPhone', () => {
  it.each([
    ['+14155550100', '+1 XXX-XXX-0100'],
    ['+12025550199', '+1 XXX-XXX-0199'],
    ['+442079460958', '+44 XXXXXX0958'],
    ['+33612345678', '+33 XXXXX5678'],
    ['+4915112345678', '+49 XXXXXXX5678'],
    ['+79161234567', '+7 XXXXXX4567'],
    ['+353861234567', '+353 XXXXX4567'], // three-digit country code
    ['+12345678', '+1 XXX5678'], // +1 but not ten national digits
  ])('%s → %s', (e164, masked) => {
    expect(maskPhone(e164)).toBe(masked);
  });

  it('matches the style of the reference enrollments', () => {
    // authenticator-verification-phone-sms.json shows "+1 XXX-XXX-2342".
    expect(maskPhone('+16505552342')).toBe('+1 XXX-XXX-2342');
  });

  it('never shows more than the last four digits of a non-E.164 value', () => {
    expect(maskPhone('415-555-0100')).toBe('XXX-XXX-0100');
    expect(maskPhone('14155550100')).toBe('XXXXXXX0100');
  });
});

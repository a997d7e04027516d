/**
 * Phone authenticator numbers. The Sign-In Widget prefixes the country code it shows in its
 * country picker, so the server receives `+<country code><national number>` (e.g.
 * `+14155550100`), possibly with the user's own spacing; the number is stored in E.164.
 */
import { MESSAGES } from '../../idx/messages';

const INVALID_PHONE = MESSAGES.invalidPhone();

export type NormalizedPhone = { ok: true; e164: string } | { ok: false; message: string };

/** Separators people type inside numbers; anything else (letters, '.', '/') makes the number invalid. */
const SEPARATORS = /[\s\-()]/gu;
/** E.164: '+', then at most 15 digits, the first (start of the country code) never 0. */
const E164 = /^\+[1-9][0-9]{7,14}$/;

/** Validates and normalises a phone number to E.164, with Okta's wording when it is rejected. */
export function normalizePhone(input: unknown): NormalizedPhone {
  if (typeof input !== 'string') return { ok: false, message: INVALID_PHONE.message };
  const compact = input.replace(SEPARATORS, '');
  return E164.test(compact) ? { ok: true, e164: compact } : { ok: false, message: INVALID_PHONE.message };
}

/**
 * Two-digit country calling codes (ITU-T E.164 assignments); 1 and 7 are the one-digit codes and
 * every other code is three digits. Calling codes are prefix-free, so this is enough to split the
 * country code off a number without a full numbering-plan table.
 */
const TWO_DIGIT_CODES = new Set([
  '20',
  '27',
  '30',
  '31',
  '32',
  '33',
  '34',
  '36',
  '39',
  '40',
  '41',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '81',
  '82',
  '84',
  '86',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '98',
]);

function countryCodeLength(digits: string): number {
  if (digits.startsWith('1') || digits.startsWith('7')) return 1;
  return TWO_DIGIT_CODES.has(digits.slice(0, 2)) ? 2 : 3;
}

const VISIBLE_DIGITS = 4;

/**
 * The number as Okta shows it on enrollments (`profile.phoneNumber`), only the last four digits
 * visible: `+1 XXX-XXX-0100` for North American numbers, `+<country code> XXXXXX1234` elsewhere.
 * A value that is not E.164 keeps its shape but gets the same treatment (every digit but the last
 * four becomes X), so a bad stored value never shows more than a good one would.
 */
export function maskPhone(e164: string): string {
  if (!E164.test(e164)) {
    const total = (e164.match(/[0-9]/g) ?? []).length;
    let seen = 0;
    return e164.replace(/[0-9]/g, (d) => (++seen > total - VISIBLE_DIGITS ? d : 'X'));
  }
  const digits = e164.slice(1);
  const cc = digits.slice(0, countryCodeLength(digits));
  const national = digits.slice(cc.length);
  const last = national.slice(-VISIBLE_DIGITS);
  if (cc === '1' && national.length === 10) return `+1 XXX-XXX-${last}`;
  return `+${cc} ${'X'.repeat(national.length - last.length)}${last}`;
}

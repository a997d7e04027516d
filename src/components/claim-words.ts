/**
 * ID token claims in words for people, in the browser's language (Intl with no locale given). Pure
 * functions returning text; the elements render them with Lit text bindings.
 */

import { msg, str } from '@lit/localize';
import { getLocale } from '../i18n/localize';

/** RFC 8176 `amr` values Okta sends, in words (the portal's language); anything else is shown as sent. `mfa` is not a method. */
const amrWords = (): Readonly<Record<string, string>> => ({
  pwd: msg('password', { id: 'amr.pwd' }),
  otp: msg('one-time code', { id: 'amr.otp' }),
  sms: msg('SMS code', { id: 'amr.sms' }),
  kba: msg('security question', { id: 'amr.kba' }),
  email: msg('email code', { id: 'amr.email' }),
  // Proof of a hardware-secured key: what devorg (and Okta, for FIDO2 WebAuthn) reports for a passkey.
  hwk: msg('passkey', { id: 'amr.hwk' }),
});

/** Claims that are seconds since the epoch (RFC 7519 and OIDC Core), shown as dates. */
export const TIME_CLAIMS: ReadonlySet<string> = new Set(['iat', 'exp', 'auth_time', 'nbf', 'updated_at']);

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * "Password and email code, with multi-factor": the methods the org names, then whether it counts the
 * sign-in as multi-factor (`mfa` says that about the others; it is not a method of its own).
 */
export function amrInWords(amr: unknown): string {
  if (!Array.isArray(amr) || amr.length === 0) return msg('Not stated', { id: 'amr.none' });
  const values = amr.map(String);
  const words = amrWords();
  const methods = values.filter((v) => v !== 'mfa').map((v) => words[v] ?? v);
  const mfa = values.includes('mfa');
  if (methods.length === 0) return msg('Multi-factor', { id: 'amr.mfa-only' });
  // The words are in the portal's language, so their list is too (dates follow the browser's locale).
  const list = capitalise(new Intl.ListFormat(getLocale(), { type: 'conjunction' }).format(methods));
  return mfa ? msg(str`${list}, with multi-factor`, { id: 'amr.with-mfa' }) : list;
}

/** A `locale` claim (`en_US`, Okta's spelling, or `en-US`) by name: "English (United States)". */
export function localeInWords(locale: unknown): string | undefined {
  if (typeof locale !== 'string' || !locale.trim()) return undefined;
  const tag = locale.trim().replace(/_/g, '-');
  try {
    const name = new Intl.DisplayNames(undefined, { type: 'language', languageDisplay: 'standard' }).of(tag);
    return name && name !== tag ? name : locale;
  } catch {
    // Not a BCP 47 tag: shown as sent.
    return locale;
  }
}

/** A `zoneinfo` claim (IANA name) with its name in words: "Pacific Time (America/Los_Angeles)". */
export function timeZoneInWords(zone: unknown): string | undefined {
  if (typeof zone !== 'string' || !zone.trim()) return undefined;
  try {
    const parts = new Intl.DateTimeFormat(undefined, { timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(new Date());
    const name = parts.find((p) => p.type === 'timeZoneName')?.value;
    return name && name !== zone ? `${name} (${zone})` : zone;
  } catch {
    // Unknown to this browser: shown as sent.
    return zone;
  }
}

/** Seconds since the epoch as a Date, or undefined when it isn't a finite number. */
export function epochSeconds(value: unknown): Date | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const date = new Date(value * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function formatDateTime(date: Date): string {
  return dateTime.format(date);
}

/** Any claim value as one line of text: arrays as a list, objects as JSON. */
export function claimText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  // null, objects: as JSON ("null", {"a":1}); undefined can't come from a JWT.
  return JSON.stringify(value) ?? '';
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

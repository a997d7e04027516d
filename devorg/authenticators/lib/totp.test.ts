import { Secret } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { newTotpSecret, otpauthUri, totpAt, totpStep, verifyTotp, TOTP_PERIOD_SECONDS } from './totp';

/** RFC 6238 appendix B SHA1 seed, "12345678901234567890" as ASCII, in base32. */
const RFC_SECRET = Secret.fromUTF8('12345678901234567890').base32;
const STEP_MS = TOTP_PERIOD_SECONDS * 1000;
// Mid-step, so "±n steps" below is unambiguous.
const NOW = Date.UTC(2026, 0, 1, 12, 0, 15);

describe('newTotpSecret', () => {
  it('is 160 bits of base32, different each time', () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(Secret.fromBase32(a).bytes).toHaveLength(20);
    expect(newTotpSecret()).not.toBe(a);
  });
});

describe('totpAt (RFC 6238 appendix B, SHA1, last 6 of the 8-digit values)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('T=%i → %s', (seconds, eightDigits) => {
    // An n-digit HOTP value is the truncated integer mod 10^n, so the 6-digit code is the last 6 digits.
    expect(totpAt(RFC_SECRET, seconds * 1000)).toBe(eightDigits.slice(-6));
  });

  it('T=59 gives 287082', () => {
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(totpAt(RFC_SECRET, 59_000)).toBe('287082');
    expect(verifyTotp({ secret: RFC_SECRET, code: '287082', nowMs: 59_000 })).toEqual({ ok: true, step: 1 });
  });
});

describe('verifyTotp', () => {
  // Fixed, so the test is deterministic; the first test checks the property the others rely on.
  const secret = 'KVKFKRCPNZQUYMLXOVYDSQKJKZDTSRLD';
  const codeAt = (steps: number) => totpAt(secret, NOW + steps * STEP_MS);
  const current = totpStep(NOW);

  it('(fixture) has distinct codes for the steps around NOW', () => {
    const codes = Array.from({ length: 21 }, (_, i) => codeAt(i - 10));
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('accepts the current code and returns its step', () => {
    expect(verifyTotp({ secret, code: codeAt(0), nowMs: NOW })).toEqual({ ok: true, step: current });
  });

  it.each([-1, 1])('accepts the code %i step away (default window 1)', (offset) => {
    expect(verifyTotp({ secret, code: codeAt(offset), nowMs: NOW })).toEqual({ ok: true, step: current + offset });
  });

  it.each([-2, 2, -10])('rejects the code %i steps away as invalid', (offset) => {
    expect(verifyTotp({ secret, code: codeAt(offset), nowMs: NOW })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('honours a wider or zero window', () => {
    expect(verifyTotp({ secret, code: codeAt(2), nowMs: NOW, window: 2 })).toEqual({ ok: true, step: current + 2 });
    expect(verifyTotp({ secret, code: codeAt(0), nowMs: NOW, window: 0 })).toEqual({ ok: true, step: current });
    expect(verifyTotp({ secret, code: codeAt(1), nowMs: NOW, window: 0 })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('works at both ends of a step', () => {
    const start = current * STEP_MS;
    const end = start + STEP_MS - 1;
    expect(verifyTotp({ secret, code: totpAt(secret, start), nowMs: end, window: 0 })).toEqual({ ok: true, step: current });
  });

  it('rejects the same code again once its step is stored', () => {
    const first = verifyTotp({ secret, code: codeAt(0), nowMs: NOW });
    expect(first.ok).toBe(true);
    const lastUsedStep = first.ok ? first.step : null;
    expect(verifyTotp({ secret, code: codeAt(0), nowMs: NOW + 5_000, lastUsedStep })).toEqual({ ok: false, reason: 'replayed' });
  });

  it('rejects an earlier step still inside the window once a later one was used', () => {
    expect(verifyTotp({ secret, code: codeAt(-1), nowMs: NOW, lastUsedStep: current })).toEqual({ ok: false, reason: 'replayed' });
  });

  it('accepts a newer step than the last used one', () => {
    expect(verifyTotp({ secret, code: codeAt(1), nowMs: NOW, lastUsedStep: current })).toEqual({ ok: true, step: current + 1 });
    expect(verifyTotp({ secret, code: codeAt(0), nowMs: NOW, lastUsedStep: current - 1 })).toEqual({ ok: true, step: current });
  });

  it('treats null and undefined lastUsedStep as "never used"', () => {
    expect(verifyTotp({ secret, code: codeAt(0), nowMs: NOW, lastUsedStep: null }).ok).toBe(true);
    expect(verifyTotp({ secret, code: codeAt(0), nowMs: NOW, lastUsedStep: undefined }).ok).toBe(true);
  });

  it('reports a wrong code as invalid, not replayed, even with a lastUsedStep', () => {
    const wrong = ((Number(codeAt(0)) + 1) % 1_000_000).toString().padStart(6, '0');
    expect([codeAt(-1), codeAt(0), codeAt(1)]).not.toContain(wrong);
    expect(verifyTotp({ secret, code: wrong, nowMs: NOW, lastUsedStep: current })).toEqual({ ok: false, reason: 'invalid' });
  });

  it.each([
    ['empty', ''],
    ['5 digits', '12345'],
    ['7 digits', '1234567'],
    ['8-digit RFC value', '94287082'],
    ['letters', '12a456'],
    ['inner space', '123 456'],
    ['surrounding spaces', ' 123456 '],
    ['sign', '+12345'],
    ['non-ASCII digits', '١٢٣٤٥٦'],
    ['number, not string', 123456],
    ['null', null],
    ['undefined', undefined],
  ])('rejects %s as malformed', (_label, code) => {
    expect(verifyTotp({ secret, code, nowMs: NOW })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('accepts a lowercase secret (base32 is case-insensitive)', () => {
    expect(verifyTotp({ secret: secret.toLowerCase(), code: codeAt(0), nowMs: NOW }).ok).toBe(true);
  });

  it('does not look at negative steps near the epoch', () => {
    expect(verifyTotp({ secret: RFC_SECRET, code: totpAt(RFC_SECRET, 0), nowMs: 0 })).toEqual({ ok: true, step: 0 });
  });

  it('rejects bad arguments loudly (they are programming errors, not user input)', () => {
    expect(() => verifyTotp({ secret, code: '123456', nowMs: NOW, window: -1 })).toThrow(RangeError);
    expect(() => verifyTotp({ secret, code: '123456', nowMs: NOW, window: 1.5 })).toThrow(RangeError);
    expect(() => verifyTotp({ secret, code: '123456', nowMs: Number.NaN })).toThrow(RangeError);
    expect(() => verifyTotp({ secret, code: '123456', nowMs: NOW, lastUsedStep: 1.5 })).toThrow(RangeError);
    expect(() => verifyTotp({ secret: 'not base32!', code: '123456', nowMs: NOW })).toThrow();
  });
});

describe('otpauthUri', () => {
  it('is a TOTP key URI with the parameters the verifier uses', () => {
    const secret = 'JBSWY3DPEHPK3PXP';
    const uri = new URL(otpauthUri({ secret, issuer: 'devorg', account: 'jane.doe@example.com' }));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/devorg:jane.doe@example.com');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      issuer: 'devorg',
      secret,
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });

  it('escapes spaces and plus signs', () => {
    const uri = otpauthUri({ secret: 'JBSWY3DPEHPK3PXP', issuer: 'Dev Org', account: 'jane+1@example.com' });
    expect(uri.startsWith('otpauth://totp/Dev%20Org:jane%2B1%40example.com?issuer=Dev%20Org&')).toBe(true);
  });

  it.each([
    ['', 'a@example.com'],
    ['dev', ''],
    ['dev:org', 'a@example.com'],
    ['dev', 'a:b'],
  ])('refuses issuer %j / account %j', (issuer, account) => {
    expect(() => otpauthUri({ secret: 'JBSWY3DPEHPK3PXP', issuer, account })).toThrow(RangeError);
  });
});

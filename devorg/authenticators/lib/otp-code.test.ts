import { describe, expect, it } from 'vitest';
import { attemptsPolicy, hashOtp, isLocked, newOtpCode, recordFailure, resetFailures, verifyOtp } from './otp-code';

describe('newOtpCode', () => {
  it('is always six ASCII digits', () => {
    for (let i = 0; i < 2000; i++) expect(newOtpCode()).toMatch(/^[0-9]{6}$/);
  });

  it('keeps leading zeros and varies', () => {
    const codes = Array.from({ length: 5000 }, newOtpCode);
    // P(no code below 100000 in 5000 draws) = 0.9^5000: never.
    expect(codes.some((c) => c.startsWith('0'))).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(4900);
  });
});

describe('newOtpCode, alphanumeric (codes.format)', () => {
  it('is six upper-case letters and digits, drawn from all 36', () => {
    const codes = Array.from({ length: 3000 }, () => newOtpCode('alphanumeric'));
    for (const c of codes) expect(c).toMatch(/^[A-Z0-9]{6}$/);
    const seen = new Set(codes.join(''));
    // 18 000 draws from 36 characters: every one turns up (P(one missing) ≈ 36·(35/36)^18000, nil).
    expect(seen.size).toBe(36);
    expect(new Set(codes).size).toBeGreaterThan(2990);
  });

  it('is verified like a numeric one, and only in its own letters', () => {
    const stored = hashOtp('K7Q2ZD');
    expect(verifyOtp('K7Q2ZD', stored)).toBe(true);
    expect(verifyOtp('K7Q2ZE', stored)).toBe(false);
    expect(verifyOtp('k7q2zd', stored)).toBe(false);
  });
});

describe('hashOtp / verifyOtp', () => {
  it('verifies the right code only', () => {
    const stored = hashOtp('004217');
    expect(verifyOtp('004217', stored)).toBe(true);
    expect(verifyOtp('004218', stored)).toBe(false);
    expect(verifyOtp('4217', stored)).toBe(false);
  });

  it('does not store the code and salts each hash', () => {
    const a = hashOtp('123456');
    expect(a).not.toContain('123456');
    expect(a).toMatch(/^sha256\$[\w-]+\$[\w-]+$/);
    expect(hashOtp('123456')).not.toBe(a);
  });

  it.each([
    ['number', 123456],
    ['null', null],
    ['with spaces', ' 123456'],
    ['7 digits', '1234567'],
    ['empty', ''],
  ])('rejects a %s code', (_label, code) => {
    expect(verifyOtp(code, hashOtp('123456'))).toBe(false);
  });

  it('accepts only a well-formed code even if its hash matches', () => {
    // A stored hash of a malformed value (a caller bug) must not let that value in.
    expect(verifyOtp('12345', hashOtp('12345'))).toBe(false);
  });

  it.each(['', 'sha256', 'sha256$$', 'md5$abc$def', 'sha256$abc$def$ghi', 'sha256$abc$short'])(
    'is false for a malformed stored value %j',
    (stored) => {
      expect(verifyOtp('123456', stored)).toBe(false);
    },
  );
});

describe('attempts policy', () => {
  it('locks on the limit-th consecutive failure', () => {
    let state = { failures: 0 };
    const locks: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const next = recordFailure(state, 3);
      locks.push(next.locked);
      state = next;
    }
    expect(locks).toEqual([false, false, true, true, true]);
    expect(state.failures).toBe(5);
  });

  it('does not mutate its input', () => {
    const state = Object.freeze({ failures: 1 });
    expect(recordFailure(state, 5)).toEqual({ failures: 2, locked: false });
    expect(state.failures).toBe(1);
  });

  it('a limit of 1 locks on the first failure', () => {
    expect(recordFailure({ failures: 0 }, 1)).toEqual({ failures: 1, locked: true });
  });

  it.each([
    [0, 3, false],
    [2, 3, false],
    [3, 3, true],
    [4, 3, true],
  ])('isLocked(%i failures, limit %i) = %s', (failures, limit, locked) => {
    expect(isLocked({ failures }, limit)).toBe(locked);
  });

  it('reset clears the count', () => {
    expect(resetFailures()).toEqual({ failures: 0, locked: false });
    expect(attemptsPolicy.reset()).toEqual({ failures: 0, locked: false });
    expect(attemptsPolicy.recordFailure({ failures: 0 }, 2)).toEqual({ failures: 1, locked: false });
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses limit %s', (limit) => {
    expect(() => recordFailure({ failures: 0 }, limit)).toThrow(RangeError);
    expect(() => isLocked({ failures: 0 }, limit)).toThrow(RangeError);
  });

  it.each([-1, 0.5, Number.NaN])('refuses a stored failure count of %s', (failures) => {
    expect(() => recordFailure({ failures }, 3)).toThrow(RangeError);
  });
});

/** What the hostile-input property tests share: odd values, and the check that an error has its family's shape. */
import fc from 'fast-check';
import { expect } from 'vitest';

export type Family = 'oauth' | 'idx' | 'api';

/** Values of the wrong type, strange shape or extreme size. */
export const weird = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 2000, maxLength: 4000 }),
  fc.array(fc.string(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 5 }),
);

/** A 4xx whose body is the family's error: OAuth's `error`, an IDX document's messages, or Okta's `errorCode`. */
export function expectFamilyShape(family: Family, status: number, text: string): void {
  expect(status, text.slice(0, 200)).toBeGreaterThanOrEqual(400);
  expect(status, text.slice(0, 200)).toBeLessThan(500);
  const doc = JSON.parse(text) as Record<string, unknown>;
  if (family === 'oauth') {
    expect(typeof doc.error).toBe('string');
    expect(typeof doc.error_description).toBe('string');
  } else if (family === 'idx') {
    expect(doc.version).toBe('1.0.0');
    expect(Array.isArray((doc.messages as { value?: unknown })?.value)).toBe(true);
  } else {
    expect(typeof doc.errorCode).toBe('string');
    expect(typeof doc.errorSummary).toBe('string');
  }
}

import { describe, expect, it } from 'vitest';
import { coverage, percent, shapeOf } from './idx-shape';

const form = (name: string, fields: unknown[]) => ({ name, href: 'https://x/idp/idx/' + name, value: fields });

describe('IDX shapes for npm run idx:coverage', () => {
  it('names array items by what identifies them, not by position', () => {
    const doc = {
      remediation: { type: 'array', value: [form('identify', [{ name: 'identifier', label: 'Username' }])] },
      authenticators: { value: [{ key: 'okta_email', methods: [{ type: 'email' }] }] },
      rel: ['create-form'],
    };
    expect([...shapeOf(doc).paths]).toEqual([
      ['remediation.type', 'string'],
      ['remediation.value[name=identify].name', 'string'],
      ['remediation.value[name=identify].href', 'string'],
      ['remediation.value[name=identify].value[name=identifier].name', 'string'],
      ['remediation.value[name=identify].value[name=identifier].label', 'string'],
      ['authenticators.value[key=okta_email].key', 'string'],
      ['authenticators.value[key=okta_email].methods[type=email].type', 'string'],
      ['rel[*]', 'string'],
    ]);
  });

  it('an option is named by the authenticator its relatesTo points at', () => {
    const doc = {
      authenticators: { value: [{ key: 'google_otp' }] },
      options: [{ label: 'Google Authenticator', relatesTo: '$.authenticators.value[0]' }],
    };
    expect(shapeOf(doc).paths.has('options[key=google_otp].label')).toBe(true);
  });

  it('counts what is missing and what has another type; ids are only checked for presence', () => {
    const reference = { a: 'x', b: 1, c: { d: true }, id: 'abc', stateHandle: 'h' };
    const reply = { a: 'x', b: '1', id: 42 };
    const c = coverage(reference, reply);
    expect(c.total).toBe(5);
    expect(c.missing).toEqual(['c.d', 'stateHandle']);
    expect(c.wrongType).toEqual([{ path: 'b', expected: 'number', got: 'string' }]);
    expect(c.matched).toBe(2);
    expect(percent(c)).toBe(40);
  });

  it('an empty list or object in the recording is matched by one with items in the reply', () => {
    const reference = { excludeAttributes: [], settings: {}, other: [] };
    const reply = { excludeAttributes: ['firstName'], settings: { x: 1 }, other: 'no list' };
    const c = coverage(reference, reply);
    expect(c.matched).toBe(2);
    expect(c.wrongType).toEqual([{ path: 'other', expected: 'array', got: 'string' }]);
  });

  it("leaves out authenticators the org has no module for, and ones the recorded user had but the reply's list has not", () => {
    const reference = {
      list: {
        value: [
          { key: 'okta_email', x: 1 },
          { key: 'okta_verify', x: 1 },
          { key: 'google_otp', x: 1 },
        ],
      },
    };
    const reply = { list: { value: [{ key: 'okta_email', x: 1 }] } };
    const c = coverage(reference, reply, { keepAuthenticator: (k) => k !== 'okta_verify' });
    expect(c.excluded).toEqual(['list.value[key=okta_verify]']);
    expect(c.otherScenario).toEqual(['list.value[key=google_otp]']);
    expect(c.total).toBe(2);
    expect(percent(c)).toBe(100);
    // Without the list at all, its items count as missing.
    expect(coverage(reference, {}, { keepAuthenticator: (k) => k !== 'okta_verify' }).missing).toHaveLength(4);
  });

  it('names an option by its value, not its display label', () => {
    const reference = { options: [{ label: 'VOICE', value: 'voice' }] };
    const reply = { options: [{ label: 'Voice call', value: 'voice' }] };
    expect(shapeOf(reply).paths.has('options[value=voice].label')).toBe(true);
    expect(percent(coverage(reference, reply))).toBe(100);
  });

  it('names a key-less authenticator entry (and an option pointing at one) by the key its type stands for', () => {
    const keyOfType = (t: string) => ({ password: 'okta_password' })[t];
    const reference = {
      authenticatorEnrollments: { value: [{ type: 'password', id: 'x' }] },
      options: [{ label: 'Okta Password', relatesTo: '$.authenticatorEnrollments.value[0]' }],
      methods: [{ type: 'password' }],
    };
    const paths = [...shapeOf(reference, { keyOfType }).paths.keys()];
    expect(paths).toEqual([
      'authenticatorEnrollments.value[key=okta_password].type',
      'authenticatorEnrollments.value[key=okta_password].id',
      'options[key=okta_password].label',
      'options[key=okta_password].relatesTo',
      // Outside an authenticator list, a type is only a type.
      'methods[type=password].type',
    ]);
    // Without the mapping: by type, as before.
    expect(shapeOf(reference).paths.has('authenticatorEnrollments.value[type=password].id')).toBe(true);
  });

  it('leaves out the parts of a document that belong to an authenticator the org has no module for', () => {
    const reference = {
      remediation: { value: [form('identify', []), form('launch-authenticator', [])] },
      authenticatorChallenge: { value: { challengeMethod: 'CUSTOM_URI' } },
    };
    const options = {
      keepAuthenticator: (k: string) => k !== 'okta_verify',
      authenticatorParts: { 'remediation.value[name=launch-authenticator]': 'okta_verify', authenticatorChallenge: 'okta_verify' },
    };
    const c = coverage(reference, { remediation: { value: [form('identify', [])] } }, options);
    expect(c.excluded).toEqual(['remediation.value[name=launch-authenticator]', 'authenticatorChallenge']);
    expect(percent(c)).toBe(100);
    // An authenticator the org has: counted.
    expect(coverage(reference, {}, { ...options, keepAuthenticator: () => true }).missing).toContain(
      'authenticatorChallenge.value.challengeMethod',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import { checkNewPassword, checkProfile } from './registration';

const schema = defaultConfig().policies.profileAttributes;
const policy = defaultConfig().passwordPolicy;
const messages = (r: ReturnType<typeof checkProfile>) =>
  r && !r.ok ? Object.fromEntries(Object.entries(r.fieldMessages).map(([k, v]) => [k, v.map((m) => m.message)])) : {};

describe('registration profile rules', () => {
  it('keeps values verbatim (unicode, apostrophes, markup) and drops attributes the form does not offer', () => {
    const input = {
      email: "Zoë.O'Neil@Example.test",
      firstName: '<img src=x onerror=alert(1)>',
      lastName: ' Łukasz 🦄 ',
      login: 'admin@example.test',
      isAdmin: 'true',
    };
    expect(checkProfile(schema, input)).toEqual({
      ok: true,
      profile: { email: "Zoë.O'Neil@Example.test", firstName: '<img src=x onerror=alert(1)>', lastName: ' Łukasz 🦄 ' },
    });
  });

  it('reports blank required attributes, bad emails and too-long values under their fields', () => {
    expect(messages(checkProfile(schema, { email: 'a@b.c', firstName: '  ' }))).toEqual({
      'userProfile.firstName': ['This field cannot be left blank'],
      'userProfile.lastName': ['This field cannot be left blank'],
    });
    expect(messages(checkProfile(schema, { email: 'no-at-sign', firstName: 'A', lastName: 'B' }))['userProfile.email']).toEqual([
      "'Email' must be in the form of an email address",
      "Provided value for property 'Email' does not match required pattern",
    ]);
    expect(messages(checkProfile(schema, { email: 'a@b.c', firstName: 'x'.repeat(51), lastName: 'B' }))['userProfile.firstName']).toEqual([
      'This field cannot exceed the maximum allowed characters',
    ]);
    // 50 emoji are 50 characters, not 100 UTF-16 units.
    expect(checkProfile(schema, { email: 'a@b.c', firstName: '🦄'.repeat(50), lastName: 'B' })?.ok).toBe(true);
  });

  it('treats non-string values as a malformed request', () => {
    expect(checkProfile(schema, { email: ['a@b.c'], firstName: 'A', lastName: 'B' })).toBeUndefined();
    expect(checkProfile(schema, { email: 'a@b.c', firstName: 7, lastName: 'B' })).toBeUndefined();
  });
});

describe('new password rules', () => {
  const profile = { email: 'grace.hopper@example.test', firstName: 'Grace', lastName: 'Hopper' };
  const text = (p: unknown) => checkNewPassword(p, policy, profile).map((m) => m.message);

  it('accepts a password that meets the policy', () => {
    expect(text('Quiet-Lantern-42')).toEqual([]);
  });

  it('names the broken requirements in one Okta sentence', () => {
    expect(text('abc')[0]).toMatch(
      /^Password requirements were not met\. Password requirements: at least 8 characters, .*uppercase.*number/,
    );
    expect(text('Xy-grace.hopper-1')[0]).toMatch(/no parts of your username/);
    expect(text('Hopper-Rules-1')[0]).toMatch(/last name/);
  });

  it('uses the common-password message when that is the only problem', () => {
    expect(text('Password123')).toEqual(['This password was found in a list of commonly used passwords. Please try another password.']);
  });

  it('a missing password is a blank field', () => {
    expect(text(undefined)).toEqual(['This field cannot be left blank']);
    expect(text('')).toEqual(['This field cannot be left blank']);
  });
});

/** The password policy's "Maximum consecutive repeating characters": enforced as advertised. */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config';
import { complexitySettings, passwordProblems, requirementsList } from './policy';

const base = defaultConfig().passwordPolicy;
const limited = { ...base, maxConsecutiveRepeatingCharacters: 3 };
const profile = { login: 'kim.lee@example.test', firstName: 'Kim', lastName: 'Lee' };

describe('maxConsecutiveRepeatingCharacters', () => {
  it('refuses a run longer than the limit and accepts one at it', () => {
    expect(passwordProblems('Tulip-Meadow-7777', limited, profile)).toEqual(['maximum 3 consecutive repeating characters']);
    expect(passwordProblems('Tulip-Meadow-777', limited, profile)).toEqual([]);
  });

  it('0 (the default) sets no limit', () => {
    expect(base.maxConsecutiveRepeatingCharacters).toBe(0);
    expect(passwordProblems('Tulip-Meadow-77777', base, profile)).toEqual([]);
  });

  it('is listed among the requirements and sent in the complexity settings', () => {
    expect(requirementsList(limited)).toContain('maximum 3 consecutive repeating characters');
    expect(complexitySettings(limited).complexity.maxConsecutiveRepeatingCharacters).toBe(3);
  });

  it('excludeFirstName/excludeLastName say what excludeAttributes holds', () => {
    expect(complexitySettings(base).complexity).toMatchObject({ excludeFirstName: true, excludeLastName: true });
    const none = complexitySettings({ ...base, excludeAttributes: [] }).complexity;
    expect(none).toMatchObject({ excludeFirstName: false, excludeLastName: false });
  });
});

import { describe, expect, it } from 'vitest';
import type { AccountOutcome } from '../auth/my-account';
import { StepUpRequestEvent, withStepUp } from './account-feedback';

const stepUp: AccountOutcome<string> = { ok: false, reason: 'sign-in-again', maxAge: 900 };

describe('withStepUp', () => {
  it('asks for a recent sign-in with the challenge’s max_age, then makes the change again', async () => {
    const target = new EventTarget();
    const asked: number[] = [];
    target.addEventListener(StepUpRequestEvent.eventName, (e) => {
      asked.push((e as StepUpRequestEvent).maxAge);
      (e as StepUpRequestEvent).retry();
    });
    const answers = [stepUp, { ok: true, value: 'done' } as const];
    let calls = 0;
    await expect(withStepUp(target, () => Promise.resolve(answers[calls++]!))).resolves.toEqual({ ok: true, value: 'done' });
    expect(asked).toEqual([900]);
    expect(calls).toBe(2);
  });

  it('gives the refusal back when the user cancels, and asks nothing for other outcomes', async () => {
    const target = new EventTarget();
    let asked = 0;
    target.addEventListener(StepUpRequestEvent.eventName, (e) => {
      asked++;
      (e as StepUpRequestEvent).cancel();
    });
    await expect(withStepUp(target, () => Promise.resolve(stepUp))).resolves.toEqual(stepUp);
    const failed: AccountOutcome<string> = { ok: false, reason: 'failed', message: 'no' };
    await expect(withStepUp(target, () => Promise.resolve(failed))).resolves.toEqual(failed);
    expect(asked).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../config';
import { hashAnswer } from '../authenticators/lib/security-question';
import type * as QuestionModule from '../authenticators/lib/security-question';
import type * as PasswordModule from '../crypto/password';
import { begin, makeUser, ORG_POLICIES, PASSWORD, remediate, startHarness, type Harness, type IdxDoc } from '../testing/harness';

const LOCKED = 'This factor is suspended for your account due to too many failed attempts';

// "Evaluated" is what the lockout bounds, and no reply can show it (a locked answer looks the same
// whether or not the guess was checked): count the hash checks themselves.
const checks = vi.hoisted(() => ({ passwords: [] as string[], answers: 0 }));
vi.mock('../crypto/password', async (original) => {
  const real = await original<typeof PasswordModule>();
  return {
    ...real,
    verifyPassword: (password: string, stored: string) => {
      checks.passwords.push(stored);
      return real.verifyPassword(password, stored);
    },
  };
});
vi.mock('../authenticators/lib/security-question', async (original) => {
  const real = await original<typeof QuestionModule>();
  return {
    ...real,
    verifyAnswer: (answer: string, hash: string) => {
      checks.answers += 1;
      return real.verifyAnswer(answer, hash);
    },
  };
});

/** Two orgs that differ only in the password policy's "Show lock out failures". */
let quiet: Harness;
let shown: Harness;
beforeAll(async () => {
  quiet = await startHarness({ passwordPolicy: { ...defaultConfig().passwordPolicy, lockoutAttempts: 3 } });
  shown = await startHarness({ passwordPolicy: { ...defaultConfig().passwordPolicy, lockoutAttempts: 3, showLockoutFailures: true } });
});
afterAll(() => {
  quiet.close();
  shown.close();
});

async function answer(h: Harness, login: string, password: string) {
  const start = await begin(h);
  const challenge = await remediate(h, start.doc, 'identify', { identifier: login });
  return remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: password } });
}

const api = (h: Harness, path: string, init: RequestInit = {}) =>
  h.app.request(`/api/v1${path}`, {
    ...init,
    headers: { Authorization: `SSWS ${h.config.apiTokens[0]}`, Accept: 'application/json', ...init.headers },
  });

const statusOf = async (h: Harness, id: string) => ((await (await api(h, `/users/${id}`)).json()) as { status: string }).status;

/** What a reply tells the person (or attacker) signing in: status, messages, the form offered. */
function visible(r: { status: number; doc: IdxDoc }) {
  return {
    status: r.status,
    messages: r.doc.messages,
    remediations: (r.doc.remediation?.value ?? []).map((f: IdxDoc) => f.name),
    current: r.doc.currentAuthenticatorEnrollment?.value.key,
  };
}

describe('password lockout', () => {
  it('locks after N consecutive wrong passwords, refuses the right one, and an admin unlock restores sign-in', async () => {
    for (const h of [quiet, shown]) {
      const user = await makeUser(h);
      expect((await answer(h, user.profile.login, 'Wrong-Passw0rd-1')).doc.messages.value[0].i18n.key).toBe('incorrectPassword');
      expect((await answer(h, user.profile.login, 'Wrong-Passw0rd-2')).status).toBe(401);
      await answer(h, user.profile.login, 'Wrong-Passw0rd-3');
      const right = await answer(h, user.profile.login, PASSWORD);
      expect(right.status).not.toBe(200);
      expect(right.doc.successWithInteractionCode).toBeUndefined();
      expect(await statusOf(h, user.id)).toBe('LOCKED_OUT');

      expect((await api(h, `/users/${user.id}/lifecycle/unlock`, { method: 'POST' })).status).toBe(200);
      expect((await answer(h, user.profile.login, PASSWORD)).doc.successWithInteractionCode).toBeDefined();
    }
  });

  it('with "Show lock out failures" on, the lockout is told: the factor suspended, in the very form that locked it', async () => {
    const user = await makeUser(shown);
    const start = await begin(shown);
    const challenge = await remediate(shown, start.doc, 'identify', { identifier: user.profile.login });
    const submit = (passcode: string) => remediate(shown, challenge.doc, 'challenge-authenticator', { credentials: { passcode } });
    expect((await submit('Wrong-Passw0rd-1')).status).toBe(401);
    expect((await submit('Wrong-Passw0rd-2')).status).toBe(401);
    const third = await submit('Wrong-Passw0rd-3');
    expect(third.status).toBe(403);
    expect(third.doc.messages.value[0]).toMatchObject({ message: LOCKED, class: 'ERROR' });
    expect(third.doc.version).toBe('1.0.0');
    const right = await submit(PASSWORD);
    expect(right.status).toBe(403);
    expect(right.doc.messages.value[0].i18n.key).toBe('authfactor.challenge.suspended_factor');
    // The password form stays, as Okta's reply keeps it.
    expect(right.doc.remediation.value.map((r: { name: string }) => r.name)).toContain('challenge-authenticator');
    expect(right.doc.successWithInteractionCode).toBeUndefined();
  });

  it("off (Okta's default), a locked account answers exactly as an unknown username: nothing to enumerate", async () => {
    const user = await makeUser(quiet);
    for (let i = 1; i <= 3; i++) await answer(quiet, user.profile.login, `Wrong-Passw0rd-${i}`);
    expect(await statusOf(quiet, user.id)).toBe('LOCKED_OUT');
    const locked = await answer(quiet, user.profile.login, PASSWORD);
    const lockedWrong = await answer(quiet, user.profile.login, 'Wrong-Passw0rd-9');
    const unknown = await answer(quiet, 'nobody.here@example.test', PASSWORD);
    expect(visible(locked)).toEqual(visible(unknown));
    expect(visible(lockedWrong)).toEqual(visible(unknown));
    expect(visible(unknown)).toMatchObject({ status: 401, current: 'okta_password' });
    expect(locked.doc.messages.value[0].message).toBe('Password is incorrect');
  });

  it('an account suspended after identify is answered as unknown, never as "locked", even when lockouts are shown', async () => {
    const user = await makeUser(shown);
    const start = await begin(shown);
    const challenge = await remediate(shown, start.doc, 'identify', { identifier: user.profile.login });
    expect((await api(shown, `/users/${user.id}/lifecycle/suspend`, { method: 'POST' })).status).toBe(200);
    const right = await remediate(shown, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
    expect(right.status).toBe(401);
    expect(right.doc.messages.value[0].message).toBe('Password is incorrect');
    expect(right.doc.successWithInteractionCode).toBeUndefined();
  });

  it('a success resets the count: failures must be consecutive', async () => {
    const user = await makeUser(quiet);
    await answer(quiet, user.profile.login, 'Wrong-Passw0rd-1');
    await answer(quiet, user.profile.login, 'Wrong-Passw0rd-2');
    expect((await answer(quiet, user.profile.login, PASSWORD)).doc.successWithInteractionCode).toBeDefined();
    await answer(quiet, user.profile.login, 'Wrong-Passw0rd-3');
    expect((await answer(quiet, user.profile.login, 'Wrong-Passw0rd-4')).status).toBe(401);
    expect((await quiet.ctx.store.userById(user.id))?.status).toBe('ACTIVE');
  });

  it('an unknown username is never "locked" (nothing to enumerate)', async () => {
    for (const h of [quiet, shown])
      for (let i = 0; i < 4; i++) expect((await answer(h, 'nobody.here@example.test', 'Wrong-Passw0rd-1')).status).toBe(401);
  });
});

describe('the lockout under concurrent guesses (on-disk store)', () => {
  const LIMIT = 10;
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ passwordPolicy: { ...defaultConfig().passwordPolicy, lockoutAttempts: LIMIT, showLockoutFailures: true } });
  });
  afterAll(() => h.close());

  it('40 racing guesses on separate transactions: at most the limit are evaluated, and the right one among them is not accepted once locked', async () => {
    const user = await makeUser(h);
    // Every transaction already at the password challenge, so the 40 answers really race.
    const challenges = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const start = await begin(h);
        return (await remediate(h, start.doc, 'identify', { identifier: user.profile.login })).doc;
      }),
    );
    checks.passwords.length = 0;
    const answers = await Promise.all(
      challenges.map((doc, i) =>
        remediate(h, doc, 'challenge-authenticator', { credentials: { passcode: i === 30 ? PASSWORD : `Wrong-Passw0rd-${i}` } }),
      ),
    );
    // Checked against the user's own hash (the others ran on the decoy, as for an unknown user).
    const realHash = (await h.ctx.store.userById(user.id))?.passwordHash;
    expect(checks.passwords.filter((hash) => hash === realHash).length).toBeLessThanOrEqual(LIMIT);
    const evaluatedWrong = answers.filter((a) => a.status === 401).length;
    const lockedAnswers = answers.filter((a) => a.status === 403 && a.doc.messages.value[0].message === LOCKED).length;
    const rightAccepted = answers[30]?.status === 200;
    // The answer that reaches the limit locks the account (403); the ones before it are 401.
    expect(evaluatedWrong).toBeLessThanOrEqual(LIMIT - 1);
    expect(evaluatedWrong + lockedAnswers + (rightAccepted ? 1 : 0)).toBe(40);
    expect(await h.ctx.store.userById(user.id).then((u) => u?.status)).toBe(rightAccepted ? 'ACTIVE' : 'LOCKED_OUT');
    // If the right password came late, it was refused: no second factor, no success.
    if (!rightAccepted) expect(answers[30]?.doc.successWithInteractionCode).toBeUndefined();
  });
});

describe('second-factor lockout under concurrent guesses', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(ORG_POLICIES);
  });
  afterAll(() => h.close());

  it('racing wrong security answers: at most `codes.maxFailures` are evaluated before the factor is suspended', async () => {
    const user = await makeUser(h);
    const now = h.clock.now();
    const common = { userId: user.id, failures: 0, createdAt: now, lastVerifiedAt: now, lastUsedStep: null };
    await h.ctx.store.saveEnrollment({
      ...common,
      id: 'emlRACE',
      authenticator: 'okta_email',
      profile: { email: user.profile.login },
      secret: null,
    });
    await h.ctx.store.saveEnrollment({
      ...common,
      id: 'ufsRACE',
      authenticator: 'security_question',
      profile: { questionKey: 'custom', question: 'Which street did you grow up on?' },
      // Hashed like a password (scrypt): checking an answer takes a while, so the answers really race.
      secret: { answerHash: await hashAnswer('Sesame Street', h.config.passwordHashCost) },
    });
    // 20 transactions at the question (password verified, the question chosen), set up one after
    // another: only the answers race.
    const atQuestion: IdxDoc[] = [];
    for (let i = 0; i < 20; i++) {
      const start = await begin(h);
      const pw = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
      const chooser = await remediate(h, pw.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
      const option = chooser.doc.authenticatorEnrollments.value.find((a: IdxDoc) => a.key === 'security_question');
      atQuestion.push(
        (await remediate(h, chooser.doc, 'select-authenticator-authenticate', { authenticator: { id: option.authenticatorId } })).doc,
      );
    }
    checks.answers = 0;
    const answers = await Promise.all(
      atQuestion.map((doc, i) => remediate(h, doc, 'challenge-authenticator', { credentials: { answer: `Wrong Street ${i}` } })),
    );
    expect(checks.answers).toBeLessThanOrEqual(h.config.codes.maxFailures);
    const invalid = answers.filter((a) => a.status === 401).length;
    expect(invalid).toBeLessThanOrEqual(h.config.codes.maxFailures - 1);
    expect(answers.filter((a) => a.status === 403).length).toBe(20 - invalid);
    // Suspended: even the right answer is refused now.
    const after = await remediate(h, atQuestion[0] as IdxDoc, 'challenge-authenticator', { credentials: { answer: 'Sesame Street' } });
    expect(after.status).toBe(403);
  });
});

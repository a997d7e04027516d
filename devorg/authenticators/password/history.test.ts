import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config';
import { hashPassword } from '../../crypto/password';
import { makeUser, startHarness, type Harness } from '../../testing/harness';
import { historyRequirements, historySentence, historyToKeep, MAX_HISTORY, reusesRecentPassword } from './history';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const policy = defaultConfig().passwordPolicy;

/** Sets a new password the way every path does: the replaced hash goes into the history. */
async function change(userId: string, password: string) {
  const user = await h.ctx.store.userById(userId);
  if (!user) throw new Error('no user');
  const next = { ...user, passwordHash: await hashPassword(password, 1024), passwordChangedAt: h.clock.now() };
  h.clock.advance(1);
  await h.ctx.store.updateUserPassword(next, user.passwordHash, historyToKeep(policy), false, h.clock.now());
  return next;
}

describe('password history', () => {
  it('the current password and the N−1 before it are "recent"; older ones are not', async () => {
    const created = await makeUser(h, 'Pass-History-0');
    let user = created;
    for (const n of [1, 2, 3, 4]) user = await change(created.id, `Pass-History-${n}`);
    const reused = (password: string, count = 4) => reusesRecentPassword(h.ctx.store, user, password, count);
    for (const n of [1, 2, 3, 4]) expect(await reused(`Pass-History-${n}`)).toBe(true);
    expect(await reused('Pass-History-0')).toBe(false);
    expect(await reused('Pass-History-0', 5)).toBe(true);
    expect(await reused('Pass-History-3', 1)).toBe(false);
    expect(await reused('Pass-History-4', 1)).toBe(true);
    expect(await reused('Pass-History-4', 0)).toBe(false);
    expect(await reused('Never-Used-1')).toBe(false);
  });

  it('keeps at most Okta’s 24 replaced hashes and none when history is off; a deleted user leaves none', async () => {
    expect(historyToKeep({ ...policy, historyCount: 0 })).toBe(0);
    expect(historyToKeep(policy)).toBe(MAX_HISTORY);
    const user = await makeUser(h, 'Pass-Keep-0');
    for (let n = 1; n <= MAX_HISTORY + 3; n++) await change(user.id, `Pass-Keep-${n}`);
    const kept = await h.ctx.store.passwordHistory(user.id, 100);
    expect(kept).toHaveLength(MAX_HISTORY);
    await h.ctx.store.deleteUser(user.id);
    expect(await h.ctx.store.passwordHistory(user.id, 100)).toEqual([]);
  });

  it('a password change restarts the failed-login count', async () => {
    const user = await makeUser(h);
    await h.ctx.store.claimPasswordAttempt(user.id, 0);
    expect((await h.ctx.store.userById(user.id))?.failedLogins).toBe(1);
    await change(user.id, 'Fresh-Passw0rd-1');
    expect((await h.ctx.store.userById(user.id))?.failedLogins).toBe(0);
  });

  it('words the rule as Okta does, after the whole policy', () => {
    expect(historySentence(4)).toBe('Your password cannot be any of your last 4 passwords.');
    expect(historySentence(1)).toBe('Your password cannot be any of your last 1 password.');
    expect(historyRequirements(policy)).toBe(
      'Password requirements: at least 8 characters, at least 1 lowercase letter, at least 1 uppercase letter, at least 1 number, ' +
        'no parts of your username, does not include your first name, does not include your last name. ' +
        'Your password cannot be any of your last 4 passwords.',
    );
  });
});

/**
 * A self-service unlock proven (the machine's `unlock-user`): the account leaves LOCKED_OUT with its
 * failed-login count restarted, and the System Log records `user.account.unlock` (an admin's unlock is
 * `user.account.unlock_by_admin`). An account no longer locked out (unlocked meanwhile) is left alone.
 */
import type { OrgContext } from '../context';
import { userEntity } from '../log/entities';

export async function unlockUser(ctx: OrgContext, transactionId: string, userId: string, now: number): Promise<void> {
  const user = await ctx.store.userById(userId);
  if (user?.status !== 'LOCKED_OUT') return;
  await ctx.store.updateUser(
    { ...user, status: 'ACTIVE', failedLogins: 0, statusChangedAt: now, lastUpdatedAt: now },
    { resetFailedLogins: true },
  );
  const entity = userEntity(user);
  ctx.log.record({ eventType: 'user.account.unlock', actor: entity, target: [entity], externalSessionId: transactionId });
}

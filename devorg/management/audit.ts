/**
 * System Log events of the management API: every user change made with an API token is recorded
 * with the token as actor (`API_TOKEN_ACTOR`) and the user as target, under Okta's event type names.
 */
import type { OrgContext } from '../context';
import { API_TOKEN_ACTOR, appEntity, authenticatorEntity, groupEntity, userEntity } from '../log/entities';
import type { EventType } from '../log/event-types';
import { knownKey } from '../authenticators';
import type { EnrollmentRecord, UserRecord } from '../store';
import type { LifecycleAction } from './lifecycle';

export const LIFECYCLE_EVENTS: Record<LifecycleAction, EventType> = {
  activate: 'user.lifecycle.activate',
  reactivate: 'user.lifecycle.reactivate',
  deactivate: 'user.lifecycle.deactivate',
  suspend: 'user.lifecycle.suspend',
  unsuspend: 'user.lifecycle.unsuspend',
  unlock: 'user.account.unlock_by_admin',
  expire_password: 'user.account.expire_password',
};

export function logUserChange(ctx: OrgContext, eventType: EventType, user: Pick<UserRecord, 'id' | 'profile'>): void {
  ctx.log.record({ eventType, actor: API_TOKEN_ACTOR, target: [userEntity(user)] });
}

/** A factor (or all of them) removed by an admin. */
export function logFactorsReset(ctx: OrgContext, user: UserRecord, removed: readonly EnrollmentRecord[]): void {
  for (const e of removed) {
    const key = knownKey(e.authenticator);
    ctx.log.record({
      eventType: 'user.mfa.factor.deactivate',
      actor: API_TOKEN_ACTOR,
      target: [userEntity(user), ...(key ? [authenticatorEntity(key, e.id)] : [])],
    });
  }
}

/** A group made, renamed or deleted through the API. */
export function logGroupChange(ctx: OrgContext, eventType: EventType, group: { id: string; profile: { name: string } }): void {
  ctx.log.record({ eventType, actor: API_TOKEN_ACTOR, target: [groupEntity(group)] });
}

/** A user added to or removed from a group (Okta names the user, then the group). */
export function logMembership(
  ctx: OrgContext,
  eventType: 'group.user_membership.add' | 'group.user_membership.remove',
  user: Pick<UserRecord, 'id' | 'profile'>,
  group: { id: string; profile: { name: string } },
): void {
  ctx.log.record({ eventType, actor: API_TOKEN_ACTOR, target: [userEntity(user), groupEntity(group)] });
}

/** A user assigned to or unassigned from an app. */
export function logAppAssignment(
  ctx: OrgContext,
  eventType: 'application.user_membership.add' | 'application.user_membership.remove',
  user: Pick<UserRecord, 'id' | 'profile'>,
  app: { clientId: string; label: string },
): void {
  ctx.log.record({ eventType, actor: API_TOKEN_ACTOR, target: [userEntity(user), appEntity(app.clientId, app.label)] });
}

/**
 * System Log events of MyAccount changes: the user acts on their own account, so they are the actor
 * and the (first) target, under Okta's event type names.
 */
import type { AuthenticatorKey } from '../authenticators/types';
import type { OrgContext } from '../context';
import { authenticatorEntity, userEntity } from '../log/entities';
import type { EventType } from '../log/event-types';
import type { UserRecord } from '../store';

export function logSelfChange(ctx: OrgContext, eventType: EventType, user: Pick<UserRecord, 'id' | 'profile'>): void {
  const me = userEntity(user);
  ctx.log.record({ eventType, actor: me, target: [me] });
}

/** The user set up an authenticator through MyAccount (a verified phone). */
export function logSelfEnroll(ctx: OrgContext, user: UserRecord, key: AuthenticatorKey, enrollmentId: string): void {
  const me = userEntity(user);
  ctx.log.record({ eventType: 'user.mfa.factor.activate', actor: me, target: [me, authenticatorEntity(key, enrollmentId)] });
}

/** The user removed one of their authenticator enrollments. */
export function logSelfUnenroll(ctx: OrgContext, user: UserRecord, key: AuthenticatorKey, enrollmentId: string): void {
  const me = userEntity(user);
  ctx.log.record({ eventType: 'user.mfa.factor.deactivate', actor: me, target: [me, authenticatorEntity(key, enrollmentId)] });
}

/** The user signed out of their sessions everywhere (and, with `oauthTokens`, revoked their tokens). */
export function logSessionsCleared(
  ctx: OrgContext,
  user: UserRecord,
  detail: { sessions: number; oauthTokens: boolean; keptCurrent: boolean },
): void {
  const me = userEntity(user);
  ctx.log.record({
    eventType: 'user.session.clear',
    actor: me,
    target: [me],
    debugData: {
      sessionsEnded: String(detail.sessions),
      oauthTokensRevoked: String(detail.oauthTokens),
      excludeCurrentAuthorizationContext: String(detail.keptCurrent),
    },
  });
}

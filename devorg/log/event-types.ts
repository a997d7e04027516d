/**
 * The System Log event types devorg records, with Okta's display message, legacy event type and
 * severity for each (names from Okta's Event Types catalogue). An event hook may subscribe to any of
 * these; recording one not listed here is a type error.
 */
import type { LogSeverity } from './types';

interface EventTypeInfo {
  displayMessage: string;
  legacyEventType: string | null;
  severity: LogSeverity;
}

const info = (displayMessage: string, legacyEventType: string | null = null, severity: LogSeverity = 'INFO'): EventTypeInfo => ({
  displayMessage,
  legacyEventType,
  severity,
});

export const EVENT_TYPES = {
  // Sign-in (Identity Engine).
  'user.session.start': info('User login to Okta', 'core.user_auth.login_success'),
  'user.session.end': info('User logout from Okta', 'core.user_auth.logout_success'),
  'user.session.clear': info('Clear user session', 'core.user_auth.session_clear'),
  'user.authentication.verify': info('Verify user identity'),
  'user.authentication.auth_via_mfa': info('Authentication of user via MFA', 'core.user.factor.attempt_success'),
  'policy.evaluate_sign_on': info('Evaluation of sign-on policy'),
  'user.account.lock': info('Max sign in attempts exceeded', 'core.user_auth.account_locked', 'WARN'),
  'user.account.unlock': info('Unlock user account', 'core.user.account.unlock'),
  'user.account.unlock_by_admin': info('Unlock user account by admin', 'core.user.account.unlock_by_admin'),
  'user.account.reset_password': info('Reset password for Okta (from email link)', 'core.user.account.reset_password'),
  'user.account.update_password': info('User update password for Okta', 'core.user.config.password_update.success'),
  'user.account.update_profile': info('Update user profile for Okta', 'core.user.config.profile_update.success'),
  'user.account.expire_password': info('Expire password', 'core.user.config.password_expired'),
  // Codes sent (devorg's outbox).
  'system.email.send_factor_verify_message': info('Send factor verify message'),
  'system.email.verification.sent_message': info('Send email verification'),
  'system.email.password_reset.sent_message': info('Send password reset email'),
  'system.sms.send_factor_verify_message': info('Send SMS verify message', 'core.user.sms.message_sent.verify'),
  'system.sms.send_phone_verification_message': info(
    'Send phone verification SMS message',
    'core.user.sms.message_sent.phone_verification',
  ),
  'system.sms.send_password_reset_message': info('Send password reset SMS message', 'core.user.sms.message_sent.password_reset'),
  // Okta's voice event types (catalogue names; their legacy types are not known here, so none is given).
  'system.voice.send_mfa_challenge_call': info('Send voice call MFA challenge'),
  'system.voice.send_phone_verification_call': info('Send phone verification voice call'),
  'system.voice.send_password_reset_call': info('Send password reset voice call'),
  // Authenticators.
  'user.mfa.factor.activate': info('Activate factor or authenticator', 'core.user.factor.activate'),
  'user.mfa.factor.deactivate': info('Reset factor or authenticator', 'core.user.factor.deactivate'),
  'user.mfa.factor.reset_all': info('Reset all factors for user', 'core.user.factor.reset_all'),
  // User lifecycle.
  'user.lifecycle.create': info('Create Okta user', 'core.user.config.user_creation.success'),
  'user.lifecycle.activate': info('Activate Okta user', 'core.user.config.user_activated'),
  'user.lifecycle.reactivate': info('Reactivate Okta user', 'core.user.config.user_reactivated'),
  'user.lifecycle.deactivate': info('Deactivate Okta user', 'core.user.config.user_deactivated'),
  'user.lifecycle.suspend': info('Suspend Okta user', 'core.user.config.user_suspended'),
  'user.lifecycle.unsuspend': info('Unsuspend Okta user', 'core.user.config.user_unsuspended'),
  'user.lifecycle.delete.initiated': info('Delete Okta user', 'core.user.config.user_deleted'),
  // Groups and app assignments.
  'group.lifecycle.create': info('Create Okta group', 'core.user_group.created'),
  'group.profile.update': info('Update group profile'),
  'group.lifecycle.delete': info('Delete Okta group', 'core.user_group.deleted'),
  'group.user_membership.add': info('Add user to group membership', 'core.user_group_member.user_add'),
  'group.user_membership.remove': info('Remove user from group membership', 'core.user_group_member.user_remove'),
  'application.user_membership.add': info('Add user to application membership', 'app.generic.provision.assign_user_to_app'),
  'application.user_membership.remove': info('Remove user from application membership', 'app.generic.unassign_user_from_app'),
  // OAuth 2.0 (custom authorization server: `app.oauth2.as.*`).
  'app.oauth2.as.token.grant': info('OAuth2 token grant request'),
  'app.oauth2.as.token.grant.access_token': info('OAuth2 access token is granted'),
  'app.oauth2.as.token.grant.id_token': info('OAuth2 id token is granted'),
  'app.oauth2.as.token.grant.refresh_token': info('OAuth2 refresh token is granted'),
  'app.oauth2.as.token.revoke': info('OAuth2 token revocation request'),
  // Event hooks themselves.
  'event_hook.created': info('Event hook created'),
  'event_hook.activated': info('Event hook activated'),
  'event_hook.deactivated': info('Event hook deactivated'),
  'event_hook.verified': info('Event hook verified'),
  'event_hook.deleted': info('Event hook deleted'),
  'event_hook.delivery': info('Event hook delivery failed', null, 'WARN'),
  'inline_hook.created': info('Inline hook created'),
  'inline_hook.updated': info('Inline hook updated'),
  'inline_hook.activated': info('Inline hook activated'),
  'inline_hook.deactivated': info('Inline hook deactivated'),
  'inline_hook.deleted': info('Inline hook deleted'),
  // Each call of a hook (outcome FAILURE when it could not be called or answered no 2xx), then what Okta made of its answer.
  'inline_hook.executed': info('Inline hook executed'),
  'inline_hook.response.processed': info('Inline hook response processed'),
} as const satisfies Record<string, EventTypeInfo>;

export type EventType = keyof typeof EVENT_TYPES;

export function isEventType(name: string): name is EventType {
  return Object.hasOwn(EVENT_TYPES, name);
}

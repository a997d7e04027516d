/**
 * What a step of the sign-in flow logs, worked out from the facts the IDX steps already hold (the
 * transaction before, the event fed to the machine, the machine's outcome), so the machine itself
 * stays pure. `steps.ts` records these once the new state is saved (a request that lost a race to
 * another logs nothing), and the org session's start where it is established.
 *
 * - every verified or refused answer: `user.authentication.verify` (target: the user and the
 *   authenticator); a second factor's also `user.authentication.auth_via_mfa`; a refused password
 *   `user.session.start` FAILURE with the reason (`INVALID_CREDENTIALS`, `LOCKED_OUT`, …);
 * - codes sent: `system.email.*` / `system.sms.*` by purpose (never the code);
 * - a sign-on rule denying access at identify: `policy.evaluate_sign_on` DENY;
 * - an authenticator set up: `user.mfa.factor.activate`; a registration: `user.lifecycle.create` and
 *   `.activate` (actor: the new user, `debugData.registration: SELF_SERVICE`).
 */
import { authenticatorFor } from '../authenticators';
import type { AuthenticatorKey } from '../authenticators/types';
import type { Effect, Event, Outcome, TxData } from '../idx/machine';
import { registrantLogin } from '../idx/machine/registrant';
import { authenticatorEntity, userRef } from './entities';
import type { EventType } from './event-types';
import type { LogInput } from './recorder';
import type { LogEntity } from './types';

type FailureReason = 'invalid' | 'expired' | 'used' | 'locked' | 'account-locked';

/** Okta's outcome reasons for a refused verification. */
const REASONS: Record<FailureReason, string> = {
  invalid: 'INVALID_CREDENTIALS',
  expired: 'VERIFICATION_ERROR',
  used: 'INVALID_CREDENTIALS',
  locked: 'FACTOR_SUSPENDED',
  'account-locked': 'LOCKED_OUT',
};

/** The user a transaction is about: the account once identified, else what was typed. */
export function txUser(data: TxData): LogEntity {
  const reg = data.registration;
  if (reg) {
    const name = [reg.profile.firstName, reg.profile.lastName].filter(Boolean).join(' ');
    return userRef(reg.userId, registrantLogin(reg), name || undefined);
  }
  return userRef(data.userId, data.identifier);
}

function codeEventType(effect: Extract<Effect, { type: 'send-code' }>): EventType {
  if (effect.kind === 'voice') {
    if (effect.purpose === 'recovery') return 'system.voice.send_password_reset_call';
    return effect.purpose === 'verification' ? 'system.voice.send_mfa_challenge_call' : 'system.voice.send_phone_verification_call';
  }
  if (effect.kind === 'sms') {
    if (effect.purpose === 'recovery') return 'system.sms.send_password_reset_message';
    return effect.purpose === 'verification' ? 'system.sms.send_factor_verify_message' : 'system.sms.send_phone_verification_message';
  }
  if (effect.purpose === 'recovery') return 'system.email.password_reset.sent_message';
  if (effect.purpose === 'registration') return 'system.email.verification.sent_message';
  return 'system.email.send_factor_verify_message';
}

export function idxLogEvents(txId: string, before: TxData, event: Event, outcome: Outcome): LogInput[] {
  const user = txUser(outcome.data.userId || outcome.data.registration ? outcome.data : before);
  const base = { actor: user, externalSessionId: txId };
  const out: LogInput[] = [];
  if (event.type === 'answer' && before.step.name === 'challenge') {
    const key: AuthenticatorKey = event.authenticator;
    const target = [user, authenticatorEntity(key)];
    const ok = event.result.ok && before.userId !== undefined;
    const reason = event.result.ok ? REASONS.invalid : REASONS[event.result.reason];
    const outcomeOf = ok ? ({ result: 'SUCCESS' } as const) : ({ result: 'FAILURE', reason } as const);
    const debugData = { authenticator: key, ...(before.recovery ? { flow: 'recovery' } : {}) };
    out.push({ ...base, eventType: 'user.authentication.verify', target, outcome: outcomeOf, debugData });
    if (authenticatorFor(key).isPassword) {
      if (!ok) out.push({ ...base, eventType: 'user.session.start', target: [user], outcome: outcomeOf, debugData });
    } else if (!before.recovery) {
      out.push({ ...base, eventType: 'user.authentication.auth_via_mfa', target, outcome: outcomeOf, debugData });
    }
  }
  // A sign-on rule that denies access ends the sign-in at identify: Okta logs the evaluation's DENY.
  if (event.type === 'identify' && outcome.data.step.name === 'terminal') {
    out.push({ ...base, eventType: 'policy.evaluate_sign_on', target: [user], outcome: { result: 'DENY' } });
  }
  for (const effect of outcome.effects ?? []) {
    switch (effect.type) {
      case 'send-code':
        out.push({ ...base, eventType: codeEventType(effect), target: [user], debugData: { purpose: effect.purpose } });
        break;
      case 'save-enrollment':
        if (authenticatorFor(effect.enrollment.key).isPassword) break;
        out.push({ ...base, eventType: 'user.mfa.factor.activate', target: [user, authenticatorEntity(effect.enrollment.key)] });
        break;
      case 'create-user': {
        const debugData = { registration: 'SELF_SERVICE' };
        out.push({ ...base, eventType: 'user.lifecycle.create', target: [user], debugData });
        // Awaiting activation by email: activated when its link is followed (idx/activation.ts logs it).
        if (!effect.activation) out.push({ ...base, eventType: 'user.lifecycle.activate', target: [user], debugData });
        for (const e of effect.enrollments.filter((p) => !authenticatorFor(p.key).isPassword)) {
          out.push({ ...base, eventType: 'user.mfa.factor.activate', target: [user, authenticatorEntity(e.key)] });
        }
        break;
      }
      case 'set-password':
        // A recovery resets the password; an expired one is changed by its owner.
        out.push({
          ...base,
          eventType: effect.reason === 'expired' ? 'user.account.update_password' : 'user.account.reset_password',
          target: [user],
        });
        break;
    }
  }
  return out;
}

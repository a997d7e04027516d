/**
 * The registration inline hook (`com.okta.user.pre-registration`, Okta's "Registration inline hook
 * reference"): when a profile enrollment policy names one, the registration form's profile goes to it
 * before the user exists, as Okta's self-service registration request
 * (`requestType: "self.service.registration"`, `data.userProfile`, `data.action: "ALLOW"`), and its answer
 * decides:
 * - `error` present: the registration fails and no command runs (even when the error is empty). Each
 *   `errorCauses[]` entry whose `location` is `data.userProfile.<attribute>` is that attribute's message;
 *   without causes, Okta's "Registration cannot be completed at this time.";
 * - `com.okta.action.update` `{ registration: "DENY" }` without an error: Okta's "Registration denied.";
 * - otherwise allowed, with `com.okta.user.profile.update` values replacing or adding profile attributes,
 *   in order (strings; devorg refuses a `login` change: the login stays what the form gave).
 * A hook that can't be called, times out, answers no 2xx or answers what can't be read fails: the
 * caller ends the registration on Okta's `registration.error.generic`. What was made of the answer is
 * logged as `inline_hook.response.processed`.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { OrgContext } from '../context';
import { API_TOKEN_ACTOR } from '../log/entities';
import { currentRequest } from '../log/request';
import { problemsOf } from '../validation';
import { executeInlineHook, inlineHookEntity } from './inline';

export interface HookCause {
  /** The profile attribute the cause's `location` names (`data.userProfile.<attribute>`), if any. */
  attribute?: string;
  summary: string;
}

export type RegistrationHookResult =
  | { kind: 'allow'; profile: Record<string, string> }
  | { kind: 'deny'; causes: HookCause[]; summary: string }
  | { kind: 'failed'; reason: string };

/** Okta's words when a denial carries no error causes (SSR), and when it carries no error at all. */
export const NOT_COMPLETED = 'Registration cannot be completed at this time.';
export const DENIED = 'Registration denied.';

const ATTRIBUTE = /^[A-Za-z][A-Za-z0-9_]{0,49}$/;
const LOCATION = /^data\.userProfile\.([A-Za-z][A-Za-z0-9_]{0,49})$/;

const command = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('com.okta.action.update'),
      value: z.object({ registration: z.enum(['ALLOW', 'DENY']) }),
    }),
    z.object({
      type: z.literal('com.okta.user.profile.update'),
      value: z.record(
        z
          .string()
          .regex(ATTRIBUTE, 'must be a profile attribute name')
          .refine((k) => k !== 'login', 'login is not changed by a hook in devorg'),
        z.string().max(1024),
      ),
    }),
  ],
  { error: (iss) => (iss.code === 'invalid_union' ? 'is not a command of the registration inline hook' : undefined) },
);

const answerSchema = z.object({
  commands: z.array(command).max(20).optional(),
  error: z
    .object({
      errorSummary: z.string().max(1024).nullish(),
      errorCauses: z
        .array(
          z.object({
            errorSummary: z.string().max(1024),
            reason: z.string().nullish(),
            locationType: z.string().nullish(),
            location: z.string().nullish(),
            domain: z.string().nullish(),
          }),
        )
        .max(20)
        .nullish(),
    })
    .nullish(),
});

/** The request Okta sends for a self-service registration. */
export function registrationPayload(ctx: OrgContext, hookId: string, userProfile: Record<string, string>) {
  const request = currentRequest();
  return {
    eventId: randomUUID(),
    eventTime: new Date(ctx.clock.now()).toISOString(),
    eventType: 'com.okta.user.pre-registration',
    eventTypeVersion: '1.0',
    contentType: 'application/json',
    cloudEventVersion: '0.1',
    source: `${ctx.config.publicOrigin}/api/v1/inlineHooks/${hookId}`,
    requestType: 'self.service.registration',
    data: {
      context: {
        request: {
          id: request?.id ?? randomUUID(),
          method: 'POST',
          url: { value: request?.path ?? '/idp/idx/enroll/new' },
          ipAddress: request?.ip ?? '127.0.0.1',
        },
      },
      userProfile,
      action: 'ALLOW',
    },
  };
}

/** The registration inline hook of the app's profile enrollment policy: the app's own (`null`: none), else the org's. */
export function registrationHookOf(ctx: OrgContext, clientId: string): string | undefined {
  const own = ctx.apps.byId(clientId)?.registrationInlineHook;
  return own === null ? undefined : (own ?? ctx.config.policies.registrationInlineHook);
}

/**
 * Calls the hook `hookId` names with the submitted profile. `undefined`: no such ACTIVE hook to call
 * (an INACTIVE hook is not called, as on Okta); a hook of the policy's that doesn't exist fails.
 */
export async function runRegistrationHook(
  ctx: OrgContext,
  hookId: string,
  profile: Record<string, string>,
): Promise<RegistrationHookResult | undefined> {
  const hook = await ctx.store.inlineHookById(hookId);
  if (!hook) {
    const reason = `the profile enrollment policy names inline hook ${hookId}, which the org does not have`;
    console.error(`devorg: ${reason}`);
    return { kind: 'failed', reason };
  }
  if (hook.status !== 'ACTIVE') return undefined;
  const call = await executeInlineHook(ctx, hook, registrationPayload(ctx, hook.id, profile));
  const result = call.ok ? readAnswer(call.answer, profile) : { kind: 'failed' as const, reason: call.reason };
  if (call.ok)
    ctx.log.record({
      eventType: 'inline_hook.response.processed',
      actor: API_TOKEN_ACTOR,
      target: [inlineHookEntity(hook)],
      outcome:
        result.kind === 'failed' ? { result: 'FAILURE', reason: result.reason } : { result: result.kind === 'allow' ? 'ALLOW' : 'DENY' },
      debugData: { inlineHookType: hook.type, requestType: 'self.service.registration' },
    });
  return result;
}

/** What the hook's answer decides (pure). */
export function readAnswer(raw: Record<string, unknown>, profile: Record<string, string>): RegistrationHookResult {
  const problems = problemsOf(answerSchema, raw);
  const parsed = answerSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'failed', reason: `the answer was not understood: ${problems.join('; ')}` };
  const { commands = [], error } = parsed.data;
  if (error) {
    const causes = (error.errorCauses ?? []).map((c): HookCause => {
      const attribute = LOCATION.exec(c.location ?? '')?.[1];
      return { ...(attribute ? { attribute } : {}), summary: c.errorSummary };
    });
    return { kind: 'deny', causes, summary: causes.length ? (error.errorSummary ?? NOT_COMPLETED) : NOT_COMPLETED };
  }
  let next = { ...profile };
  for (const c of commands) {
    if (c.type === 'com.okta.action.update' && c.value.registration === 'DENY') return { kind: 'deny', causes: [], summary: DENIED };
    if (c.type === 'com.okta.user.profile.update') next = { ...next, ...c.value };
  }
  return { kind: 'allow', profile: next };
}

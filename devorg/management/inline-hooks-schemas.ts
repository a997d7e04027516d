/**
 * The inline hook bodies of `/api/v1/inlineHooks`, in Okta's shape: create and replace
 * `{ name, type, version: '1.0.0', channel: { type: 'HTTP', version: '1.0.0', config: { uri, headers?,
 * method?, authScheme? } } }` (a replace may leave `type` out, it can't change), and the partial update
 * (`POST /{id}`), whose members are each optional. Read-only members the SDK sends back (`id`,
 * `status`, `created`, `_links`, …) are ignored. Okta's other hook types (token, SAML, import, password
 * import, telephony) and its OAuth-secured channels are refused with a cause naming what is unsupported.
 * The channel is the schema hooks share (`../hooks/channel-schema.ts`).
 */
import { z } from 'zod';
import { httpChannel } from '../hooks/channel-schema';

/** Okta's inline hook types (the SDK's `InlineHookType`); devorg runs the registration hook only. */
export const OKTA_INLINE_HOOK_TYPES = [
  'com.okta.import.transform',
  'com.okta.oauth2.tokens.transform',
  'com.okta.saml.tokens.transform',
  'com.okta.telephony.provider',
  'com.okta.user.credential.password.import',
  'com.okta.user.pre-registration',
] as const;
export const SUPPORTED_TYPE = 'com.okta.user.pre-registration';

const hookType = z.string().superRefine((type, ctx) => {
  if (type === SUPPORTED_TYPE) return;
  const known = (OKTA_INLINE_HOOK_TYPES as readonly string[]).includes(type);
  ctx.addIssue({
    code: 'custom',
    message: known
      ? `${type} inline hooks are not supported by devorg (it runs ${SUPPORTED_TYPE}, the registration inline hook)`
      : `${JSON.stringify(type).slice(0, 80)} is not an inline hook type`,
  });
});

const name = z.string().trim().min(1).max(255);
const version = z.literal('1.0.0', { error: 'must be "1.0.0"' });

export const inlineHookCreateBody = z.object({ name, type: hookType, version, channel: httpChannel(z.object) });

/** A replace names the hook's type only to say what it is: a different one is refused. */
export const inlineHookReplaceBody = z.object({ name, type: hookType.optional(), version, channel: httpChannel(z.object) });

export const inlineHookUpdateBody = z.object({
  name: name.optional(),
  type: hookType.optional(),
  version: version.optional(),
  channel: httpChannel(z.object).optional(),
});

export type InlineHookCreateBody = z.output<typeof inlineHookCreateBody>;

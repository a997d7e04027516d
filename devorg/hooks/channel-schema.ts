/**
 * The HTTP channel of a hook (event hooks and inline hooks alike, Okta's `channel: { type: 'HTTP',
 * version: '1.0.0', config: { uri, headers?, method?, authScheme? } }`): one schema for the management
 * API's bodies and the config's declared inline hooks, so both refuse the same URIs and headers.
 *
 * Okta requires an `https` URI. devorg also accepts `http` on a loopback host (localhost, 127.0.0.1,
 * [::1]) so a hook receiver can run next to it during local development and in tests; anything else
 * over plain http is refused as on Okta.
 */
import { z } from 'zod';
import { API_ERRORS } from '../errors';
import type { EventHookChannel } from '../store';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function uriProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.username || url.password) return 'must not carry credentials (use channel.config.authScheme)';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return 'must be an https URL (devorg also accepts http on localhost)';
}

/** An HTTP header name (RFC 9110 token) that the hook call doesn't set itself. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'connection',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'expect',
  'te',
  'trailer',
  'x-okta-verification-challenge',
]);
export const headerName = z
  .string()
  .regex(HEADER_NAME, 'must be an HTTP header name')
  .refine((k) => !RESERVED_HEADERS.has(k.toLowerCase()), 'is set by the hook call itself');
export const headerValue = z
  .string()
  .max(4096)
  .refine((v) => !/[\r\n\0]/.test(v), 'must not contain line breaks');

export const hookUri = z
  .string()
  .max(1024)
  .superRefine((uri, ctx) => {
    const problem = uriProblem(uri);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * `channel` in Okta's shape. `object` is `z.object` for API bodies (read-only members the SDK sends
 * back are ignored) or `z.strictObject` for the config (a typo is an error). On a replace the auth
 * header's value may be left out: the stored secret is kept (Okta never returns it).
 */
export function httpChannel(object: typeof z.object | typeof z.strictObject) {
  return object({
    type: z.literal('HTTP', { error: 'devorg supports HTTP channels (OAuth-secured hook calls are not supported)' }),
    version: z.literal('1.0.0', { error: 'must be "1.0.0"' }),
    config: object({
      uri: hookUri,
      headers: z
        .array(object({ key: headerName, value: headerValue }))
        .max(20)
        .nullish(),
      method: z.literal('POST', { error: 'must be "POST"' }).nullish(),
      authScheme: object({
        type: z.literal('HEADER', { error: 'must be "HEADER"' }),
        key: headerName,
        value: headerValue.nullish(),
      }).nullish(),
    }),
  });
}

export type HttpChannelBody = z.output<ReturnType<typeof httpChannel>>;

/**
 * The stored channel from a body's. A replace that leaves the auth header's value out keeps the stored
 * one (Okta never returns it); a new auth header needs its value (`field` names the body's channel).
 */
export function storedChannel(body: HttpChannelBody, previous?: EventHookChannel, field = 'channel'): EventHookChannel {
  const { uri, headers, authScheme } = body.config;
  let auth: EventHookChannel['authScheme'] = null;
  if (authScheme) {
    const kept = previous?.authScheme?.key === authScheme.key ? previous.authScheme.value : undefined;
    const value = authScheme.value ?? kept;
    if (value === undefined) throw API_ERRORS.validation([`${field}.config.authScheme.value: required`]);
    auth = { type: 'HEADER', key: authScheme.key, value };
  }
  return { uri, version: body.version, headers: headers ?? [], authScheme: auth };
}

/**
 * The event hook body of `POST /api/v1/eventHooks` and `PUT /api/v1/eventHooks/{id}`, in Okta's shape:
 * `{ name, description?, events: { type: 'EVENT_TYPE', items: [...] }, channel: { type: 'HTTP', version:
 * '1.0.0', config: { uri, headers?, authScheme? } } }`. Read-only members the SDK sends back on a
 * replace (`id`, `status`, `created`, `_links`, …) are ignored; what devorg can't do (event filters,
 * another channel type) is refused with a cause naming it.
 *
 * Okta requires an `https` URI. devorg also accepts `http` on a loopback host (localhost, 127.0.0.1,
 * [::1]) so a hook receiver can run next to it during local development and in tests; anything else
 * over plain http is refused as on Okta.
 */
import { z } from 'zod';
import { EVENT_TYPES, isEventType } from '../log/event-types';

/** What an event hook may subscribe to: what devorg records, except the hooks' own events (a failing hook would feed itself). */
export const SUBSCRIBABLE_EVENT_TYPES = Object.keys(EVENT_TYPES).filter((t) => !t.startsWith('event_hook.'));

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function uriProblem(raw: string): string | undefined {
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
const headerName = z
  .string()
  .regex(HEADER_NAME, 'must be an HTTP header name')
  .refine((k) => !RESERVED_HEADERS.has(k.toLowerCase()), 'is set by the hook call itself');
const headerValue = z
  .string()
  .max(4096)
  .refine((v) => !/[\r\n\0]/.test(v), 'must not contain line breaks');

export const eventHookBody = z.object({
  name: z.string().trim().min(1).max(255),
  description: z.string().max(1024).nullish(),
  events: z.object({
    type: z.literal('EVENT_TYPE', { error: 'devorg supports EVENT_TYPE subscriptions' }),
    items: z
      .array(
        z.string().refine((t) => isEventType(t) && !t.startsWith('event_hook.'), {
          error: (iss) => `${JSON.stringify(iss.input)} is not an event type devorg can deliver`,
        }),
      )
      .min(1)
      .max(SUBSCRIBABLE_EVENT_TYPES.length),
    filter: z.null({ error: 'Event hook filters are not supported by devorg' }).optional(),
  }),
  channel: z.object({
    type: z.literal('HTTP', { error: 'must be "HTTP"' }),
    version: z.literal('1.0.0', { error: 'must be "1.0.0"' }),
    config: z.object({
      uri: z
        .string()
        .max(1024)
        .superRefine((uri, ctx) => {
          const problem = uriProblem(uri);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      headers: z
        .array(z.object({ key: headerName, value: headerValue }))
        .max(20)
        .nullish(),
      method: z.literal('POST', { error: 'must be "POST"' }).nullish(),
      authScheme: z
        .object({
          type: z.literal('HEADER', { error: 'must be "HEADER"' }),
          key: headerName,
          // Absent on a replace: the stored secret is kept (Okta never returns it).
          value: headerValue.nullish(),
        })
        .nullish(),
    }),
  }),
});

export type EventHookBody = z.output<typeof eventHookBody>;

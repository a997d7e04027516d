/**
 * The event hook body of `POST /api/v1/eventHooks` and `PUT /api/v1/eventHooks/{id}`, in Okta's shape:
 * `{ name, description?, events: { type: 'EVENT_TYPE', items: [...] }, channel: { type: 'HTTP', version:
 * '1.0.0', config: { uri, headers?, authScheme? } } }`. Read-only members the SDK sends back on a
 * replace (`id`, `status`, `created`, `_links`, …) are ignored; what devorg can't do (event filters,
 * another channel type) is refused with a cause naming it.
 * The channel (URI, headers, auth header) is the one schema hooks share (`../hooks/channel-schema.ts`).
 */
import { z } from 'zod';
import { httpChannel } from '../hooks/channel-schema';
import { EVENT_TYPES, isEventType } from '../log/event-types';

/** What an event hook may subscribe to: what devorg records, except the hooks' own events (a failing hook would feed itself). */
export const SUBSCRIBABLE_EVENT_TYPES = Object.keys(EVENT_TYPES).filter((t) => !t.startsWith('event_hook.'));

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
  channel: httpChannel(z.object),
});

export type EventHookBody = z.output<typeof eventHookBody>;

/**
 * `/api/v1/eventHooks`: Okta's event hook API as `eventHookApi` of `@okta/okta-sdk-nodejs` calls it —
 * create (ACTIVE, UNVERIFIED), list, get, replace, delete (INACTIVE only, as on Okta),
 * `lifecycle/activate`, `lifecycle/deactivate` and `lifecycle/verify`. Deliveries are
 * `../hooks/dispatcher.ts`'s; every change here tells it to read the hooks again.
 *
 * Verification calls the hook's URI with GET and `X-Okta-Verification-Challenge: <random>` (plus its
 * headers and auth header), within the delivery timeout and with one retry, as Okta does; the answer
 * must be JSON `{ "verification": <the same value> }`. Until then the hook receives nothing.
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { OrgContext } from '../context';
import { API_ERRORS, ApiError } from '../errors';
import { storedChannel } from '../hooks/channel-schema';
import { callHook, retryable } from '../hooks/outbound';
import { readJsonObject } from '../http';
import { API_TOKEN_ACTOR } from '../log/entities';
import type { EventType } from '../log/event-types';
import type { EventHookChannel, EventHookRecord } from '../store';
import { parseOr } from '../validation';
import { eventHookBody } from './event-hooks-schemas';

/** Okta allows 25 event hooks per org. */
export const MAX_EVENT_HOOKS = 25;

export function eventHookJson(hook: EventHookRecord, base: string) {
  const self = `${base}/${hook.id}`;
  const toggle = hook.status === 'ACTIVE' ? 'deactivate' : 'activate';
  return {
    id: hook.id,
    status: hook.status,
    verificationStatus: hook.verificationStatus,
    name: hook.name,
    description: hook.description,
    created: new Date(hook.createdAt).toISOString(),
    lastUpdated: new Date(hook.lastUpdatedAt).toISOString(),
    events: { type: 'EVENT_TYPE', items: hook.events, filter: null },
    channel: {
      type: 'HTTP',
      version: hook.channel.version,
      config: {
        uri: hook.channel.uri,
        headers: hook.channel.headers,
        method: 'POST',
        // The secret stays in the org, as on Okta: only the header's name is shown.
        authScheme: hook.channel.authScheme ? { type: 'HEADER', key: hook.channel.authScheme.key } : null,
      },
    },
    _links: {
      self: { href: self, hints: { allow: ['GET', 'PUT', 'DELETE'] } },
      verify: { href: `${self}/lifecycle/verify`, hints: { allow: ['POST'] } },
      [toggle]: { href: `${self}/lifecycle/${toggle}`, hints: { allow: ['POST'] } },
    },
  };
}

export function eventHooksApi(ctx: OrgContext): Hono {
  const app = new Hono();
  const base = `${ctx.config.publicOrigin}/api/v1/eventHooks`;
  const reply = (c: Context, hook: EventHookRecord) => c.json(eventHookJson(hook, base));

  async function find(id: string): Promise<EventHookRecord> {
    const hook = await ctx.store.eventHookById(id);
    if (!hook) throw API_ERRORS.notFound(id, 'EventHook');
    return hook;
  }

  async function save(hook: EventHookRecord, logged?: EventType): Promise<EventHookRecord> {
    if (!(await ctx.store.updateEventHook(hook))) throw API_ERRORS.notFound(hook.id, 'EventHook');
    ctx.hooks.invalidate();
    if (logged) logHook(ctx, logged, hook);
    return hook;
  }

  app.post('/', async (c) => {
    const body = parseOr(eventHookBody, await readJsonObject(c), 'api');
    if ((await ctx.store.countEventHooks()) >= MAX_EVENT_HOOKS) {
      throw API_ERRORS.validation([`eventHooks: An org may have at most ${MAX_EVENT_HOOKS} event hooks`]);
    }
    const now = ctx.clock.now();
    const hook: EventHookRecord = {
      id: ctx.ids.oktaId('who'),
      name: body.name,
      description: body.description ?? null,
      status: 'ACTIVE',
      verificationStatus: 'UNVERIFIED',
      events: [...new Set(body.events.items)],
      channel: storedChannel(body.channel),
      createdAt: now,
      lastUpdatedAt: now,
    };
    await ctx.store.createEventHook(hook);
    ctx.hooks.invalidate();
    logHook(ctx, 'event_hook.created', hook);
    return reply(c, hook);
  });

  app.get('/', async (c) => c.json((await ctx.store.listEventHooks()).map((h) => eventHookJson(h, base))));

  app.get('/:id', async (c) => reply(c, await find(c.req.param('id'))));

  app.put('/:id', async (c) => {
    const hook = await find(c.req.param('id'));
    const body = parseOr(eventHookBody, await readJsonObject(c), 'api');
    const channel = storedChannel(body.channel, hook.channel);
    const next: EventHookRecord = {
      ...hook,
      name: body.name,
      description: body.description ?? null,
      events: [...new Set(body.events.items)],
      channel,
      // A new endpoint has to prove itself again.
      verificationStatus: channel.uri === hook.channel.uri ? hook.verificationStatus : 'UNVERIFIED',
      lastUpdatedAt: ctx.clock.now(),
    };
    return reply(c, await save(next));
  });

  app.delete('/:id', async (c) => {
    const hook = await find(c.req.param('id'));
    if (hook.status === 'ACTIVE') throw API_ERRORS.validation(['status: Only an INACTIVE event hook can be deleted; deactivate it first']);
    await ctx.store.deleteEventHook(hook.id);
    ctx.hooks.invalidate();
    logHook(ctx, 'event_hook.deleted', hook);
    return c.body(null, 204);
  });

  app.post('/:id/lifecycle/:action{activate|deactivate}', async (c) => {
    const hook = await find(c.req.param('id'));
    const activate = c.req.param('action') === 'activate';
    const status = activate ? 'ACTIVE' : 'INACTIVE';
    if (hook.status === status) return reply(c, hook);
    return reply(
      c,
      await save({ ...hook, status, lastUpdatedAt: ctx.clock.now() }, activate ? 'event_hook.activated' : 'event_hook.deactivated'),
    );
  });

  app.post('/:id/lifecycle/verify', async (c) => {
    const hook = await find(c.req.param('id'));
    const problem = await verificationProblem(ctx, hook.channel);
    if (problem)
      throw new ApiError(400, 'E0000001', 'Api validation failed: verification', [
        `verification: Event hook verification failed: ${problem}`,
      ]);
    return reply(c, await save({ ...hook, verificationStatus: 'VERIFIED', lastUpdatedAt: ctx.clock.now() }, 'event_hook.verified'));
  });

  for (const path of ['/', '/:id', '/:id/lifecycle/:action']) {
    app.all(path, () => {
      throw API_ERRORS.unsupported();
    });
  }
  return app;
}

/** The one-time verification; undefined when the endpoint echoed the challenge, else why not. */
async function verificationProblem(ctx: OrgContext, channel: EventHookChannel): Promise<string | undefined> {
  const challenge = randomBytes(24).toString('base64url');
  const call = () =>
    callHook(
      channel,
      { method: 'GET', headers: { 'X-Okta-Verification-Challenge': challenge }, readBody: true },
      ctx.config.eventHooks.timeoutMs,
    );
  let result = await call();
  if (!result.ok && retryable(result)) result = await call();
  if (!result.ok) return result.error ?? 'no answer';
  let answer: unknown;
  try {
    answer = JSON.parse(result.body ?? '');
  } catch {
    return 'the endpoint did not answer JSON';
  }
  const echoed = typeof answer === 'object' && answer !== null ? (answer as { verification?: unknown }).verification : undefined;
  return echoed === challenge ? undefined : 'the answer did not carry {"verification": <the challenge>}';
}

function logHook(ctx: OrgContext, eventType: EventType, hook: EventHookRecord): void {
  ctx.log.record({
    eventType,
    actor: API_TOKEN_ACTOR,
    target: [{ id: hook.id, type: 'EventHook', alternateId: hook.channel.uri, displayName: hook.name }],
  });
}

/**
 * `/api/v1/inlineHooks`: Okta's inline hook API as `inlineHookApi` of `@okta/okta-sdk-nodejs` calls it —
 * create (ACTIVE), list (`?type=`), get, replace (`PUT`), update (`POST /{id}`, the members given), delete
 * (INACTIVE only, as on Okta), `lifecycle/activate`, `lifecycle/deactivate` and `execute` (the request
 * body goes to the hook as its payload; the answer is the hook's JSON). The auth header's value is kept
 * in the org and never shown again. Only `com.okta.user.pre-registration` hooks, the registration inline
 * hook a profile enrollment policy names (`policies.registrationInlineHook`), are run by devorg.
 */
import { Hono, type Context } from 'hono';
import { ConfigError } from '../config';
import type { OrgContext } from '../context';
import { API_ERRORS, ApiError } from '../errors';
import { storedChannel } from '../hooks/channel-schema';
import { executeInlineHook } from '../hooks/inline';
import { readJsonObject } from '../http';
import { API_TOKEN_ACTOR } from '../log/entities';
import type { EventType } from '../log/event-types';
import type { InlineHookRecord } from '../store';
import { parseOr } from '../validation';
import { inlineHookCreateBody, inlineHookReplaceBody, inlineHookUpdateBody, SUPPORTED_TYPE } from './inline-hooks-schemas';

/** Okta allows 50 inline hooks per org. */
export const MAX_INLINE_HOOKS = 50;

export function inlineHookJson(hook: InlineHookRecord, base: string) {
  const self = `${base}/${hook.id}`;
  const toggle = hook.status === 'ACTIVE' ? 'deactivate' : 'activate';
  return {
    id: hook.id,
    status: hook.status,
    name: hook.name,
    type: hook.type,
    version: hook.version,
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
    created: new Date(hook.createdAt).toISOString(),
    lastUpdated: new Date(hook.lastUpdatedAt).toISOString(),
    _links: {
      self: { href: self, hints: { allow: ['GET', 'PUT', 'DELETE'] } },
      [toggle]: { href: `${self}/lifecycle/${toggle}`, hints: { allow: ['POST'] } },
      execute: { href: `${self}/execute`, hints: { allow: ['POST'] } },
    },
  };
}

export function inlineHooksApi(ctx: OrgContext): Hono {
  const app = new Hono();
  const base = `${ctx.config.publicOrigin}/api/v1/inlineHooks`;
  const reply = (c: Context, hook: InlineHookRecord) => c.json(inlineHookJson(hook, base));

  async function find(id: string): Promise<InlineHookRecord> {
    const hook = await ctx.store.inlineHookById(id);
    if (!hook) throw API_ERRORS.notFound(id, 'InlineHook');
    return hook;
  }

  async function save(hook: InlineHookRecord, logged: EventType): Promise<InlineHookRecord> {
    if (!(await ctx.store.updateInlineHook(hook))) throw API_ERRORS.notFound(hook.id, 'InlineHook');
    logHook(ctx, logged, hook);
    return hook;
  }

  app.post('/', async (c) => {
    const body = parseOr(inlineHookCreateBody, await readJsonObject(c), 'api');
    if ((await ctx.store.countInlineHooks()) >= MAX_INLINE_HOOKS) {
      throw API_ERRORS.validation([`inlineHooks: An org may have at most ${MAX_INLINE_HOOKS} inline hooks`]);
    }
    const now = ctx.clock.now();
    const hook: InlineHookRecord = {
      id: ctx.ids.oktaId('cal'),
      name: body.name,
      type: SUPPORTED_TYPE,
      version: body.version,
      status: 'ACTIVE',
      channel: storedChannel(body.channel),
      createdAt: now,
      lastUpdatedAt: now,
    };
    await ctx.store.createInlineHook(hook);
    logHook(ctx, 'inline_hook.created', hook);
    return reply(c, hook);
  });

  app.get('/', async (c) => {
    const type = c.req.query('type');
    return c.json((await ctx.store.listInlineHooks(type || undefined)).map((h) => inlineHookJson(h, base)));
  });

  app.get('/:id', async (c) => reply(c, await find(c.req.param('id'))));

  app.put('/:id', async (c) => {
    const hook = await find(c.req.param('id'));
    const body = parseOr(inlineHookReplaceBody, await readJsonObject(c), 'api');
    const next: InlineHookRecord = {
      ...hook,
      name: body.name,
      version: body.version,
      channel: storedChannel(body.channel, hook.channel),
      lastUpdatedAt: ctx.clock.now(),
    };
    return reply(c, await save(next, 'inline_hook.updated'));
  });

  app.post('/:id', async (c) => {
    const hook = await find(c.req.param('id'));
    const body = parseOr(inlineHookUpdateBody, await readJsonObject(c), 'api');
    const next: InlineHookRecord = {
      ...hook,
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.version !== undefined ? { version: body.version } : {}),
      ...(body.channel ? { channel: storedChannel(body.channel, hook.channel) } : {}),
      lastUpdatedAt: ctx.clock.now(),
    };
    return reply(c, await save(next, 'inline_hook.updated'));
  });

  app.delete('/:id', async (c) => {
    const hook = await find(c.req.param('id'));
    if (hook.status === 'ACTIVE') throw API_ERRORS.validation(['status: Only an INACTIVE inline hook can be deleted; deactivate it first']);
    await ctx.store.deleteInlineHook(hook.id);
    logHook(ctx, 'inline_hook.deleted', hook);
    return c.body(null, 204);
  });

  app.post('/:id/lifecycle/:action{activate|deactivate}', async (c) => {
    const hook = await find(c.req.param('id'));
    const activate = c.req.param('action') === 'activate';
    const status = activate ? 'ACTIVE' : 'INACTIVE';
    if (hook.status === status) return reply(c, hook);
    return reply(
      c,
      await save({ ...hook, status, lastUpdatedAt: ctx.clock.now() }, activate ? 'inline_hook.activated' : 'inline_hook.deactivated'),
    );
  });

  app.post('/:id/execute', async (c) => {
    const hook = await find(c.req.param('id'));
    const payload = await readJsonObject(c);
    const result = await executeInlineHook(ctx, hook, payload);
    if (!result.ok)
      throw new ApiError(400, 'E0000001', 'Api validation failed: execute', [`execute: The inline hook call failed: ${result.reason}`]);
    return c.json(result.answer);
  });

  for (const path of ['/', '/:id', '/:id/lifecycle/:action', '/:id/execute']) {
    app.all(path, () => {
      throw API_ERRORS.unsupported();
    });
  }
  return app;
}

function logHook(ctx: OrgContext, eventType: EventType, hook: InlineHookRecord): void {
  ctx.log.record({
    eventType,
    actor: API_TOKEN_ACTOR,
    target: [{ id: hook.id, type: 'InlineHook', alternateId: hook.channel.uri, displayName: hook.name }],
  });
}

/**
 * The config's declared inline hooks (`inlineHooks`), created when the org has no hook of that id, and
 * the profile enrollment policies' hooks (the org's, the apps') checked to exist: a policy naming no
 * hook stops start-up.
 */
export async function seedInlineHooks(ctx: OrgContext): Promise<void> {
  const now = ctx.clock.now();
  for (const [i, seed] of ctx.config.inlineHooks.entries()) {
    const hook: InlineHookRecord = {
      id: seed.id,
      name: seed.name,
      type: seed.type,
      version: seed.version,
      status: seed.status ?? 'ACTIVE',
      channel: storedChannel(seed.channel, undefined, `inlineHooks[${i}].channel`),
      createdAt: now,
      lastUpdatedAt: now,
    };
    if (await ctx.store.seedInlineHook(hook)) logHook(ctx, 'inline_hook.created', hook);
  }
  const named: [string, string | null | undefined][] = [
    ['policies.registrationInlineHook', ctx.config.policies.registrationInlineHook],
    ...ctx.config.apps.map((app, i): [string, string | null | undefined] => [
      `apps[${i}].registrationInlineHook`,
      app.registrationInlineHook,
    ]),
  ];
  for (const [field, id] of named) {
    if (typeof id === 'string' && !(await ctx.store.inlineHookById(id)))
      throw new ConfigError(`${field}: names no inline hook of the org (${id}); declare it in inlineHooks`);
  }
}

/**
 * `/dev/api/logs` and `/dev/api/event-hook-deliveries`: what the dev console shows of the System Log
 * and of event hook deliveries (devorg's own endpoints; the Okta API is `/api/v1/logs`).
 *
 * - `GET /dev/api/logs?filter=<System Log filter>&q=<keywords>&limit=<1–200>`: newest first, as LogEvents.
 * - `GET /dev/api/event-hook-deliveries?hookId=&limit=<1–200>`: every attempt, newest first:
 *   `[{ id, hookId, hookName, eventId, eventTypes, attempt, result, httpStatus, error, started, durationMs }]`.
 * Access is the dev API's (mounted behind `devAccess`).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { OrgContext } from '../context';
import { parseLogFilter } from '../log/filter';
import { parseOr } from '../validation';

const MAX = 200;
const limit = z
  .string()
  .optional()
  .transform((raw) => (raw === undefined || raw === '' ? 50 : Number(raw)))
  .pipe(
    z
      .int(`must be an integer from 1 to ${MAX}`)
      .min(1, `must be an integer from 1 to ${MAX}`)
      .max(MAX, `must be an integer from 1 to ${MAX}`),
  );

const logsQuery = z.object({ filter: z.string().optional(), q: z.string().max(400).optional(), limit });
const deliveriesQuery = z.object({ hookId: z.string().max(64).optional(), limit });

export function devLogRoutes(ctx: OrgContext): Hono {
  const app = new Hono();

  app.get('/logs', async (c) => {
    const { filter, q, limit } = parseOr(logsQuery, c.req.query(), 'api');
    await ctx.log.flush();
    const rows = await ctx.store.listLogEvents({
      since: 0,
      ...(filter ? { filter: parseLogFilter(filter) } : {}),
      keywords: (q ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 10),
      limit,
      order: 'DESC',
    });
    return c.json(rows.map((r) => r.event));
  });

  app.get('/event-hook-deliveries', async (c) => {
    const { hookId, limit } = parseOr(deliveriesQuery, c.req.query(), 'api');
    const [deliveries, hooks] = await Promise.all([
      ctx.store.deliveries({ ...(hookId ? { hookId } : {}), limit }),
      ctx.store.listEventHooks(),
    ]);
    const names = new Map(hooks.map((h) => [h.id, h.name]));
    return c.json(
      deliveries.map(({ startedAt, ...d }) => ({
        ...d,
        hookName: names.get(d.hookId) ?? null,
        started: new Date(startedAt).toISOString(),
      })),
    );
  });

  return app;
}

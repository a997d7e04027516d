/**
 * `GET /api/v1/logs`: the System Log, as Okta serves it to `systemLogApi.listLogEvents`. Steps: parse
 * the query (`since`/`until` ISO 8601, `filter` by `../log/filter.ts`, `q` keywords, `limit` 0–1000
 * (default 100), `sortOrder`, the opaque `after`) → write what the recorder still holds (a caller reads
 * its own events) → one page, one row more than asked to know whether there is a next → `Link`.
 *
 * `since` defaults to seven days before now, as on Okta, and every `Link` carries the resolved value so
 * the pages of one listing agree. Unlike Okta's polling mode (no `until`), which always answers a
 * `next` link, devorg gives one only when more events match: the SDK's collection iteration follows
 * `next` until it is absent, and would never end otherwise.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { OrgContext } from '../context';
import { API_ERRORS } from '../errors';
import { parseLogFilter } from '../log/filter';
import type { LogPosition } from '../store';
import { parseOr } from '../validation';
import { optionalParam } from './list-query';

export const LOGS_MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 100;
const DEFAULT_WINDOW_MS = 7 * 86_400_000;
/** Okta's documented bounds for `q`. */
const MAX_KEYWORDS = 10;
const MAX_KEYWORD_LENGTH = 40;

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const instant = z
  .string()
  .refine((s) => ISO_8601.test(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 timestamp, e.g. 2026-01-31T12:00:00.000Z')
  .transform((s) => Date.parse(s));

const LIMIT_PROBLEM = `must be a whole number from 0 to ${LOGS_MAX_LIMIT}`;
const limit = z
  .string()
  .regex(/^\d{1,9}$/, LIMIT_PROBLEM)
  .transform(Number)
  .pipe(z.number().max(LOGS_MAX_LIMIT, LIMIT_PROBLEM));

const cursor = z.string().transform((raw, ctx): LogPosition => {
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (match?.[1] && match[2]) return { publishedAt: Number(match[1]), seq: Number(match[2]) };
  ctx.addIssue({ code: 'custom', message: 'The cursor is not valid' });
  return z.NEVER;
});

const keywords = z
  .string()
  .transform((q) => q.split(/\s+/).filter(Boolean))
  .refine((words) => words.length <= MAX_KEYWORDS, `at most ${MAX_KEYWORDS} keywords`)
  .refine((words) => words.every((w) => w.length <= MAX_KEYWORD_LENGTH), `keywords are at most ${MAX_KEYWORD_LENGTH} characters`);

export const listLogsQuery = z.object({
  since: optionalParam(instant),
  until: optionalParam(instant),
  filter: z.string().optional(),
  q: optionalParam(keywords),
  limit: optionalParam(limit),
  sortOrder: optionalParam(z.enum(['ASCENDING', 'DESCENDING'])),
  after: optionalParam(cursor),
});

function encodeCursor(p: LogPosition): string {
  return Buffer.from(`${p.publishedAt}.${p.seq}`).toString('base64url');
}

export function logsApi(ctx: OrgContext): Hono {
  const app = new Hono();
  const base = `${ctx.config.publicOrigin}/api/v1/logs`;

  app.get('/', async (c) => {
    const raw = c.req.query();
    const params = parseOr(listLogsQuery, raw, 'api');
    const filter = params.filter ? parseLogFilter(params.filter) : undefined;
    const since = params.since ?? ctx.clock.now() - DEFAULT_WINDOW_MS;
    const pageSize = params.limit ?? DEFAULT_LIMIT;
    const order = params.sortOrder === 'DESCENDING' ? 'DESC' : 'ASC';
    await ctx.log.flush();
    const rows =
      pageSize === 0
        ? []
        : await ctx.store.listLogEvents({
            since,
            ...(params.until !== undefined ? { until: params.until } : {}),
            ...(filter ? { filter } : {}),
            keywords: (params.q ?? []).map((k) => k.toLowerCase()),
            limit: pageSize + 1,
            order,
            ...(params.after ? { after: params.after } : {}),
          });
    const page = rows.slice(0, pageSize);
    const last = page[page.length - 1];
    const next = rows.length > page.length && last ? encodeCursor(last.position) : undefined;

    const linkParams: [string, string][] = [['since', new Date(since).toISOString()]];
    if (raw.until) linkParams.push(['until', raw.until]);
    if (raw.filter) linkParams.push(['filter', raw.filter]);
    if (raw.q) linkParams.push(['q', raw.q]);
    linkParams.push(['limit', String(pageSize)]);
    if (params.sortOrder) linkParams.push(['sortOrder', params.sortOrder]);
    const url = (extra: [string, string][]) =>
      `${base}?${[...linkParams, ...extra].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
    const links = [`<${url(raw.after ? [['after', raw.after]] : [])}>; rel="self"`];
    if (next) links.push(`<${url([['after', next]])}>; rel="next"`);
    c.header('Link', links.join(', '));
    return c.json(page.map((r) => r.event));
  });

  app.all('/', () => {
    throw API_ERRORS.unsupported();
  });
  return app;
}

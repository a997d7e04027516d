/**
 * Who is making the current request, for the `client`, `request` and `transaction` of every LogEvent
 * recorded while it runs. One middleware (mounted first in server.ts) puts the request's facts in an
 * AsyncLocalStorage, so the code that records an event (deep in the IDX steps, a grant, the user
 * lifecycle) needs no extra parameter; outside a request (start-up, hook deliveries) there is none.
 * The same id is the response's `X-Okta-Request-Id`, as on Okta (`transaction.id` names the request).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { LogClient } from './types';

export interface RequestFacts {
  id: string;
  ip: string | null;
  userAgent: string | null;
  path: string;
  /** `clientOf(facts)`, worked out by the first event the request records (a sign-in's token request records three). */
  client?: LogClient;
}

const current = new AsyncLocalStorage<RequestFacts>();

export function currentRequest(): RequestFacts | undefined {
  return current.getStore();
}

/** Puts the request's facts in scope and answers its id as `X-Okta-Request-Id`. */
export function requestFacts(newId: () => string): MiddlewareHandler {
  return async (c, next) => {
    const facts: RequestFacts = { id: newId(), ip: remoteAddress(c), userAgent: c.req.header('user-agent') ?? null, path: c.req.path };
    await current.run(facts, next);
    c.res.headers.set('X-Okta-Request-Id', facts.id);
  };
}

function remoteAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    // In-process requests (tests) have no socket.
    return null;
  }
}

/** The `client` of an event recorded now: the current request's (read once per request), or none's. */
export function currentClient(facts: RequestFacts | undefined): LogClient {
  if (!facts) return clientOf(undefined);
  return (facts.client ??= clientOf(facts));
}

/** Okta's coarse reading of a user agent: operating system, browser family, device kind. */
export function clientOf(facts: RequestFacts | undefined): LogClient {
  const raw = facts?.userAgent ?? null;
  const ua = raw ?? '';
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /iPhone|iPad|iOS/.test(ua)
      ? 'iOS'
      : /Mac OS X|Macintosh/.test(ua)
        ? 'Mac OS X'
        : /Android/.test(ua)
          ? 'Android'
          : /Linux/.test(ua)
            ? 'Linux'
            : 'Unknown';
  const browser = /Edg\//.test(ua)
    ? 'EDGE_CHROMIUM'
    : /Firefox\//.test(ua)
      ? 'FIREFOX'
      : /Chrome\//.test(ua)
        ? 'CHROME'
        : /Safari\//.test(ua)
          ? 'SAFARI'
          : 'UNKNOWN';
  const device = /Mobile|Android|iPhone/.test(ua) ? 'Mobile' : browser === 'UNKNOWN' ? 'Unknown' : 'Computer';
  return { ipAddress: facts?.ip ?? null, userAgent: { rawUserAgent: raw, os, browser }, zone: null, device };
}

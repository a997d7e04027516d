/**
 * Fault injection: the errors, delays and dropped connections a real org produces now and then, on
 * request (`/dev/api/faults`, fault-routes.ts), so a suite can prove its error paths without stubbing
 * the network in the browser.
 *
 * A fault matches by method and path (exact, or a prefix ending in `*`), optionally only for one
 * user's requests (`login`) or one IDX transaction's (`transaction`: its interactionHandle or
 * stateHandle), so parallel tests never see each other's faults. It answers with
 * - `{ status }`: the error Okta answers with that status in the route's family (IDX, OAuth,
 *   management API), through the one error serialiser; a 429 carries `X-Rate-Limit-*` like Okta's;
 * - `{ delayMs }`: the request goes through unchanged, that much later;
 * - `{ drop: true }`: the connection is closed with no answer at all.
 * `times` uses it up after that many matching requests (without it, it stays until deleted).
 *
 * Faults live in memory (a restart clears them), and no request path pays for them: with none
 * registered the middleware is one length check.
 */
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, MiddlewareHandler } from 'hono';
import type { OrgContext } from '../context';
import { ApiError, familyOf, IdxError, IDX_MESSAGES, OAuthError, OAUTH_ERRORS } from '../errors';
import { MESSAGES } from '../idx/messages';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { rateLimitGroupOf, tooManyRequests } from '../rate-limit';
import { key } from '../store/db';
import { requestSubject, type RequestSubject } from './fault-scope';

export type FaultResponse = { status: number } | { delayMs: number } | { drop: true };

export interface FaultMatch {
  method: string;
  path: string;
  login?: string;
  transaction?: string;
}

export interface FaultSpec {
  match: FaultMatch;
  respond: FaultResponse;
  times?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  /** Uses left; null for a fault that stays until deleted. */
  remaining: number | null;
  /** Requests it has answered so far. */
  hits: number;
  createdAt: number;
  /** The IDX transaction `match.transaction` names (resolved when the fault is added). */
  transactionId?: string;
}

/** A bound on what a runaway test can register; each fault is a few hundred bytes. */
export const MAX_FAULTS = 500;

export class TooManyFaultsError extends Error {}

/** The registered faults, in the order they were added (the first that matches a request answers it). */
export class FaultRegistry {
  private faults: Fault[] = [];

  get size(): number {
    return this.faults.length;
  }

  add(spec: FaultSpec, id: string, createdAt: number, transactionId?: string): Fault {
    if (this.faults.length >= MAX_FAULTS) throw new TooManyFaultsError();
    const fault: Fault = {
      ...spec,
      id,
      remaining: spec.times ?? null,
      hits: 0,
      createdAt,
      ...(transactionId ? { transactionId } : {}),
    };
    this.faults.push(fault);
    return fault;
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  /** Deletes every fault, or those scoped to one login; returns how many went. */
  clear(filter: { login?: string } = {}): number {
    const before = this.faults.length;
    const login = filter.login === undefined ? undefined : key(filter.login);
    this.faults = login === undefined ? [] : this.faults.filter((f) => f.match.login === undefined || key(f.match.login) !== login);
    return before - this.faults.length;
  }

  /** Faults whose method and path fit the request, before their scope is checked. */
  candidates(method: string, path: string): Fault[] {
    return this.faults.filter((f) => f.match.method === method && pathFits(f.match.path, path));
  }

  /** Takes one use of `fault`; false if it was used up (or deleted) meanwhile. Used-up faults go. */
  take(fault: Fault): boolean {
    if (!this.faults.includes(fault) || fault.remaining === 0) return false;
    fault.hits += 1;
    if (fault.remaining !== null) {
      fault.remaining -= 1;
      if (fault.remaining === 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return true;
  }
}

function pathFits(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}

function scoped(fault: Fault): boolean {
  return fault.match.login !== undefined || fault.transactionId !== undefined;
}

function inScope(fault: Fault, subject: RequestSubject): boolean {
  if (fault.match.login !== undefined && subject.login !== key(fault.match.login)) return false;
  if (fault.transactionId !== undefined && subject.transactionId !== fault.transactionId) return false;
  return true;
}

/** The middleware that answers matching requests with their fault. Mounted before rate limits and routes. */
export function injectFaults(ctx: OrgContext): MiddlewareHandler {
  return async (c, next) => {
    if (ctx.faults.size === 0 || c.req.path.startsWith('/dev/')) return next();
    const candidates = ctx.faults.candidates(c.req.method, c.req.path);
    if (candidates.length === 0) return next();
    const subject = candidates.some(scoped) ? await requestSubject(ctx, c) : {};
    const fault = candidates.find((f) => inScope(f, subject) && ctx.faults.take(f));
    if (!fault) return next();
    const { respond } = fault;
    if ('delayMs' in respond) {
      await sleep(respond.delayMs);
      return next();
    }
    if ('drop' in respond) return drop(c);
    if (respond.status === 429) {
      const limit = ctx.config.rateLimits[rateLimitGroupOf(c.req.path)];
      c.header('X-Rate-Limit-Limit', String(limit));
      c.header('X-Rate-Limit-Remaining', '0');
      c.header('X-Rate-Limit-Reset', String(Math.ceil(ctx.clock.now() / 1000) + 60));
    }
    throw faultError(c.req.path, respond.status as ContentfulStatusCode);
  };
}

/**
 * Closes the connection without an answer. In-process requests (tests through `app.request`) have no
 * socket: they get a response whose body fails as soon as it is read, which is what a client sees.
 */
function drop(c: Context): Response {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming) {
    incoming.socket.destroy();
    return new Response(null, { status: 204 });
  }
  const broken = new ReadableStream({ start: (controller) => controller.error(new Error('devorg: connection dropped by a fault')) });
  return new Response(broken, { status: 200 });
}

/** What Okta answers with `status` on this route's family. */
export function faultError(path: string, status: ContentfulStatusCode): Error {
  switch (familyOf(path)) {
    case 'idx':
      if (status === 429) return tooManyRequests('idx');
      if (status >= 500) return new IdxError(status, [IDX_MESSAGES.internal()]);
      if (status === 401) return new IdxError(status, [IDX_MESSAGES.sessionExpired()]);
      if (status === 403) return new IdxError(status, [MESSAGES.accessDenied()]);
      return new IdxError(status, [IDX_MESSAGES.badRequest('The request could not be processed.')]);
    case 'oauth':
      if (status === 429) return OAUTH_ERRORS.tooManyRequests();
      if (status === 503) return new OAuthError(503, 'temporarily_unavailable', 'The service is temporarily unavailable.');
      if (status >= 500) return new OAuthError(status, 'server_error', 'An unexpected error occurred.');
      if (status === 401) return new OAuthError(401, 'invalid_client', OAUTH_ERRORS.invalidClient().description);
      if (status === 403) return new OAuthError(403, 'access_denied', 'The resource owner or authorization server denied the request.');
      if (status === 404) return new OAuthError(404, 'invalid_request', OAUTH_ERRORS.endpointNotFound().description);
      return new OAuthError(status, 'invalid_request', 'The request is invalid.');
    default:
      if (status === 429) return tooManyRequests('management');
      if (status >= 500) return new ApiError(status, 'E0000009', 'Internal Server Error');
      if (status === 401) return new ApiError(401, 'E0000011', 'Invalid token provided');
      if (status === 403) return new ApiError(403, 'E0000006', 'You do not have permission to perform the requested action');
      if (status === 404) return new ApiError(404, 'E0000007', 'Not found: Resource not found');
      if (status === 405) return new ApiError(405, 'E0000022', 'The endpoint does not support the provided HTTP method');
      return new ApiError(status, 'E0000001', 'Api validation failed');
  }
}

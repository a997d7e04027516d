/**
 * Request reading shared by every route group: the body limit, and the raw JSON and form parsers. A
 * body that can't be read becomes `BadRequest`, which the error boundary renders in the shape of the
 * route's family (OAuth, IDX or management API); what its fields must be is its route's schema
 * (`parseOr` in `validation.ts`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { API_ERRORS, BadRequest } from './errors';

/**
 * Refuses bodies over `maxBytes` with a 413. A request that declares its length (every POST from a
 * browser or auth-js) is judged by `Content-Length` alone — Node's parser never delivers more bytes
 * than it declares — so the body stays unread until a handler reads it. Hono's `bodyLimit` touches
 * `c.req.raw.body`, which makes @hono/node-server build a full web `Request` with a `ReadableStream`
 * for every request (it was ~7 % of devorg's CPU under sign-in load); it is kept only for bodies of
 * unknown length (chunked uploads, in-process test requests), where the stream has to be counted.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => new BadRequest(`The request body is larger than ${maxBytes} bytes`, 413);
  const streaming = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (!/^\d+$/.test(length)) throw new BadRequest('The Content-Length header is invalid');
      if (Number(length) > maxBytes) throw tooLarge();
      return next();
    }
    return streaming(c, next);
  };
}

/** Reads a JSON object body. Okta accepts `application/json` and IDX's `application/ion+json`. */
export async function readJsonObject(c: Context, opts: { emptyIsObject?: boolean } = {}): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(ion\+)?json\b/i.test(type)) throw new BadRequest('Content-Type must be application/json', 415);
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    throw new BadRequest('The request body could not be read');
  }
  // A request whose every field is optional may come without a body (auth-js sends none for them).
  if (opts.emptyIsObject && text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BadRequest('The request body was not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest('The request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** Reads an `application/x-www-form-urlencoded` body as single-valued fields; a repeated field is refused. */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new BadRequest('Content-Type must be application/x-www-form-urlencoded', 400);
  }
  const params = new URLSearchParams(await c.req.text());
  // No prototype: a parameter named `toString` or `__proto__` is a parameter like any other (with `{}`
  // the first looked "given more than once" and the second would have set the object's prototype).
  const out = Object.create(null) as Record<string, string>;
  for (const [k, v] of params) {
    if (Object.hasOwn(out, k)) throw new BadRequest(`The parameter "${k}" was given more than once`);
    out[k] = v;
  }
  return out;
}

/**
 * CORS as Okta does it: only trusted origins, the exact origin echoed (never `*`, since interact and
 * IDX calls are credentialed), credentials allowed, preflights answered with the requested headers.
 */
export function oktaCors(trustedOrigins: readonly string[]): MiddlewareHandler {
  const trusted = new Set(trustedOrigins);
  return async (c, next) => {
    const origin = c.req.header('origin');
    const allowed = origin !== undefined && trusted.has(origin);
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      const headers: Record<string, string> = { Vary: 'Origin' };
      if (allowed) {
        headers['Access-Control-Allow-Origin'] = origin;
        headers['Access-Control-Allow-Credentials'] = 'true';
        headers['Access-Control-Allow-Methods'] = 'GET, POST, PUT, DELETE, OPTIONS';
        headers['Access-Control-Allow-Headers'] =
          c.req.header('access-control-request-headers') ?? 'content-type, accept, authorization, x-okta-user-agent-extended';
        headers['Access-Control-Max-Age'] = '600';
      }
      return c.body(null, 204, headers);
    }
    await next();
    c.res.headers.append('Vary', 'Origin');
    if (allowed) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      c.res.headers.set('Access-Control-Allow-Credentials', 'true');
      c.res.headers.set('Access-Control-Expose-Headers', 'x-okta-request-id, www-authenticate, link');
    }
  };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * `Authorization: SSWS <token>` against the configured tokens. Tokens are compared as SHA-256 digests so
 * `timingSafeEqual` always sees equal lengths, and every configured token is checked so the time taken
 * does not say which one (or how much of one) matched.
 */
export function requireApiToken(tokens: readonly string[]): MiddlewareHandler {
  const expected = tokens.map(digest);
  return async (c, next) => {
    const presented = /^SSWS +(\S+) *$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const actual = digest(presented ?? '');
    let matched = false;
    for (const candidate of expected) matched = timingSafeEqual(actual, candidate) || matched;
    if (presented === undefined || !matched) throw API_ERRORS.invalidToken();
    await next();
  };
}

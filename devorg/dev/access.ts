/**
 * Who may use the dev endpoints (`/dev/api/*`): the outbox holds live sign-in codes, so they are
 * never open to the world.
 *
 * - Scripts and e2e fixtures authenticate like the management API: `Authorization: SSWS <token>`.
 * - The dev console (a page devorg itself serves at `/dev/console`) is a local, single-user tool: it
 *   needs no token when the request (1) arrives over loopback, (2) names a loopback host (so a DNS-
 *   rebinding page on another name can't reach it), (3) comes from devorg's own origin
 *   (`Sec-Fetch-Site: same-origin`, or an `Origin` equal to the request's origin — so another site
 *   open in the same browser can't read or reset it), and (4) carries `X-Devorg-Console: 1`, a custom
 *   header no cross-site form or link can send.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { API_ERRORS } from '../errors';
import { requireApiToken } from '../http';

export const CONSOLE_HEADER = 'x-devorg-console';

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

function remoteAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    // In-process requests (tests) have no socket; they must use a token.
    return undefined;
  }
}

/** Whether this request is the dev console running on devorg's own origin on this machine. */
export function isLocalConsole(c: Context): boolean {
  if (c.req.header(CONSOLE_HEADER) !== '1') return false;
  const address = remoteAddress(c);
  if (!address || !LOOPBACK_ADDRESSES.has(address)) return false;
  const host = c.req.header('host') ?? '';
  if (!LOOPBACK_HOST.test(host)) return false;
  const site = c.req.header('sec-fetch-site');
  const origin = c.req.header('origin');
  const ownOrigin = new URL(c.req.url).origin;
  if (site !== undefined) return site === 'same-origin' && (origin === undefined || origin === ownOrigin);
  return origin === ownOrigin;
}

export function devAccess(apiTokens: readonly string[]): MiddlewareHandler {
  const token = requireApiToken(apiTokens);
  return async (c, next) => {
    if (isLocalConsole(c)) return next();
    if (!c.req.header('authorization')) throw API_ERRORS.invalidToken();
    return token(c, next);
  };
}

/**
 * Whose request is this? For fault scopes (faults.ts): the login and the IDX transaction a request
 * belongs to, read the way the routes themselves read them — IDX bodies (`identifier`, `stateHandle`,
 * `interactionHandle`), token forms (`interaction_code`, `refresh_token`), a bearer access token's
 * `uid`, a management path `/api/v1/users/{id or login}`. Read only while a scoped fault could match;
 * anything unreadable just leaves the request unscoped (the route itself then answers it as usual).
 *
 * The body is read through Hono's request, which keeps it for the route's own read.
 */
import type { Context } from 'hono';
import { decodeJwt } from 'jose';
import type { OrgContext } from '../context';
import type { TxData } from '../idx/machine';
import { hashCode } from '../idx/transactions';
import { refreshTokenRowId } from '../oidc/tokens';
import { key } from '../store/db';

export interface RequestSubject {
  /** The user's login, normalised (`key`). */
  login?: string;
  transactionId?: string;
}

const USER_PATH = /^\/api\/v1\/users\/([^/]+)/;

async function bodyFields(c: Context): Promise<Record<string, unknown>> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return {};
  const type = c.req.header('content-type') ?? '';
  try {
    const text = await c.req.text();
    if (/^application\/(ion\+)?json\b/i.test(type)) {
      const body: unknown = JSON.parse(text);
      return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    }
    if (/^application\/x-www-form-urlencoded\b/i.test(type)) return Object.fromEntries(new URLSearchParams(text));
  } catch {
    // Not readable as what it claims to be: the route will say so.
  }
  return {};
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= 4096 ? v : undefined);

function bearerUserId(c: Context): string | undefined {
  const token = /^Bearer +(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (!token) return undefined;
  try {
    // Unverified on purpose: this only picks which test's fault applies; the route verifies the token.
    return text(decodeJwt(token).uid);
  } catch {
    return undefined;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function requestSubject(ctx: OrgContext, c: Context): Promise<RequestSubject> {
  const fields = await bodyFields(c);
  let login = text(fields.identifier);
  let userId: string | undefined;
  let transactionId: string | undefined;

  const stateHandle = text(fields.stateHandle);
  const interactionHandle = text(fields.interactionHandle);
  if (stateHandle || interactionHandle) {
    const tx = await ctx.store.transactionBy<TxData>(stateHandle ? { stateHandle } : { interactionHandle: interactionHandle ?? '' });
    transactionId = tx?.id;
    userId = tx?.data.userId;
  }
  const code = text(fields.interaction_code);
  if (code) {
    const owner = await ctx.store.interactionCodeOwner(hashCode(code));
    transactionId = owner?.transactionId;
    userId = owner?.userId ?? undefined;
  }
  const refreshToken = text(fields.refresh_token);
  if (refreshToken) userId = (await ctx.store.token(refreshTokenRowId(refreshToken)))?.userId;
  userId ??= bearerUserId(c);

  const pathUser = USER_PATH.exec(c.req.path)?.[1];
  if (pathUser) {
    const named = safeDecode(pathUser);
    if (named.includes('@')) login = named;
    else userId = named;
  }
  if (!login && userId) login = (await ctx.store.userById(userId))?.profile.login;
  return { ...(login ? { login: key(login) } : {}), ...(transactionId ? { transactionId } : {}) };
}

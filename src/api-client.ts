/**
 * The portal's client for the protected API (api/ in this repo, or any resource server that answers
 * like it): sends the current access token, renewed first by auth-js when it has expired, and turns
 * every answer into an outcome the UI can render. Response bodies are untrusted: checked before use.
 */
import type { OktaAuth } from './auth/auth';
import { ORG_UNREACHABLE } from './auth/org-errors';
import type { RenewalOutcome, TokenRenewer } from './auth/renewal';

export interface Message {
  id: string;
  text: string;
  /** ISO 8601. */
  date: string;
}

export type ApiOutcome<T> =
  | { ok: true; value: T }
  /** No usable access token, or the API refused it (401): only signing in again helps. */
  | { ok: false; reason: 'unauthenticated' }
  /** Anything else; `message` is plain text for the user. */
  | { ok: false; reason: 'failed'; message: string };

/** What the Messages panel needs; an interface so components can be tested without a network. */
export interface MessagesSource {
  messages(signal?: AbortSignal): Promise<ApiOutcome<Message[]>>;
}

/** Renewing the access token needs the org, which can't be reached right now; the session is kept. */
export interface OrgUnreachable {
  readonly unreachable: true;
}

export const ORG_UNREACHABLE_ANSWER: OrgUnreachable = { unreachable: true };

/**
 * Where the access token comes from; auth-js in the portal, a stub in tests. Both answer the token,
 * `null` when only signing in again helps, or ORG_UNREACHABLE_ANSWER.
 */
export interface AccessTokenSource {
  /** The current access token, renewed first if it has expired. */
  current(): Promise<string | OrgUnreachable | null>;
  /** A new access token even though the current one looks valid (the API refused it). */
  renew(): Promise<string | OrgUnreachable | null>;
}

export class ProtectedApi implements MessagesSource {
  constructor(
    private readonly baseUrl: string,
    private readonly tokens: AccessTokenSource,
    private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  async messages(signal?: AbortSignal): Promise<ApiOutcome<Message[]>> {
    const outcome = await this.get('/api/messages', signal);
    if (!outcome.ok) return outcome;
    const messages = (outcome.value as { messages?: unknown } | null)?.messages;
    return Array.isArray(messages) && messages.every(isMessage) ? { ok: true, value: messages } : unexpected();
  }

  private async get(path: string, signal?: AbortSignal): Promise<ApiOutcome<unknown>> {
    const token = await this.tokens.current();
    if (token === null) return { ok: false, reason: 'unauthenticated' };
    if (typeof token !== 'string') return orgUnreachable();
    let response = await this.send(path, token, signal);
    if (response instanceof Response && response.status === 401) {
      // A token that looks valid here but not to the API (revoked, a rotated key, clocks apart): one fresh
      // token is worth a try before the user has to sign in again.
      const renewed = await this.tokens.renew();
      if (renewed !== null && typeof renewed !== 'string') return orgUnreachable();
      if (!renewed || renewed === token) return { ok: false, reason: 'unauthenticated' };
      response = await this.send(path, renewed, signal);
    }
    if (!(response instanceof Response)) return response;
    if (response.status === 401) return { ok: false, reason: 'unauthenticated' };
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return unexpected();
    }
    if (response.ok) return { ok: true, value: body };
    const description = (body as { error_description?: unknown } | null)?.error_description;
    return {
      ok: false,
      reason: 'failed',
      message: typeof description === 'string' && description ? description : `The API answered with status ${response.status}.`,
    };
  }

  private async send(path: string, token: string, signal?: AbortSignal): Promise<Response | ApiOutcome<never>> {
    try {
      return await this.fetchFn(`${this.baseUrl}${path}`, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      return { ok: false, reason: 'failed', message: `The API at ${new URL(this.baseUrl).origin} could not be reached.` };
    }
  }
}

/** The session's parts the API client uses; client() and renewer() load auth-js on first use (see session.ts). */
export interface TokenSession {
  client(): Promise<OktaAuth>;
  renewer(): Promise<TokenRenewer>;
  /** The stored session while auth-js isn't loaded; its access token is good until `dueAt`. */
  storedSession(): { accessToken: { accessToken: string }; dueAt: number } | undefined;
}

/** Renewals go through the session's renewer, which keeps the tokens when the org can't be reached. */
export function createProtectedApi(apiUrl: string, session: TokenSession): ProtectedApi {
  const answer = (outcome: RenewalOutcome, client: OktaAuth) => {
    if (outcome === 'unreachable') return ORG_UNREACHABLE_ANSWER;
    return outcome === 'renewed' ? (client.getAccessToken() ?? null) : null;
  };
  return new ProtectedApi(apiUrl, {
    async current() {
      // Still fresh in storage: no need to load auth-js just to read it.
      const stored = session.storedSession();
      if (stored && stored.dueAt > Date.now()) return stored.accessToken.accessToken;
      const [client, renewer] = await Promise.all([session.client(), session.renewer()]);
      const { accessToken, refreshToken } = client.tokenManager.getTokensSync();
      if (accessToken && !client.tokenManager.hasExpired(accessToken)) return accessToken.accessToken;
      if (!accessToken && !refreshToken) return null;
      return answer(await renewer.renew(), client);
    },
    async renew() {
      const [client, renewer] = await Promise.all([session.client(), session.renewer()]);
      // Only with a refresh token. Without one auth-js renews through a hidden /v1/authorize iframe, which
      // needs third-party cookies on a real org, is absent from devorg, and can take its 120 s timeout to fail.
      if (!client.getRefreshToken()) return null;
      return answer(await renewer.renewNow(), client);
    },
  });
}

function isMessage(value: unknown): value is Message {
  const m = value as Partial<Record<keyof Message, unknown>> | null;
  return typeof m === 'object' && m !== null && typeof m.id === 'string' && typeof m.text === 'string' && typeof m.date === 'string';
}

function orgUnreachable(): ApiOutcome<never> {
  return { ok: false, reason: 'failed', message: `${ORG_UNREACHABLE} You're still signed in; try again in a moment.` };
}

function unexpected(): ApiOutcome<never> {
  return { ok: false, reason: 'failed', message: 'The API sent an answer the portal does not understand.' };
}

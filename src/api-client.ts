/**
 * The portal's client for the protected API (api/ in this repo, or any resource server that answers
 * like it): sends the current access token, renewed first by auth-js when it has expired, and turns
 * every answer into an outcome the UI can render. Response bodies are untrusted: checked before use.
 */
import type { OktaAuth } from './auth';

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

/** Where the access token comes from; auth-js in the portal, a stub in tests. */
export interface AccessTokenSource {
  /** The current access token, renewed first if it has expired; null when there is none to be had. */
  current(): Promise<string | null>;
  /** A new access token even though the current one looks valid (the API refused it); null if not possible. */
  renew(): Promise<string | null>;
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
    if (!token) return { ok: false, reason: 'unauthenticated' };
    let response = await this.send(path, token, signal);
    if (response instanceof Response && response.status === 401) {
      // A token that looks valid here but not to the API (revoked, a rotated key, clocks apart): one fresh
      // token is worth a try before the user has to sign in again.
      const renewed = await this.tokens.renew();
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

/** `client` loads the portal's auth-js client on first use (see session.ts). */
export function createProtectedApi(apiUrl: string, client: () => Promise<OktaAuth>): ProtectedApi {
  return new ProtectedApi(apiUrl, {
    current: async () => (await client()).getOrRenewAccessToken(),
    async renew() {
      const authClient = await client();
      // Only with a refresh token. Without one auth-js renews through a hidden /v1/authorize iframe, which
      // needs third-party cookies on a real org, is absent from devorg, and can take its 120 s timeout to fail.
      if (!authClient.getRefreshToken()) return null;
      try {
        const token = await authClient.tokenManager.renew('accessToken');
        return token && 'accessToken' in token ? token.accessToken : null;
      } catch {
        // auth-js has already removed the tokens it could not renew and emitted its `error` event.
        return null;
      }
    },
  });
}

function isMessage(value: unknown): value is Message {
  const m = value as Partial<Record<keyof Message, unknown>> | null;
  return typeof m === 'object' && m !== null && typeof m.id === 'string' && typeof m.text === 'string' && typeof m.date === 'string';
}

function unexpected(): ApiOutcome<never> {
  return { ok: false, reason: 'failed', message: 'The API sent an answer the portal does not understand.' };
}

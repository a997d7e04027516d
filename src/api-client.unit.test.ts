import { describe, expect, it, vi } from 'vitest';
import { ORG_UNREACHABLE_ANSWER, ProtectedApi, type OrgUnreachable } from './api-client';

const BASE = 'http://localhost:8000';
const MESSAGES = [{ id: 'welcome', text: 'Hello, ada@example.test!', date: '2026-11-25T12:00:00.000Z' }];

function apiWith(
  respond: (url: string, init?: RequestInit) => Response | Promise<Response>,
  { token = 'at.jwt.sig', renewed = null }: { token?: string | OrgUnreachable | null; renewed?: string | OrgUnreachable | null } = {},
) {
  const fetchFn = vi.fn<typeof fetch>((input, init) =>
    Promise.resolve(respond(input instanceof Request ? input.url : input.toString(), init)),
  );
  const tokens = { current: vi.fn(() => Promise.resolve(token)), renew: vi.fn(() => Promise.resolve(renewed)) };
  return { api: new ProtectedApi(BASE, tokens, fetchFn), fetchFn, tokens };
}

const sentToken = (init?: RequestInit) => new Headers(init?.headers).get('Authorization');

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('ProtectedApi.messages', () => {
  it('sends the access token auth-js hands out and returns the messages', async () => {
    const { api, fetchFn, tokens } = apiWith(() => json(200, { messages: MESSAGES }));
    expect(await api.messages()).toEqual({ ok: true, value: MESSAGES });
    expect(tokens.current).toHaveBeenCalledOnce();
    expect(tokens.renew).not.toHaveBeenCalled();
    const [url, init] = fetchFn.mock.calls[0]!;
    expect(url).toBe(`${BASE}/api/messages`);
    expect(sentToken(init)).toBe('Bearer at.jwt.sig');
  });

  it('does not call the API without an access token (none stored, or renewal failed)', async () => {
    const { api, fetchFn } = apiWith(() => json(200, { messages: [] }), { token: null });
    expect(await api.messages()).toEqual({ ok: false, reason: 'unauthenticated' });
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('treats a 401 as "sign in again", whatever its body, when no new token can be had', async () => {
    const { api, fetchFn, tokens } = apiWith(
      () => new Response('nope', { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } }),
    );
    expect(await api.messages()).toEqual({ ok: false, reason: 'unauthenticated' });
    expect(tokens.renew).toHaveBeenCalledOnce();
    expect(fetchFn).toHaveBeenCalledOnce();
  });

  it('retries a 401 once with a renewed token', async () => {
    const { api, fetchFn } = apiWith(
      (_url, init) =>
        sentToken(init) === 'Bearer fresh.jwt.sig' ? json(200, { messages: MESSAGES }) : json(401, { error: 'invalid_token' }),
      { renewed: 'fresh.jwt.sig' },
    );
    expect(await api.messages()).toEqual({ ok: true, value: MESSAGES });
    expect(fetchFn.mock.calls.map(([, init]) => sentToken(init))).toEqual(['Bearer at.jwt.sig', 'Bearer fresh.jwt.sig']);
  });

  it('gives up after the renewed token is refused too, or when renewal hands back the same token', async () => {
    const refused = apiWith(() => json(401, { error: 'invalid_token' }), { renewed: 'fresh.jwt.sig' });
    expect(await refused.api.messages()).toEqual({ ok: false, reason: 'unauthenticated' });
    expect(refused.fetchFn).toHaveBeenCalledTimes(2);
    expect(refused.tokens.renew).toHaveBeenCalledOnce();

    const same = apiWith(() => json(401, { error: 'invalid_token' }), { renewed: 'at.jwt.sig' });
    expect(await same.api.messages()).toEqual({ ok: false, reason: 'unauthenticated' });
    expect(same.fetchFn).toHaveBeenCalledOnce();
  });

  it("reports other refusals with the API's description, or the status", async () => {
    const scope = apiWith(() =>
      json(403, { error: 'insufficient_scope', error_description: 'The access token lacks the scope this API requires: profile.' }),
    );
    expect(await scope.api.messages()).toEqual({
      ok: false,
      reason: 'failed',
      message: 'The access token lacks the scope this API requires: profile.',
    });
    const broken = apiWith(() => json(500, {}));
    expect(await broken.api.messages()).toEqual({ ok: false, reason: 'failed', message: 'The API answered with status 500.' });
  });

  it('keeps the session when renewing the token needs an org that cannot be reached, and says so plainly', async () => {
    const { api, fetchFn } = apiWith(() => json(200, { messages: [] }), { token: ORG_UNREACHABLE_ANSWER });
    expect(await api.messages()).toEqual({
      ok: false,
      reason: 'failed',
      message: "Can't reach your sign-in service right now. You're still signed in; try again in a moment.",
    });
    expect(fetchFn).not.toHaveBeenCalled();

    const after401 = apiWith(() => json(401, { error: 'invalid_token' }), { renewed: ORG_UNREACHABLE_ANSWER });
    expect(await after401.api.messages()).toMatchObject({ ok: false, reason: 'failed', message: expect.stringMatching(/^Can't reach/) });
  });

  it('says so when the API cannot be reached', async () => {
    const { api } = apiWith(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await api.messages()).toEqual({
      ok: false,
      reason: 'failed',
      message: 'The API at http://localhost:8000 could not be reached.',
    });
  });

  it('refuses answers of the wrong shape instead of rendering them', async () => {
    for (const body of [{ messages: [{ id: 1, text: 'x', date: 'y' }] }, { messages: 'x' }, null, []]) {
      const { api } = apiWith(() => json(200, body));
      expect(await api.messages()).toMatchObject({ ok: false, reason: 'failed', message: expect.stringMatching(/does not understand/) });
    }
    const notJson = apiWith(() => new Response('<html>', { status: 200 }));
    expect(await notJson.api.messages()).toMatchObject({ ok: false, reason: 'failed' });
  });

  it('passes an abort on, instead of reporting it as a failure', async () => {
    const controller = new AbortController();
    const { api } = apiWith((_url, init) => {
      controller.abort();
      return Promise.reject(init?.signal?.reason as Error);
    });
    await expect(api.messages(controller.signal)).rejects.toThrow();
  });
});

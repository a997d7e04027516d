import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PortalConfig } from '../config';
import { createIdxClient } from './idx-auth';
import { prefetchDiscovery } from './session';
import { startSignIn } from './sign-in-start';

const config: PortalConfig = {
  issuer: 'http://localhost:7070/oauth2/default',
  clientId: '0oadevorgportal00001',
  redirectUri: `${window.location.origin}/login/callback`,
  postLogoutRedirectUri: `${window.location.origin}/`,
  scopes: ['openid', 'profile', 'email'],
  tokenStorage: 'memory',
  signIn: 'embedded',
};
const DISCOVERY = `${config.issuer}/.well-known/openid-configuration`;

const urlOf = (input: RequestInfo | URL) => (input instanceof Request ? input.url : String(input));
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** fetch answering discovery with `doc` (or `status`) and /v1/interact with `interact`; the rest never answers. */
function org(answers: { discovery: () => Promise<Response>; interact?: () => Promise<Response> }) {
  return vi.spyOn(window, 'fetch').mockImplementation((input) => {
    const url = urlOf(input);
    if (url === DISCOVERY) return answers.discovery();
    if (url.endsWith('/v1/interact') && answers.interact) return answers.interact();
    return new Promise<Response>(() => undefined);
  });
}

beforeEach(() => {
  // auth-js caches discovery in localStorage (its httpCache) and the transaction in sessionStorage.
  localStorage.clear();
  sessionStorage.clear();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('startSignIn', () => {
  it('begins the transaction at once, and diagnoses the org from the discovery auth-js asked for', async () => {
    const fetch = org({
      discovery: () => Promise.resolve(json({ issuer: 'http://localhost:7070/oauth2/other', code_challenge_methods_supported: ['S256'] })),
      interact: () => Promise.resolve(json({ error: 'invalid_request', error_description: 'issuer' }, 400)),
    });
    const start = startSignIn(createIdxClient(config), config, window.location.origin, { begin: true });
    expect(start.resumed).toBe(false);
    const problem = await start.diagnosis;
    expect(problem?.title).toBe('The issuer does not match');
    await start.ready;
    const urls = fetch.mock.calls.map(([input]) => urlOf(input));
    expect(urls.filter((u) => u === DISCOVERY)).toHaveLength(1);
    expect(urls.some((u) => u.endsWith('/v1/interact'))).toBe(true);
  });

  it('tells a 404 at the issuer from an unreachable org, without a request of its own', async () => {
    const notFound = org({ discovery: () => Promise.resolve(json({ errorCode: 'E0000022' }, 404)) });
    const missing = await startSignIn(createIdxClient(config), config, window.location.origin, { begin: true }).diagnosis;
    expect(missing?.title).toBe(`No authorization server at ${config.issuer}`);
    expect(notFound.mock.calls.filter(([input]) => urlOf(input) === DISCOVERY)).toHaveLength(1);
    notFound.mockRestore();

    // No answer at all, with CORS or without (the no-cors probe is the one extra request).
    const down = vi.spyOn(window, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const start = startSignIn(createIdxClient(config), config, window.location.origin, { begin: true });
    expect((await start.diagnosis)?.title).toBe("Can't reach the Okta org at http://localhost:7070");
    await start.ready;
    expect(down.mock.calls.map(([, init]) => init?.mode ?? 'cors')).toEqual(['cors', 'no-cors']);
  });

  it('leaves a saved transaction and an email link to the widget, checking the org alongside', async () => {
    const fetch = org({ discovery: () => Promise.resolve(json({ issuer: config.issuer })) });
    const client = createIdxClient(config);
    // What a sign-in begun before the reload left (only the fields `exists()` looks at; the cast skips the rest).
    client.transactionManager.save({ interactionHandle: 'saved-handle', state: 'saved-state' } as never);
    const resumed = startSignIn(client, config, window.location.origin, { begin: true });
    expect(resumed.resumed).toBe(true);
    expect(await resumed.diagnosis).toBeUndefined();

    const link = startSignIn(createIdxClient(config), config, window.location.origin, { begin: false });
    await link.ready;
    expect(await link.diagnosis).toBeUndefined();
    // Discovery only, by the portal's own check (fetch with Accept: application/json): never /v1/interact.
    expect(fetch.mock.calls.map(([input]) => urlOf(input))).toEqual([DISCOVERY, DISCOVERY]);
  });

  describe('with the discovery document asked for before the client existed', () => {
    const DOC = { issuer: config.issuer, code_challenge_methods_supported: ['S256'] };

    it("answers auth-js's discovery request with it: one discovery request, no preflighted one", async () => {
      const fetch = org({
        discovery: () => Promise.resolve(json(DOC)),
        interact: () => Promise.resolve(json({ error: 'invalid_request', error_description: 'stop here' }, 400)),
      });
      const early = prefetchDiscovery(config);
      const start = startSignIn(createIdxClient(config), config, window.location.origin, { begin: true, discovery: early });
      await start.ready;
      expect(await start.diagnosis).toBeUndefined();
      const calls = fetch.mock.calls.map(([input, init]) => ({ url: urlOf(input), headers: new Headers(init?.headers) }));
      // The portal's own request only: a CORS-safelisted header, nothing auth-js adds (which needs a preflight).
      expect(calls.filter((c) => c.url === DISCOVERY).map((c) => [...c.headers.keys()])).toEqual([['accept']]);
      expect(calls.some((c) => c.url.endsWith('/v1/interact'))).toBe(true);
      // auth-js took the answer as its own: cached for the next page, as after its own request.
      expect(localStorage.getItem('okta-cache-storage')).toContain(config.issuer);
    });

    it('has read the answer by the time it settles: nothing of it is left to the page to read later', async () => {
      const text = JSON.stringify(DOC);
      let pulled = 0;
      let done = false;
      // The body in two pieces, each read only when asked for.
      const pieces = [text.slice(0, 10), text.slice(10)];
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const piece = pieces[pulled++];
          if (piece === undefined) {
            done = true;
            controller.close();
          } else controller.enqueue(new TextEncoder().encode(piece));
        },
      });
      org({ discovery: () => Promise.resolve(new Response(body, { headers: { 'Content-Type': 'application/json' } })) });
      const res = await prefetchDiscovery(config);
      expect(done).toBe(true);
      expect(res?.status).toBe(200);
      expect(res?.headers.get('Content-Type')).toBe('application/json');
      expect(await res?.json()).toEqual(DOC);
    });

    it('resolves with nothing when no answer came', async () => {
      org({ discovery: () => Promise.reject(new TypeError('Failed to fetch')) });
      expect(await prefetchDiscovery(config)).toBeUndefined();
    });

    it('still diagnoses the org from that answer', async () => {
      org({
        discovery: () => Promise.resolve(json({ ...DOC, issuer: 'http://localhost:7070/oauth2/other' })),
        interact: () => Promise.resolve(json({ error: 'invalid_request', error_description: 'issuer' }, 400)),
      });
      const start = startSignIn(createIdxClient(config), config, window.location.origin, {
        begin: true,
        discovery: prefetchDiscovery(config),
      });
      expect((await start.diagnosis)?.title).toBe('The issuer does not match');
    });

    it('lets auth-js ask the org itself when that answer was no discovery document', async () => {
      const fetch = org({ discovery: () => Promise.resolve(json({ errorCode: 'E0000022' }, 404)) });
      const start = startSignIn(createIdxClient(config), config, window.location.origin, {
        begin: true,
        discovery: prefetchDiscovery(config),
      });
      expect((await start.diagnosis)?.title).toBe(`No authorization server at ${config.issuer}`);
      await start.ready;
      // The early one and auth-js's own, which fails as it always did.
      expect(fetch.mock.calls.filter(([input]) => urlOf(input) === DISCOVERY)).toHaveLength(2);
    });

    it('lets auth-js ask the org itself when that request got no answer', async () => {
      const early = Promise.resolve(undefined);
      const fetch = org({
        discovery: () => Promise.resolve(json(DOC)),
        interact: () => Promise.resolve(json({ error: 'invalid_request', error_description: 'stop here' }, 400)),
      });
      const start = startSignIn(createIdxClient(config), config, window.location.origin, { begin: true, discovery: early });
      await start.ready;
      expect(await start.diagnosis).toBeUndefined();
      expect(fetch.mock.calls.filter(([input]) => urlOf(input) === DISCOVERY)).toHaveLength(1);
      expect(fetch.mock.calls.some(([input]) => urlOf(input).endsWith('/v1/interact'))).toBe(true);
    });

    it('diagnoses a resumed sign-in from it too, without a request of its own', async () => {
      const fetch = org({ discovery: () => Promise.resolve(json(DOC)) });
      const client = createIdxClient(config);
      client.transactionManager.save({ interactionHandle: 'saved-handle', state: 'saved-state' } as never);
      const resumed = startSignIn(client, config, window.location.origin, { begin: true, discovery: prefetchDiscovery(config) });
      expect(resumed.resumed).toBe(true);
      expect(await resumed.diagnosis).toBeUndefined();
      expect(fetch.mock.calls.filter(([input]) => urlOf(input) === DISCOVERY)).toHaveLength(1);
    });
  });
});

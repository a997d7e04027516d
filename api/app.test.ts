import { HTTPException } from 'hono/http-exception';
import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApi } from './app';
import { API_DEFAULTS } from './config';
import { startListeningOrg, type ListeningOrg } from '../devorg/testing/listening-org';
import { createVerifier } from './verifier';
import { portalApp } from '../devorg/config';

const PORTAL = API_DEFAULTS.API_PORTAL_ORIGIN;

let org: ListeningOrg;
let valid: { token: string; login: string };

beforeAll(async () => {
  org = await startListeningOrg();
  valid = await org.accessToken();
});
afterAll(() => org.stop());

function apiFor(overrides: { audience?: string; issuer?: string; requiredScopes?: string[] } = {}, log?: (line: string) => void) {
  const config = { issuer: org.issuer, audience: 'api://default', requiredScopes: ['profile'], portalOrigin: PORTAL, ...overrides };
  return createApi(config, { verify: createVerifier(config), now: () => new Date('2026-11-25T12:00:00Z'), ...(log ? { log } : {}) });
}

function get(path: string, headers: Record<string, string> = {}, api = apiFor()) {
  return api.request(path, { headers });
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The claims of `valid`, to forge variations of a token devorg really issued. */
function claimsOf(token: string): JWTPayload {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as JWTPayload;
}

/** Signed with devorg's own key: only the claim under test is wrong. */
function signedByDevorg(payload: JWTPayload): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: org.ctx.signingKey.kid }).sign(org.ctx.signingKey.privateKey);
}

async function expectBearerError(res: Response, status: number, code: string, description: RegExp) {
  expect(res.status).toBe(status);
  const challenge = res.headers.get('WWW-Authenticate') ?? '';
  expect(challenge).toMatch(/^Bearer realm="portal-api", /);
  expect(challenge).toContain(`error="${code}"`);
  expect(challenge).toMatch(new RegExp(`error_description="[^"]*${description.source}[^"]*"`));
  expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: string; error_description: string };
  expect(body.error).toBe(code);
  expect(body.error_description).toMatch(description);
}

describe('a valid devorg access token', () => {
  it('carries the claims of a real Okta custom authorization server, and the verifier accepts it unchanged', async () => {
    const res = await get('/api/whoami', bearer(valid.token));
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const { claims } = (await res.json()) as { claims: Record<string, unknown> };
    expect(claims).toMatchObject({
      ver: 1,
      iss: org.issuer,
      aud: 'api://default',
      cid: portalApp(org.config).clientId,
      sub: valid.login,
      scp: expect.arrayContaining(['openid', 'profile', 'email']),
    });
    expect(claims.jti).toMatch(/^AT\./);
    expect(claims.uid).toMatch(/^00u/);
    expect(claims.exp).toBe((claims.iat as number) + org.config.tokens.accessTokenSeconds);
  });

  it('gets messages for people, naming the caller, with no raw dates or library names', async () => {
    const res = await get('/api/messages', bearer(valid.token));
    expect(res.status).toBe(200);
    const { messages } = (await res.json()) as { messages: { id: string; text: string; date: string }[] };
    expect(messages.length).toBeGreaterThan(0);
    expect(messages[0]).toEqual({
      id: 'welcome',
      text: `Hello, ${valid.login}! This message comes from a service only signed-in users can reach.`,
      date: '2026-11-25T12:00:00.000Z',
    });
    const texts = messages.map((m) => m.text).join('\n');
    expect(texts).toContain(`your sign-in comes from ${new URL(org.issuer).host}`);
    expect(texts).toContain('You allowed this portal to confirm who you are, see your name and profile, and see your email address.');
    expect(texts).not.toMatch(/\d{4}-\d{2}-\d{2}T|jwt-verifier|scopes?:/);
  });

  it('is logged by method, path and status only', async () => {
    const lines: string[] = [];
    await get(
      '/api/messages',
      bearer(valid.token),
      apiFor({}, (line) => lines.push(line)),
    );
    await get(
      '/api/messages?access_token=in-the-query',
      bearer('not.a.jwt'),
      apiFor({}, (line) => lines.push(line)),
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^api: GET \/api\/messages 200 \d+ms$/);
    expect(lines[1]).toMatch(/^api: GET \/api\/messages 401 \d+ms$/);
  });
});

describe('401 invalid_token', () => {
  it('for an expired token', async () => {
    org.clock.advance(-2 * 3600);
    const expired = await org.accessToken().finally(() => org.clock.advance(2 * 3600));
    await expectBearerError(await get('/api/messages', bearer(expired.token)), 401, 'invalid_token', /The access token expired\./);
  });

  it('for a token meant for another API (audience), both ways round', async () => {
    const forged = await signedByDevorg({ ...claimsOf(valid.token), aud: 'api://payments' });
    await expectBearerError(await get('/api/messages', bearer(forged)), 401, 'invalid_token', /not meant for this API/);

    const otherApi = apiFor({ audience: 'api://payments' });
    await expectBearerError(await get('/api/messages', bearer(valid.token), otherApi), 401, 'invalid_token', /not meant for this API/);
  });

  it('for a token from another issuer', async () => {
    const forged = await signedByDevorg({ ...claimsOf(valid.token), iss: 'https://evil.example/oauth2/default' });
    await expectBearerError(await get('/api/messages', bearer(forged)), 401, 'invalid_token', /issued by another authorization server/);
  });

  it("for a token signed by another key (under devorg's kid or its own), or without a kid", async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const payload = claimsOf(valid.token);
    const sameKid = await new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: org.ctx.signingKey.kid }).sign(privateKey);
    await expectBearerError(await get('/api/messages', bearer(sameKid)), 401, 'invalid_token', /signature is invalid/);

    const ownKid = await new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'attacker-key' }).sign(privateKey);
    await expectBearerError(await get('/api/messages', bearer(ownKid)), 401, 'invalid_token', /not signed by a key of the expected/);

    const noKid = await new SignJWT(payload).setProtectedHeader({ alg: 'RS256' }).sign(org.ctx.signingKey.privateKey);
    await expectBearerError(await get('/api/messages', bearer(noKid)), 401, 'invalid_token', /not signed by a key of the expected/);
  });

  it('for a tampered payload', async () => {
    const [header, , signature] = valid.token.split('.');
    const payload = Buffer.from(JSON.stringify({ ...claimsOf(valid.token), sub: 'admin@example.test' })).toString('base64url');
    await expectBearerError(
      await get('/api/messages', bearer(`${header}.${payload}.${signature}`)),
      401,
      'invalid_token',
      /signature is invalid/,
    );
  });

  it('for alg "none" and for HS256 keyed with the public key', async () => {
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'JWT', kid: org.ctx.signingKey.kid })}.${encode(claimsOf(valid.token))}.`;
    await expectBearerError(await get('/api/messages', bearer(unsigned)), 401, 'invalid_token', /not signed with RS256/);

    const secret = new TextEncoder().encode(JSON.stringify(org.ctx.signingKey.publicJwk));
    const confused = await new SignJWT(claimsOf(valid.token))
      .setProtectedHeader({ alg: 'HS256', kid: org.ctx.signingKey.kid })
      .sign(secret);
    await expectBearerError(await get('/api/messages', bearer(confused)), 401, 'invalid_token', /not signed with RS256/);
  });

  it('for something that is not a JWT', async () => {
    await expectBearerError(await get('/api/whoami', bearer('not-a-jwt')), 401, 'invalid_token', /could not be verified/);
  });
});

describe('other refusals', () => {
  it('403 insufficient_scope for a good token without the required scope', async () => {
    const narrow = await org.accessToken({ scope: 'openid email' });
    const res = await get('/api/messages', bearer(narrow.token));
    await expectBearerError(res, 403, 'insufficient_scope', /lacks the scope this API requires: profile/);
    expect(res.headers.get('WWW-Authenticate')).toContain('scope="profile"');
  });

  it('401 with a bare challenge when there are no bearer credentials (RFC 6750 §3.1)', async () => {
    for (const headers of [{}, { Authorization: 'Basic dXNlcjpwYXNz' }] as Record<string, string>[]) {
      const res = await get('/api/messages', headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('WWW-Authenticate')).toBe('Bearer realm="portal-api"');
      expect(await res.json()).toMatchObject({ error: 'unauthorized' });
    }
  });

  it('400 invalid_request for a malformed Authorization header', async () => {
    for (const value of ['Bearer', 'Bearer ', `Bearer ${valid.token} extra`, 'Bearer a"b']) {
      await expectBearerError(await get('/api/messages', { Authorization: value }), 400, 'invalid_request', /not of the form/);
    }
  });

  it("503, not 401, when the issuer's keys cannot be fetched", async () => {
    const unreachable = apiFor({ issuer: 'http://127.0.0.1:9/oauth2/default' });
    const res = await get(
      '/api/messages',
      bearer(await signedByDevorg({ ...claimsOf(valid.token), iss: 'http://127.0.0.1:9/oauth2/default' })),
      unreachable,
    );
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: 'temporarily_unavailable' });
  });

  it('503 when verification does not finish in time (a JWKS endpoint that never answers)', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    const port = await new Promise<number>((resolve) =>
      silent.listen(0, '127.0.0.1', () => resolve((silent.address() as { port: number }).port)),
    );
    try {
      const issuer = `http://127.0.0.1:${port}/oauth2/default`;
      const config = { issuer, audience: 'api://default', requiredScopes: ['profile'], portalOrigin: PORTAL };
      const api = createApi(config, { verify: createVerifier(config, { deadlineMs: 200 }) });
      const started = Date.now();
      const res = await get('/api/messages', bearer(await signedByDevorg({ ...claimsOf(valid.token), iss: issuer })), api);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: 'temporarily_unavailable' });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('404 JSON for unknown paths', async () => {
    const res = await get('/api/nothing', bearer(valid.token));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not_found' });
  });
});

describe('the error boundary', () => {
  it('keeps the status of a 4xx from Hono itself, in the API’s JSON shape', async () => {
    const api = apiFor();
    api.get('/too-large', () => {
      throw new HTTPException(413, { message: 'body too large' });
    });
    const res = await api.request('/too-large');
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'invalid_request', error_description: 'The request could not be processed.' });
  });

  it('answers anything else with a JSON 500 and logs where it was thrown, not its message', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const api = apiFor();
      api.get('/bug', () => {
        throw new SyntaxError('Unexpected token in JSON: "eyJhbGciOiJSUzI1NiJ9"');
      });
      const res = await api.request('/bug');
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'server_error', error_description: 'Something went wrong.' });
      const logged = errors.mock.calls.map((args) => args.join(' ')).join('\n');
      expect(logged).toMatch(/^api: GET \/bug failed: SyntaxError\n\s+at .*app\.test\.ts/);
      expect(logged).not.toContain('eyJ');
    } finally {
      errors.mockRestore();
    }
  });
});

describe('CORS', () => {
  it("answers the portal's preflight and lets it read the response and the challenge", async () => {
    const preflight = await apiFor().request('/api/messages', {
      method: 'OPTIONS',
      headers: { Origin: PORTAL, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe(PORTAL);
    expect(preflight.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toContain('authorization');
    expect(preflight.headers.get('Access-Control-Allow-Credentials')).toBeNull();

    const refused = await get('/api/messages', { Origin: PORTAL });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('Access-Control-Allow-Origin')).toBe(PORTAL);
    expect(refused.headers.get('Access-Control-Expose-Headers')).toContain('WWW-Authenticate');
    expect(refused.headers.get('Vary')).toContain('Origin');
  });

  it('allows no other origin', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:8081', 'http://127.0.0.1:8080', 'null']) {
      const preflight = await apiFor().request('/api/messages', {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
      });
      expect(preflight.headers.get('Access-Control-Allow-Origin')).toBeNull();
      const res = await get('/api/messages', { Origin: origin, ...bearer(valid.token) });
      expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
    }
  });
});

/**
 * Property-based hostile Authorization headers against the real verifier (jwt-verifier, njwt, jwks-rsa)
 * and a listening devorg: any number of segments, empty ones, bad base64url, non-JSON, JSON that is not
 * an object, odd `alg`/`kid`/`typ` values, `__proto__` members, huge tokens, unicode, whitespace and
 * scheme casing. Every answer must be the API’s own 400/401 (200 for the one real token) — never a 5xx, a
 * hang or an exception that escapes to the process (which, outside a test runner, ends it).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from './app';
import { API_DEFAULTS } from './config';
import { startListeningOrg, type ListeningOrg } from '../devorg/testing/listening-org';
import { createVerifier } from './verifier';

let org: ListeningOrg;
let valid: string;
let realKid: string;
let api: ReturnType<typeof createApi>;
/** Exceptions nobody caught, seen through the monitor hook (which observes without handling them). */
const escaped: unknown[] = [];
let onEscape: ((err: unknown) => void) | undefined;
const monitor = (err: unknown) => {
  escaped.push(err);
  onEscape?.(err);
};

beforeAll(async () => {
  org = await startListeningOrg();
  valid = (await org.accessToken()).token;
  realKid = org.ctx.signingKey.kid;
  const config = {
    issuer: org.issuer,
    audience: 'api://default',
    requiredScopes: ['profile'],
    portalOrigin: API_DEFAULTS.API_PORTAL_ORIGIN,
  };
  // One verifier for the whole run, as in the real process: its JWKS cache and rate limit are shared.
  api = createApi(config, { verify: createVerifier(config) });
  process.on('uncaughtExceptionMonitor', monitor);
}, 30_000);
afterAll(async () => {
  process.off('uncaughtExceptionMonitor', monitor);
  await org.stop();
});

const b64 = (text: string) => Buffer.from(text).toString('base64url');

/** JSON text of an object with these members, in order, duplicates and `__proto__` kept verbatim. */
const objectText = (members: [string, unknown][]) => `{${members.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;

/**
 * What a client can actually send: a header value is bytes, so unicode travels as its UTF-8 bytes (Node
 * reads them as latin1), and CR, LF and NUL cannot be sent at all.
 */
const onTheWire = (value: string) =>
  Buffer.from(value, 'utf8')
    .toString('latin1')
    .replace(/[\r\n\0]/g, '');

/** Authorization header values built around a real devorg token (`valid`, signed under `realKid`). */
function hostileAuthorization(valid: string, realKid: string): fc.Arbitrary<string> {
  const [validHeader = '', validPayload = '', validSignature = ''] = valid.split('.');
  const validClaims = JSON.parse(Buffer.from(validPayload, 'base64url').toString()) as Record<string, unknown>;

  const odd = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 20 }),
    fc.constantFrom({}, [], { toString: 1 }, { toString: 1, valueOf: 1 }, ['RS256'], { alg: 'RS256' }),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const alg = fc.oneof(
    { weight: 4, arbitrary: fc.constant('RS256') },
    fc.constantFrom(
      'none',
      'None',
      'NONE',
      'HS256',
      'RS384',
      'RS512',
      'ES256',
      'PS256',
      'rs256',
      'RS256 ',
      '',
      '__proto__',
      'constructor',
      'toString',
    ),
    odd,
  );
  const kid = fc.oneof(
    { weight: 4, arbitrary: fc.constant(realKid) },
    fc.string({ maxLength: 40 }),
    fc.constantFrom(`${realKid} `, realKid.toUpperCase(), 'k'.repeat(3000), '__proto__'),
    odd,
  );
  const typ = fc.oneof(fc.constantFrom('JWT', 'at+jwt', 'application/okta-internal-at+jwt', 'jwt', ''), odd);
  // Members njwt treats specially (it copies members by assignment), or that a careful verifier refuses.
  const extra = fc.oneof(
    fc.constantFrom<[string, unknown]>(
      ['__proto__', null],
      ['__proto__', {}],
      ['__proto__', { hasOwnProperty: 1 }],
      ['__proto__', { alg: 'none', kid: 'x' }],
      ['hasOwnProperty', 1],
      ['constructor', null],
      ['crit', ['exp']],
      ['crit', []],
      ['jku', 'https://attacker.example/keys'],
      ['jwk', { kty: 'RSA', n: 'AQAB', e: 'AQAB' }],
    ),
    fc.tuple(fc.string({ maxLength: 10 }), odd),
  );
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 4 });

  // JOSE header text: mostly object-shaped with odd members, sometimes not an object at all.
  const headerText = fc.oneof(
    {
      weight: 10,
      arbitrary: fc
        .record({ alg: maybe(alg), kid: maybe(kid), typ: maybe(typ), extras: fc.array(extra, { maxLength: 2 }) })
        .map(({ alg, kid, typ, extras }) => {
          const members: [string, unknown][] = [];
          if (alg !== undefined) members.push(['alg', alg]);
          if (kid !== undefined) members.push(['kid', kid]);
          if (typ !== undefined) members.push(['typ', typ]);
          return objectText([...members, ...extras]);
        }),
    },
    { weight: 2, arbitrary: fc.constant(Buffer.from(validHeader, 'base64url').toString()) },
    fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
    fc.constantFrom('null', '[]', '[{"alg":"RS256"}]', '42', '"RS256"', 'true', '{', '{"alg":"RS256"', '', 'alg=RS256'),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
  );

  // Claims text: the real ones, the real ones bent, padded past any sane size, or not claims at all.
  const payloadText = fc.oneof(
    { weight: 4, arbitrary: fc.constant(JSON.stringify(validClaims)) },
    {
      weight: 4,
      arbitrary: fc
        .record({
          drop: fc.subarray(['exp', 'iss', 'aud', 'sub', 'scp', 'nbf']),
          set: fc.array(
            fc.oneof(
              fc.tuple(fc.constantFrom('exp', 'nbf', 'iat', 'iss', 'aud', 'scp', 'sub'), odd),
              fc.constantFrom<[string, unknown]>(
                ['exp', 1],
                ['exp', 1e300],
                ['exp', '9999999999'],
                ['nbf', 9999999999],
                ['__proto__', null],
                ['__proto__', { exp: 1 }],
                ['hasOwnProperty', 1],
              ),
            ),
            { maxLength: 3 },
          ),
        })
        .map(({ drop, set }) => objectText([...Object.entries(validClaims).filter(([k]) => !drop.includes(k)), ...set])),
    },
    fc.integer({ min: 4000, max: 20_000 }).map((n) => objectText([...Object.entries(validClaims), ['pad', 'x'.repeat(n)]])),
    fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
    fc.constantFrom('null', '[]', '0', '"claims"', '{', '', 'not json'),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
  );

  // How JSON text becomes a segment: base64url as it should be, or not quite.
  const encoding = fc.oneof(
    { weight: 20, arbitrary: fc.constant(b64) },
    fc.constant((t: string) => Buffer.from(t).toString('base64')),
    fc.constant((t: string) => `${b64(t)}=`),
    fc.constant((t: string) => ` ${b64(t)}`),
    fc.constant((t: string) => b64(t).slice(0, -1)),
    fc.constant((t: string) => t),
  );

  const signature = fc.oneof(
    { weight: 8, arbitrary: fc.constant(validSignature) },
    fc.constantFrom('', 'A', 'AA', 'AAAA', '====', '!!!!', '+/+/', 'é', `${validSignature}=`),
    fc.constant(validSignature.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,400}$/),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
  );

  // Any string that might sit between two dots.
  const rawSegment = fc.oneof(
    fc.constantFrom('', validHeader, validPayload, validSignature),
    fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
  );

  const token = fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .tuple(headerText, encoding, payloadText, encoding, signature)
        .map(([h, encodeH, p, encodeP, s]) => `${encodeH(h)}.${encodeP(p)}.${s}`),
    },
    { weight: 3, arbitrary: fc.tuple(headerText, payloadText).map(([h, p]) => `${b64(h)}.${b64(p)}`) },
    { weight: 2, arbitrary: fc.array(rawSegment, { maxLength: 6 }).map((segments) => segments.join('.')) },
    fc.constant(valid),
    fc.integer({ min: 6000, max: 40_000 }).map((n) => `${validHeader}.${b64('x'.repeat(n))}.${validSignature}`),
    fc.string({ unit: 'binary', maxLength: 60 }),
  );

  const scheme = fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom('Bearer', 'bearer', 'BEARER', 'BeArEr') },
    fc.constantFrom('Basic', 'Token', 'JWT', 'Bearer:', 'Bearerx', 'DPoP', ''),
  );
  const gap = fc.oneof({ weight: 20, arbitrary: fc.constant(' ') }, fc.constantFrom('', '  ', '   ', '\t', ' \t', '\u00a0', '\u3000'));
  const edge = fc.oneof({ weight: 20, arbitrary: fc.constant('') }, fc.constantFrom(' ', '\t', '  ', '\u00a0', '\ufeff'));

  return fc.tuple(edge, scheme, gap, token, edge).map((parts) => onTheWire(parts.join('')));
}

/** RFC 6750 as the API already reads it: no Bearer scheme → bare challenge; a botched credential → 400. */
function expected(value: string): { status: number; error: string } {
  const received = value.trim();
  if (!/^Bearer\b/i.test(received)) return { status: 401, error: 'unauthorized' };
  const credential = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(received)?.[1];
  if (!credential) return { status: 400, error: 'invalid_request' };
  return credential === valid ? { status: 200, error: '' } : { status: 401, error: 'invalid_token' };
}

/** The answer, or why there was none: an exception that escaped every handler, or nothing within 2 s. */
function answer(value: string): Promise<Response | string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no answer within 2 s'), 2000);
    const settle = (outcome: Response | string) => {
      clearTimeout(timer);
      onEscape = undefined;
      resolve(outcome);
    };
    onEscape = (err) =>
      settle(`an exception escaped to the process: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    Promise.resolve(api.request('/api/messages', { headers: { Authorization: value } })).then(settle, (err: unknown) =>
      settle(`app.request rejected: ${String(err)}`),
    );
  });
}

describe('hostile Authorization headers', () => {
  it('always get the API’s own 400/401, never a 5xx, a hang or an escaped exception', async () => {
    await fc.assert(
      fc.asyncProperty(hostileAuthorization(valid, realKid), async (value) => {
        const outcome = await answer(value);
        const shown = value.length > 300 ? `${value.slice(0, 300)}… (${value.length} chars)` : value;
        if (typeof outcome === 'string') throw new Error(`${outcome} for Authorization: ${shown}`);
        const want = expected(value);
        const body = (await outcome.json()) as { error?: string; error_description?: string };
        expect({ status: outcome.status, error: body.error ?? '' }, `Authorization: ${shown}`).toEqual(want);
        if (want.status === 401 && want.error === 'invalid_token') {
          expect(outcome.headers.get('WWW-Authenticate')).toMatch(
            /^Bearer realm="portal-api", error="invalid_token", error_description="[^"]+"$/,
          );
          expect(typeof body.error_description).toBe('string');
        }
      }),
      { numRuns: 1000 },
    );
    expect(escaped).toEqual([]);
  }, 60_000);
});

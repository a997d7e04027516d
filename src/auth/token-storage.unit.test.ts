import { describe, expect, it } from 'vitest';
import { discardUnusableTokens, inspectStoredTokens, readStoredSession, TOKEN_STORAGE_KEY } from './token-storage';

const ISSUER = 'http://localhost:7070/oauth2/default';
const CLIENT = '0oadevorgportal00001';
const NOW = 1_800_000_000;
const expected = { issuer: ISSUER, clientId: CLIENT };

/** Shaped like what auth-js 7.14.5 writes to `okta-token-storage`. */
function stored({ expiresAt = NOW + 3600, refresh = false, issuer = ISSUER } = {}) {
  const tokens: Record<string, unknown> = {
    idToken: {
      idToken: 'h.p.s',
      claims: { sub: '00u1' },
      expiresAt,
      scopes: ['openid'],
      authorizeUrl: `${issuer}/v1/authorize`,
      issuer,
      clientId: CLIENT,
    },
    accessToken: {
      accessToken: 'h.p.s',
      claims: { sub: 'a@b.c' },
      expiresAt,
      tokenType: 'Bearer',
      scopes: ['openid'],
      authorizeUrl: `${issuer}/v1/authorize`,
      userinfoUrl: `${issuer}/v1/userinfo`,
    },
  };
  if (refresh)
    tokens.refreshToken = {
      refreshToken: 'opaque',
      expiresAt,
      scopes: ['openid', 'offline_access'],
      tokenUrl: `${issuer}/v1/token`,
      authorizeUrl: `${issuer}/v1/authorize`,
      issuer,
    };
  return tokens;
}

const inspect = (value: unknown) => inspectStoredTokens(typeof value === 'string' ? value : JSON.stringify(value), expected, NOW);

describe('inspectStoredTokens', () => {
  it('nothing stored is empty', () => {
    expect(inspectStoredTokens(null, expected, NOW)).toBe('empty');
    expect(inspect({})).toBe('empty');
  });

  it('valid tokens, with or without a refresh token, are usable', () => {
    expect(inspect(stored())).toBe('usable');
    expect(inspect(stored({ refresh: true }))).toBe('usable');
  });

  it.each([
    ['not JSON', '{"idToken":'],
    ['a JSON array', '[]'],
    ['a JSON string', '"x"'],
    ['an entry that is no token', { idToken: { idToken: 'x' } }],
    ['a token without expiry', { accessToken: { accessToken: 'x', claims: {}, scopes: [] } }],
    ['an unknown entry next to good ones', { ...stored(), junk: 42 }],
    ['two access tokens', { ...stored(), other: stored().accessToken }],
  ])('%s is corrupt', (_name, value) => {
    expect(inspect(value)).toBe('corrupt');
  });

  it('expired tokens (or about to expire) without a refresh token are expired', () => {
    expect(inspect(stored({ expiresAt: NOW - 10 }))).toBe('expired');
    expect(inspect(stored({ expiresAt: NOW + 20 }))).toBe('expired');
    expect(inspect({ idToken: stored().idToken })).toBe('expired');
  });

  it('expired tokens with a refresh token are left to auth-js to renew', () => {
    expect(inspect(stored({ expiresAt: NOW - 10, refresh: true }))).toBe('usable');
  });

  it('tokens of another org or app are foreign', () => {
    expect(inspect(stored({ issuer: 'https://other.okta.com/oauth2/default' }))).toBe('foreign');
    expect(inspectStoredTokens(JSON.stringify(stored()), { issuer: ISSUER, clientId: '0oaOther' }, NOW)).toBe('foreign');
  });
});

describe('discardUnusableTokens', () => {
  function storageWith(value: string | null) {
    const items = new Map<string, string>(value === null ? [] : [[TOKEN_STORAGE_KEY, value]]);
    return { items, getItem: (k: string) => items.get(k) ?? null, removeItem: (k: string) => void items.delete(k) };
  }

  it('removes corrupt and expired storage, keeps usable storage', () => {
    const corrupt = storageWith('garbage');
    expect(discardUnusableTokens(corrupt, expected, NOW)).toBe('corrupt');
    expect(corrupt.items.has(TOKEN_STORAGE_KEY)).toBe(false);

    const expired = storageWith(JSON.stringify(stored({ expiresAt: NOW - 1 })));
    expect(discardUnusableTokens(expired, expected, NOW)).toBe('expired');
    expect(expired.items.has(TOKEN_STORAGE_KEY)).toBe(false);

    const good = storageWith(JSON.stringify(stored()));
    expect(discardUnusableTokens(good, expected, NOW)).toBe('usable');
    expect(good.items.has(TOKEN_STORAGE_KEY)).toBe(true);
  });

  it('memory storage has nothing to inspect', () => {
    expect(discardUnusableTokens(undefined, expected, NOW)).toBe('empty');
  });
});

describe('readStoredSession', () => {
  const from = (value: unknown) => ({ getItem: (key: string) => (key === TOKEN_STORAGE_KEY ? JSON.stringify(value) : null) });

  it('gives the stored ID and access token, due 30 s before the first of them expires', () => {
    const tokens = stored({ refresh: true });
    const session = readStoredSession(from(tokens), NOW * 1000);
    expect(session?.idToken).toEqual(tokens.idToken);
    expect(session?.accessToken).toEqual(tokens.accessToken);
    expect(session?.dueAt).toBe((NOW + 3600 - 30) * 1000);
    const earlier = { ...tokens, accessToken: { ...(tokens.accessToken as object), expiresAt: NOW + 600 } };
    expect(readStoredSession(from(earlier), NOW * 1000)?.dueAt).toBe((NOW + 600 - 30) * 1000);
  });

  it('leaves to auth-js what needs it: due tokens, a missing half, a sign-out under way, nothing or garbage', () => {
    expect(readStoredSession(from(stored({ expiresAt: NOW + 30 })), NOW * 1000)).toBeUndefined();
    expect(readStoredSession(from({ idToken: stored().idToken }), NOW * 1000)).toBeUndefined();
    const tokens = stored();
    const leaving = { ...tokens, idToken: { ...(tokens.idToken as object), pendingRemove: true } };
    expect(readStoredSession(from(leaving), NOW * 1000)).toBeUndefined();
    expect(readStoredSession({ getItem: () => null }, NOW * 1000)).toBeUndefined();
    expect(readStoredSession({ getItem: () => '{not json' }, NOW * 1000)).toBeUndefined();
    expect(readStoredSession(undefined, NOW * 1000)).toBeUndefined();
  });
});

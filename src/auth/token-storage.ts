/**
 * A look at what auth-js left in token storage, before auth-js reads it.
 *
 * auth-js trusts its storage: unparseable JSON makes every tokenManager call throw ("Unable to parse
 * storage string"), and an expired token without a refresh token can only be renewed silently (the
 * hidden iframe, renewal.ts), which needs the org session and keeps the first screen waiting on it. So
 * at boot, anything that cannot lead to a working session on its own is removed, and auth-js starts
 * from a clean slate: sign-in, which needs no password while the org session lasts.
 */
import type { AccessToken, IDToken } from '@okta/okta-auth-js/core';
import type { TokenStorage } from '../config';

/** auth-js's default `tokenManager.storageKey`. */
export const TOKEN_STORAGE_KEY = 'okta-token-storage';

/** auth-js renews (or treats as expired) this long before `expiresAt` (its default `expireEarlySeconds`). */
const EXPIRE_EARLY_SECONDS = 30;

export type StoredTokensVerdict =
  /** Nothing stored. */
  | 'empty'
  /** Worth handing to auth-js: valid tokens, or a refresh token it can renew them with. */
  | 'usable'
  /** Not what auth-js writes: unparseable, wrong shapes, or unknown entries. */
  | 'corrupt'
  /** Issued by another org or to another app (e.g. the portal was re-pointed). */
  | 'foreign'
  /** Expired (or about to) with no refresh token to renew them. */
  | 'expired';

export interface StoredTokenExpectations {
  issuer: string;
  clientId: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The fields auth-js itself relies on for each token type (`isAccessToken`, `isIDToken`, `isRefreshToken`, renew). */
function kindOf(token: Json): 'accessToken' | 'idToken' | 'refreshToken' | undefined {
  if (isString(token.accessToken) && isTime(token.expiresAt) && isObject(token.claims) && Array.isArray(token.scopes)) return 'accessToken';
  if (isString(token.idToken) && isTime(token.expiresAt) && isObject(token.claims) && isString(token.issuer) && isString(token.clientId)) {
    return 'idToken';
  }
  if (isString(token.refreshToken) && isString(token.tokenUrl) && isString(token.issuer)) return 'refreshToken';
  return undefined;
}

/** Classifies the raw storage value; pure, so every case is unit-tested. */
export function inspectStoredTokens(raw: string | null, expected: StoredTokenExpectations, nowSeconds: number): StoredTokensVerdict {
  if (raw === null || raw === '' || raw === '{}') return 'empty';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return 'corrupt';
  }
  if (!isObject(parsed)) return 'corrupt';
  const tokens: Partial<Record<'accessToken' | 'idToken' | 'refreshToken', Json>> = {};
  for (const value of Object.values(parsed)) {
    const kind = isObject(value) ? kindOf(value) : undefined;
    if (!kind || !isObject(value) || tokens[kind]) return 'corrupt';
    tokens[kind] = value;
  }
  const { accessToken, idToken, refreshToken } = tokens;
  if (!accessToken && !idToken && !refreshToken) return 'empty';
  if (idToken && (idToken.issuer !== expected.issuer || idToken.clientId !== expected.clientId)) return 'foreign';
  if (refreshToken && refreshToken.issuer !== expected.issuer) return 'foreign';
  if (refreshToken) return 'usable';
  const fresh = (token: Json | undefined) =>
    token !== undefined && isTime(token.expiresAt) && token.expiresAt - EXPIRE_EARLY_SECONDS > nowSeconds;
  return fresh(accessToken) && fresh(idToken) ? 'usable' : 'expired';
}

/** The Web Storage area behind a `TokenStorage` choice; none for memory, or when the browser refuses access. */
export function webStorageFor(choice: TokenStorage): Storage | undefined {
  try {
    if (choice === 'localStorage') return window.localStorage;
    if (choice === 'sessionStorage') return window.sessionStorage;
  } catch {
    // Storage disabled (privacy settings): auth-js will report that itself.
  }
  return undefined;
}

/** Removes stored tokens that cannot lead to a working session; returns what was found. */
export function discardUnusableTokens(
  storage: Pick<Storage, 'getItem' | 'removeItem'> | undefined,
  expected: StoredTokenExpectations,
  nowSeconds = Math.floor(Date.now() / 1000),
): StoredTokensVerdict {
  if (!storage) return 'empty';
  const verdict = inspectStoredTokens(storage.getItem(TOKEN_STORAGE_KEY), expected, nowSeconds);
  if (verdict === 'corrupt' || verdict === 'foreign' || verdict === 'expired') storage.removeItem(TOKEN_STORAGE_KEY);
  return verdict;
}

/** A session read straight from storage, good enough to paint the dashboard without auth-js. */
export interface StoredSession {
  idToken: IDToken;
  accessToken: AccessToken;
  /**
   * When auth-js must be running (ms since the epoch): its expiry timers fire `EXPIRE_EARLY_SECONDS`
   * before the first of the two tokens expires, and the renewer (renewal.ts) acts on them.
   */
  dueAt: number;
}

/**
 * The ID and access token as auth-js's tokenManager stored them, when both are there and fresh and
 * neither is flagged `pendingRemove` (a sign-out redirect's leftovers, which only auth-js's start()
 * deletes); otherwise undefined, and auth-js has to decide. Call after discardUnusableTokens().
 */
export function readStoredSession(storage: Pick<Storage, 'getItem'> | undefined, nowMs = Date.now()): StoredSession | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage?.getItem(TOKEN_STORAGE_KEY) ?? 'null');
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  let idToken: Json | undefined;
  let accessToken: Json | undefined;
  for (const value of Object.values(parsed)) {
    if (!isObject(value)) return undefined;
    const kind = kindOf(value);
    if (kind === 'idToken') idToken = value;
    if (kind === 'accessToken') accessToken = value;
  }
  if (!idToken || !accessToken || idToken.pendingRemove === true || accessToken.pendingRemove === true) return undefined;
  const dueAt = (Math.min(idToken.expiresAt as number, accessToken.expiresAt as number) - EXPIRE_EARLY_SECONDS) * 1000;
  if (dueAt <= nowMs) return undefined;
  // The shapes kindOf() checked are the ones auth-js reads back as these types.
  return { idToken: idToken as unknown as IDToken, accessToken: accessToken as unknown as AccessToken, dueAt };
}

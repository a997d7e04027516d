/**
 * Request bodies and query options of the user endpoints. What devorg cannot store (hashed or hooked
 * passwords, recovery questions, groups, other user types, federated users) is refused with a cause
 * naming it, rather than accepted and dropped: a fixture that relies on it should fail loudly here.
 */
import { API_ERRORS } from '../errors';
import { optionalObject, optionalString } from '../http';
import { DEFAULT_USER_TYPE_ID } from './user-json';

export interface UserWrite {
  profile?: Record<string, unknown>;
  password?: string;
}

/** Reads `{ profile?, credentials?: { password?: { value }, provider? }, type?, groupIds? }`. */
export function parseUserBody(body: Record<string, unknown>): UserWrite {
  const profile = optionalObject(body, 'profile');
  const password = readPassword(optionalObject(body, 'credentials'));
  checkType(optionalObject(body, 'type'));
  checkGroupIds(body.groupIds);
  return { ...(profile ? { profile } : {}), ...(password !== undefined ? { password } : {}) };
}

function readPassword(credentials: Record<string, unknown> | undefined): string | undefined {
  if (!credentials) return undefined;
  const unsupported = Object.keys(credentials).filter((k) => k !== 'password' && k !== 'provider');
  if (unsupported.length) throw API_ERRORS.validation(unsupported.map((k) => `credentials.${k}: Not supported by devorg`));
  const provider = optionalObject(credentials, 'provider');
  if (provider && provider.type !== undefined && provider.type !== 'OKTA') {
    throw API_ERRORS.validation(['credentials.provider: devorg only has Okta-mastered users (type OKTA)']);
  }
  const password = optionalObject(credentials, 'password');
  if (!password) return undefined;
  const other = Object.keys(password).filter((k) => k !== 'value');
  if (other.length) throw API_ERRORS.validation(other.map((k) => `credentials.password.${k}: Not supported by devorg`));
  return optionalString(password, 'value');
}

function checkType(type: Record<string, unknown> | undefined): void {
  if (type?.id !== undefined && type.id !== DEFAULT_USER_TYPE_ID) {
    throw API_ERRORS.validation([`type: devorg has one user type, ${DEFAULT_USER_TYPE_ID}`]);
  }
}

function checkGroupIds(groupIds: unknown): void {
  if (groupIds === undefined || groupIds === null || (Array.isArray(groupIds) && groupIds.length === 0)) return;
  throw API_ERRORS.validation(['groupIds: Groups are not supported by devorg yet']);
}

/** A boolean query parameter (`true`/`false`); Okta refuses anything else. */
export function booleanParam(query: Record<string, string>, name: string, fallback: boolean): boolean {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  throw API_ERRORS.validation([`${name}: must be true or false`]);
}

export interface CreateOptions {
  /** Okta activates by default; `activate=false` creates a STAGED user. */
  activate: boolean;
  /** `nextLogin=changePassword`: the user must choose a new password at first sign-in. */
  expirePassword: boolean;
}

export function parseCreateOptions(query: Record<string, string>, input: UserWrite): CreateOptions {
  const activate = booleanParam(query, 'activate', true);
  if (booleanParam(query, 'provider', false)) throw API_ERRORS.validation(['provider: Federated users are not supported by devorg']);
  const nextLogin = query.nextLogin;
  if (nextLogin !== undefined && nextLogin !== 'changePassword') throw API_ERRORS.validation(['nextLogin: must be changePassword']);
  const expirePassword = nextLogin === 'changePassword';
  // Checked before anything is written: an expired password needs an active user who has one.
  if (expirePassword && (!activate || input.password === undefined)) {
    throw API_ERRORS.validation(['nextLogin: changePassword needs activate=true and a password']);
  }
  return { activate, expirePassword };
}

/**
 * The user's own account through Okta's MyAccount API (`/idp/myaccount`), with auth-js's `myaccount`
 * functions on the portal's one client: they send the stored access token and the API version, and turn
 * Okta's answers (the step-up challenge included) into auth-js errors. auth-js 7.14.5 has no function for
 * ending sessions, the authenticators or the password rules, so those go through auth-js's own
 * `httpRequest`, the way its `myaccount` functions send theirs. Loaded with the account page only.
 *
 * Every outcome is one the page can render: the access token lacks the MyAccount scopes (the app's sign-in
 * did not ask for them, or the org did not grant them), the change needs a recent sign-in (Okta's
 * `insufficient_authentication_context`), the org is unreachable, or what the org said.
 */
import { getProfile, httpRequest, updatePassword, updateProfile } from '@okta/okta-auth-js/myaccount';
import type { OktaAuth } from './auth';
import { classifyOrgError, ORG_UNREACHABLE } from './org-errors';
import { requirementsOf, type PasswordRequirements } from './password-rules';

export const PROFILE_READ = 'okta.myAccount.profile.read';
export const PROFILE_MANAGE = 'okta.myAccount.profile.manage';
export const SESSIONS_MANAGE = 'okta.myAccount.sessions.manage';
export const AUTHENTICATORS_READ = 'okta.myAccount.authenticators.read';
export const AUTHENTICATORS_MANAGE = 'okta.myAccount.authenticators.manage';
export const PASSWORD_READ = 'okta.myAccount.password.read';
export const PASSWORD_MANAGE = 'okta.myAccount.password.manage';

/** One of the user's security methods (a MyAccount authenticator enrollment). */
export interface SecurityMethod {
  id: string;
  /** The authenticator's name ("Email", "Google Authenticator", a passkey's own name). */
  name: string;
  /** The authenticator's kind (`key`: `okta_email`, `webauthn`, …). */
  kind: string;
  /** When it was set up (ISO 8601). */
  created: string;
  /** What the org shows of it (a masked address, a question), if anything. */
  detail?: string;
  /** Where to remove it, when the org allows that; otherwise why not (the password: change it instead). */
  removal: { allowed: true; href: string } | { allowed: false };
}

/** An authenticator the user may still set up (MyAccount's `enrollable`), and its AMR value for `enrollAuthenticator`. */
export interface AddableMethod {
  /** The authenticator's kind (`key`). */
  kind: string;
  name: string;
  /** What auth-js's `enrollAmrValues` calls it (its README's table). */
  amr: string;
}

/** auth-js's `enrollAmrValues` for the authenticators a portal user may set up here (never the password: it is changed). */
const ENROLL_AMR: Readonly<Record<string, string>> = {
  okta_email: 'email',
  google_otp: 'google_otp',
  phone_number: 'sms',
  security_question: 'kba',
  webauthn: 'pop',
  okta_verify: 'okta_verify',
};

export interface AccountProfile {
  firstName: string;
  lastName: string;
  email: string;
  login: string;
}

export type AccountOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'missing-scope'; scope: string }
  | { ok: false; reason: 'sign-in-again'; maxAge: number }
  | { ok: false; reason: 'failed'; message: string };

/** The fields of auth-js's AuthApiError the page uses; all optional, as errors are untrusted. */
interface ApiErrorFields {
  errorCode?: unknown;
  errorSummary?: unknown;
  errorCauses?: unknown;
  xhr?: { status?: unknown; headers?: unknown };
}

function outcomeOf(error: unknown, scope: string): AccountOutcome<never> {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ApiErrorFields;
  if (e.errorSummary === 'insufficient_authentication_context') {
    // auth-js puts the challenge's `max_age` in `meta`; Okta's window is 15 minutes when it names none.
    const maxAge = Number((error as { meta?: { max_age?: unknown } }).meta?.max_age);
    return { ok: false, reason: 'sign-in-again', maxAge: Number.isInteger(maxAge) && maxAge > 0 ? maxAge : 900 };
  }
  const headers = (e.xhr?.headers ?? {}) as Record<string, unknown>;
  const challenge = headers['www-authenticate'] ?? headers['WWW-Authenticate'];
  if (typeof challenge === 'string' && challenge.includes('error="insufficient_scope"'))
    return { ok: false, reason: 'missing-scope', scope };
  if (classifyOrgError(error) === 'transient') return { ok: false, reason: 'failed', message: `${ORG_UNREACHABLE} Try again in a moment.` };
  const causes = Array.isArray(e.errorCauses)
    ? e.errorCauses.map((c: unknown) => (c as { errorSummary?: unknown } | null)?.errorSummary).filter((s) => typeof s === 'string')
    : [];
  const summary = typeof e.errorSummary === 'string' && e.errorSummary ? e.errorSummary : 'Your account could not be updated.';
  return { ok: false, reason: 'failed', message: causes.length ? causes.join(' ') : summary };
}

/** Whether the stored access token was granted `scope`; without it, the org would refuse the call. */
function granted(client: OktaAuth, scope: string): boolean {
  return client.tokenManager.getTokensSync().accessToken?.scopes.includes(scope) ?? false;
}

const asString = (value: unknown): string => (typeof value === 'string' ? value : '');
const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/** The methods in `/idp/myaccount/authenticators?expand=enrollments`, oldest first; untrusted JSON. */
export function methodsOf(body: unknown): SecurityMethod[] {
  const methods: SecurityMethod[] = [];
  for (const a of Array.isArray(body) ? body : []) {
    const authenticator = asRecord(a);
    const enrollments: unknown = asRecord(authenticator._embedded).enrollments;
    for (const en of Array.isArray(enrollments) ? enrollments : []) {
      const enrollment = asRecord(en);
      const self = asRecord(asRecord(enrollment._links).self);
      const hints = asRecord(self.hints).allow;
      const href = asString(self.href);
      const profile = asRecord(enrollment.profile);
      const detail = asString(profile.email) || asString(profile.phoneNumber) || asString(profile.question);
      methods.push({
        id: asString(enrollment.id),
        name: asString(enrollment.name) || asString(authenticator.name),
        kind: asString(authenticator.key),
        created: asString(enrollment.created),
        ...(detail ? { detail } : {}),
        removal:
          enrollment.canUnenroll === true && href && Array.isArray(hints) && hints.includes('DELETE')
            ? { allowed: true, href }
            : { allowed: false },
      });
    }
  }
  return methods.sort((x, y) => x.created.localeCompare(y.created));
}

/** The authenticators in `/idp/myaccount/authenticators` the org marks `enrollable`, that auth-js can ask for by name. */
export function addableOf(body: unknown): AddableMethod[] {
  const addable: AddableMethod[] = [];
  for (const a of Array.isArray(body) ? body : []) {
    const authenticator = asRecord(a);
    const kind = asString(authenticator.key);
    const amr = Object.hasOwn(ENROLL_AMR, kind) ? ENROLL_AMR[kind] : undefined;
    const name = asString(authenticator.name);
    if (authenticator.enrollable === true && amr && name) addable.push({ kind, name, amr });
  }
  return addable;
}

export class MyAccount {
  constructor(private readonly client: OktaAuth) {}

  /** The profile as the org has it now, with the full attribute set a replacement must send back. */
  async profile(): Promise<AccountOutcome<{ shown: AccountProfile; all: Record<string, unknown> }>> {
    if (!granted(this.client, PROFILE_READ)) return { ok: false, reason: 'missing-scope', scope: PROFILE_READ };
    try {
      const { profile } = (await getProfile(this.client)) as { profile: Record<string, unknown> };
      return {
        ok: true,
        value: {
          all: profile,
          shown: {
            firstName: asString(profile.firstName),
            lastName: asString(profile.lastName),
            email: asString(profile.email),
            login: asString(profile.login),
          },
        },
      };
    } catch (error) {
      return outcomeOf(error, PROFILE_READ);
    }
  }

  /** Replaces the first and last name (MyAccount replaces the whole profile: `all` is what was read). */
  async updateNames(all: Record<string, unknown>, firstName: string, lastName: string): Promise<AccountOutcome<AccountProfile>> {
    if (!granted(this.client, PROFILE_MANAGE)) return { ok: false, reason: 'missing-scope', scope: PROFILE_MANAGE };
    try {
      const { profile } = (await updateProfile(this.client, { payload: { profile: { ...all, firstName, lastName } } })) as {
        profile: Record<string, unknown>;
      };
      return {
        ok: true,
        value: {
          firstName: asString(profile.firstName),
          lastName: asString(profile.lastName),
          email: asString(profile.email),
          login: asString(profile.login),
        },
      };
    } catch (error) {
      return outcomeOf(error, PROFILE_MANAGE);
    }
  }

  /**
   * Ends the user's other sessions and revokes the tokens they hold; this app's own grant (its refresh
   * token) stays: `DELETE /idp/myaccount/sessions?excludeCurrentAuthorizationContext=true`.
   */
  async signOutEverywhereElse(): Promise<AccountOutcome<undefined>> {
    if (!granted(this.client, SESSIONS_MANAGE)) return { ok: false, reason: 'missing-scope', scope: SESSIONS_MANAGE };
    const accessToken = this.client.tokenManager.getTokensSync().accessToken?.accessToken;
    try {
      await httpRequest(this.client, {
        url: `${this.client.getIssuerOrigin()}/idp/myaccount/sessions?oauthTokens=true&excludeCurrentAuthorizationContext=true`,
        method: 'DELETE',
        headers: { Accept: '*/*;okta-version=1.0.0' },
        ...(accessToken ? { accessToken } : {}),
      });
      return { ok: true, value: undefined };
    } catch (error) {
      return outcomeOf(error, SESSIONS_MANAGE);
    }
  }

  private accessToken(): { accessToken?: string } {
    const accessToken = this.client.tokenManager.getTokensSync().accessToken?.accessToken;
    return accessToken ? { accessToken } : {};
  }

  /**
   * The user's security methods, and those they may still add: `GET /idp/myaccount/authenticators?expand=enrollments`
   * (auth-js 7.14.5 has no function for authenticators, so through its `httpRequest`, as `signOutEverywhereElse`).
   */
  async securityMethods(): Promise<AccountOutcome<{ methods: SecurityMethod[]; addable: AddableMethod[] }>> {
    if (!granted(this.client, AUTHENTICATORS_READ) && !granted(this.client, AUTHENTICATORS_MANAGE))
      return { ok: false, reason: 'missing-scope', scope: AUTHENTICATORS_READ };
    try {
      const body: unknown = await httpRequest(this.client, {
        url: `${this.client.getIssuerOrigin()}/idp/myaccount/authenticators?expand=enrollments`,
        method: 'GET',
        headers: { Accept: 'application/json;okta-version=1.0.0' },
        ...this.accessToken(),
      });
      return { ok: true, value: { methods: methodsOf(body), addable: addableOf(body) } };
    } catch (error) {
      return outcomeOf(error, AUTHENTICATORS_READ);
    }
  }

  /** Removes a method: `DELETE` on the enrollment's own link (only ever the org's, from `securityMethods`). */
  async removeMethod(method: SecurityMethod): Promise<AccountOutcome<undefined>> {
    if (!granted(this.client, AUTHENTICATORS_MANAGE)) return { ok: false, reason: 'missing-scope', scope: AUTHENTICATORS_MANAGE };
    if (!method.removal.allowed) return { ok: false, reason: 'failed', message: 'Your organization does not let you remove this one.' };
    const href = method.removal.href;
    if (new URL(href, this.client.getIssuerOrigin()).origin !== this.client.getIssuerOrigin())
      return { ok: false, reason: 'failed', message: 'The org named an address of another site for this method.' };
    try {
      await httpRequest(this.client, { url: href, method: 'DELETE', headers: { Accept: '*/*;okta-version=1.0.0' }, ...this.accessToken() });
      return { ok: true, value: undefined };
    } catch (error) {
      return outcomeOf(error, AUTHENTICATORS_MANAGE);
    }
  }

  /**
   * The rules a new password must meet (`GET /idp/myaccount/password/complexity-requirements`), to list
   * before the user types. A `.manage` scope reads too, as on Okta.
   */
  async passwordRequirements(): Promise<AccountOutcome<PasswordRequirements>> {
    if (!granted(this.client, PASSWORD_READ) && !granted(this.client, PASSWORD_MANAGE))
      return { ok: false, reason: 'missing-scope', scope: PASSWORD_READ };
    try {
      const body: unknown = await httpRequest(this.client, {
        url: `${this.client.getIssuerOrigin()}/idp/myaccount/password/complexity-requirements`,
        method: 'GET',
        headers: { Accept: 'application/json;okta-version=1.0.0' },
        ...this.accessToken(),
      });
      const requirements = requirementsOf(body);
      return requirements
        ? { ok: true, value: requirements }
        : { ok: false, reason: 'failed', message: 'The org did not say what a password needs.' };
    } catch (error) {
      return outcomeOf(error, PASSWORD_READ);
    }
  }

  /** Sets a new password (`PUT /idp/myaccount/password`); the org's policy decides and says why not. */
  async changePassword(password: string): Promise<AccountOutcome<undefined>> {
    if (!granted(this.client, PASSWORD_MANAGE)) return { ok: false, reason: 'missing-scope', scope: PASSWORD_MANAGE };
    try {
      await updatePassword(this.client, { payload: { profile: { password } } });
      return { ok: true, value: undefined };
    } catch (error) {
      return outcomeOf(error, PASSWORD_MANAGE);
    }
  }
}

/**
 * The user's own account through Okta's MyAccount API (`/idp/myaccount`), with auth-js's `myaccount`
 * functions on the portal's one client: they send the stored access token and the API version, and turn
 * Okta's answers (the step-up challenge included) into auth-js errors. auth-js 7.14.5 has no function for
 * ending sessions, so that one goes through auth-js's own `httpRequest`, the way its `myaccount` functions
 * send theirs. Loaded with the account page only.
 *
 * Every outcome is one the page can render: the access token lacks the MyAccount scopes (the app's sign-in
 * did not ask for them, or the org did not grant them), the change needs a recent sign-in (Okta's
 * `insufficient_authentication_context`), the org is unreachable, or what the org said.
 */
import { getProfile, httpRequest, updateProfile } from '@okta/okta-auth-js/myaccount';
import type { OktaAuth } from './auth';
import { classifyOrgError, ORG_UNREACHABLE } from './org-errors';

export const PROFILE_READ = 'okta.myAccount.profile.read';
export const PROFILE_MANAGE = 'okta.myAccount.profile.manage';
export const SESSIONS_MANAGE = 'okta.myAccount.sessions.manage';

export interface AccountProfile {
  firstName: string;
  lastName: string;
  email: string;
  login: string;
}

export type AccountOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'missing-scope'; scope: string }
  | { ok: false; reason: 'sign-in-again' }
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
  if (e.errorSummary === 'insufficient_authentication_context') return { ok: false, reason: 'sign-in-again' };
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
}

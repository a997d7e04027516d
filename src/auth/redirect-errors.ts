/**
 * Why a sign-in that came back to /login/callback could not be completed, in words for the person who
 * tried: what auth-js says (its messages are for developers: "OAuth flow response state doesn't match
 * request state") and what the org said (`error` and `error_description` from the redirect). Imports
 * auth-js for nothing, so it sits on any path and is unit-tested in Node.
 */
import { classifyOrgError, orgUnreachableSigningIn } from './org-errors';

/** What to do after any of these: the callback page links back to sign-in. */
const START_AGAIN = 'Please sign in again.';

/** The org's answers (OAuth 2.0 / OIDC `error` codes) a person can act on, in their words. */
const ORG_ERRORS: Record<string, string> = {
  access_denied:
    "Your organization didn't let this account sign in to the portal. Ask your administrator for access, or sign in with another account.",
  login_required: `Your sign-in with your organization has ended. ${START_AGAIN}`,
  interaction_required: `Your organization needs you to sign in again. ${START_AGAIN}`,
  consent_required: `Your organization needs your consent before the portal can use your account. ${START_AGAIN}`,
  invalid_scope:
    "The portal asked your organization for access it doesn't grant this app (VITE_OKTA_SCOPES). Ask your administrator to check the app's scopes.",
  unauthorized_client:
    "Your organization doesn't allow this app to sign in this way. In the Okta app's settings, allow the Authorization Code grant (or use VITE_OKTA_SIGN_IN=embedded).",
};

interface ErrorFields {
  name?: unknown;
  message?: unknown;
  errorCode?: unknown;
  errorSummary?: unknown;
}

export function explainSignInRedirectError(error: unknown): string {
  if (classifyOrgError(error) === 'transient') return orgUnreachableSigningIn();
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorFields;
  const message = typeof e.message === 'string' ? e.message : '';
  if (e.name === 'OAuthError' && typeof e.errorCode === 'string') {
    const known = ORG_ERRORS[e.errorCode];
    if (known) return known;
    const summary = typeof e.errorSummary === 'string' && e.errorSummary ? e.errorSummary : message;
    return `Your sign-in service refused the sign-in (${e.errorCode}${summary ? `: ${summary}` : ''}). ${START_AGAIN}`;
  }
  // The state in the URL isn't the one this browser sent: a response to someone else's request (a
  // forged or replayed link) is never accepted.
  if (/state doesn't match|does not match with transaction state/i.test(message)) {
    return `This sign-in response doesn't belong to the sign-in started in this browser, so it was not accepted. ${START_AGAIN}`;
  }
  // No transaction (PKCE verifier, state) saved for it: already completed (a reload of the callback),
  // started in another browser, or the saved request expired.
  if (/Could not load PKCE codeVerifier|Unable to retrieve OAuth redirect params|No transaction data/i.test(message)) {
    return `There is no sign-in in progress in this browser to complete: it was already completed, or it was started elsewhere. ${START_AGAIN}`;
  }
  if (!message) return `Something went wrong. ${START_AGAIN}`;
  return `${/[.!?]$/.test(message) ? message : `${message}.`} ${START_AGAIN}`;
}

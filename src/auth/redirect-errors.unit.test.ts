import { AuthApiError, AuthSdkError, OAuthError } from '@okta/okta-auth-js';
import { describe, expect, it } from 'vitest';
import { ORG_UNREACHABLE_SIGNING_IN } from './org-errors';
import { explainSignInRedirectError } from './redirect-errors';

describe('explainSignInRedirectError', () => {
  // The errors auth-js 7.14.5 throws from token.parseFromUrl / idx.handleInteractionCodeRedirect.
  it.each([
    [
      'access_denied (an account not assigned to the app)',
      new OAuthError('access_denied', 'User is not assigned to the client application.'),
      /didn't let this account sign in to the portal/,
    ],
    [
      'login_required',
      new OAuthError('login_required', 'The client specified not to prompt, but the user is not logged in.'),
      /sign-in with your organization has ended/,
    ],
    ['invalid_scope', new OAuthError('invalid_scope', 'One or more scopes are not configured.'), /VITE_OKTA_SCOPES/],
    [
      'an OAuth error it has no words for',
      new OAuthError('invalid_request', 'The redirect_uri is wrong.'),
      /refused the sign-in \(invalid_request: The redirect_uri is wrong\.\)/,
    ],
    [
      'a state mismatch (parseFromUrl)',
      new AuthSdkError("OAuth flow response state doesn't match request state"),
      /doesn't belong to the sign-in started in this browser/,
    ],
    [
      'a state mismatch (interaction code)',
      new AuthSdkError('State in redirect uri does not match with transaction state'),
      /doesn't belong to the sign-in started in this browser/,
    ],
    [
      'no saved transaction (a reload of the callback)',
      new AuthSdkError(
        'Could not load PKCE codeVerifier from storage. This may indicate the auth flow has already completed or multiple auth flows are executing concurrently.',
      ),
      /no sign-in in progress in this browser/,
    ],
    ['no IDX transaction', new AuthSdkError('No transaction data was found in storage'), /no sign-in in progress in this browser/],
    ['something else', new AuthSdkError('The JWT was issued in the future'), /^The JWT was issued in the future\. Please sign in again\.$/],
  ])('%s', (_name, error, words) => {
    const explained = explainSignInRedirectError(error);
    expect(explained).toMatch(words);
    expect(explained).toMatch(/sign in|administrator/i);
  });

  it.each([
    ['a request that got no answer', new AuthApiError({ errorSummary: "Can't reach your sign-in service right now." })],
    [
      'a 503 at the token endpoint',
      new OAuthError('temporarily_unavailable', 'Try later.', { status: 503, responseText: '', headers: {} }),
    ],
  ])('says the org is unreachable for %s', (_name, error) => {
    expect(explainSignInRedirectError(error)).toBe(ORG_UNREACHABLE_SIGNING_IN);
  });

  it('has words for what is not an Error at all', () => {
    expect(explainSignInRedirectError('boom')).toBe('Something went wrong. Please sign in again.');
  });
});

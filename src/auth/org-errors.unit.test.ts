import { AuthApiError, AuthSdkError, OAuthError, type HttpResponse } from '@okta/okta-auth-js';
import { describe, expect, it, vi } from 'vitest';
import { classifyOrgError, ORG_UNREACHABLE_SIGNING_IN, reportUnreachableOrgPlainly } from './org-errors';

/** An HTTP answer as auth-js's fetch client hands it to its error formatter. */
function answer(status: number, body: object = {}): HttpResponse {
  return { status, responseText: JSON.stringify(body), responseJSON: body, headers: {} };
}

describe('classifyOrgError', () => {
  // The shapes auth-js 7.14.5 produces (http/request.js formatError), one per way the org can fail.
  it.each([
    ['a request that got no answer (auth-js wraps "Failed to fetch")', new AuthApiError({ errorSummary: 'Failed to fetch' })],
    ['fetch rejecting on its own', new TypeError('Failed to fetch')],
    ['an abort', new DOMException('The user aborted a request.', 'AbortError')],
    ['a timeout', new DOMException('The operation timed out.', 'TimeoutError')],
    ["auth-js's iframe flow timing out", new AuthSdkError('OAuth flow timed out')],
    ['a 500', new AuthApiError({ errorSummary: 'Unknown error' }, answer(500))],
    ['a 502 from a proxy', new AuthApiError({ errorSummary: 'Unknown error' }, answer(502))],
    ['a 503 in OAuth shape', new OAuthError('temporarily_unavailable', 'Try again later.', answer(503))],
    [
      'a 429',
      new AuthApiError({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' }, answer(429)),
    ],
    ['a 408', new AuthApiError({ errorSummary: 'Request timeout' }, answer(408))],
    ['status 0', new AuthApiError({ errorSummary: 'Unknown error' }, answer(0))],
    ['server_error without a status', new OAuthError('server_error', 'Something broke.')],
  ])('transient: %s', (_name, error) => {
    expect(classifyOrgError(error)).toBe('transient');
  });

  it.each([
    [
      'invalid_grant: a revoked, reused or expired refresh token',
      new OAuthError('invalid_grant', 'The refresh token is invalid or expired.', answer(400)),
    ],
    ['invalid_client', new OAuthError('invalid_client', 'Client authentication failed.', answer(401))],
    ['a 401 with an OAuth error body', new AuthApiError({ errorSummary: 'Unauthorized' }, answer(401, { error: 'invalid_token' }))],
    ['a 400 with an OAuth error body', new AuthApiError({ errorSummary: 'Bad request' }, answer(400, { error: 'invalid_request' }))],
    ['login_required from the iframe flow (no HTTP answer)', new OAuthError('login_required', 'The user is not logged in.')],
    ['interaction_required', new OAuthError('interaction_required', 'Interaction required.')],
    ['no token left to renew', new AuthSdkError('The tokenManager has no token for the key: accessToken')],
    ['a token response that fails validation', new AuthSdkError('The issuer [x] does not match [y]')],
    ['something that is not an error', 'Failed to fetch'],
    ['nothing', undefined],
  ])('refused: %s', (_name, error) => {
    expect(classifyOrgError(error)).toBe('refused');
  });
});

describe('reportUnreachableOrgPlainly', () => {
  it('words a request that got no answer plainly, keeping the cause', async () => {
    const cause = new TypeError('Failed to fetch');
    const send = reportUnreachableOrgPlainly(() => Promise.reject(cause), ORG_UNREACHABLE_SIGNING_IN);
    const error = (await send('POST', 'https://org.example/idp/idx/identify', {}).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(ORG_UNREACHABLE_SIGNING_IN);
    expect(error.message).not.toMatch(/fetch/i);
    expect(error.cause).toBe(cause);
  });

  it('passes answers and HTTP error answers through untouched', async () => {
    const ok = answer(200, { status: 'ok' });
    const refused = answer(400, { error: 'invalid_grant' });
    const inner = vi.fn().mockResolvedValueOnce(ok).mockRejectedValueOnce(refused);
    const send = reportUnreachableOrgPlainly(inner, ORG_UNREACHABLE_SIGNING_IN);
    await expect(send('GET', 'https://org.example/a', {})).resolves.toBe(ok);
    await expect(send('GET', 'https://org.example/b', {})).rejects.toBe(refused);
    expect(inner).toHaveBeenCalledWith('GET', 'https://org.example/b', {});
  });
});

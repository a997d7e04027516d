/**
 * What a failed sign-in tells the user (and the log), worded from what went wrong, never a stack trace.
 *
 * The middleware's callback (openid-client's passport strategy) hands errors on in two ways:
 *  - the org's OAuth errors named `invalid_*` or `server_error` (from the token endpoint, e.g. a refused
 *    client secret: `invalid_client`), and errors with no OAuth answer at all (the org unreachable, no
 *    sign-in pending in this session) reach the app's error handler: `describeFailure` words them;
 *  - other errors the org sent back to the redirect URI (`access_denied`, …) and answers the app could not
 *    verify (state, nonce, ID token) end as a passport failure, sent to `failureRedirect`: the app reads
 *    the org's error from the callback itself (`authorizeErrorProblem`) and shows `UNVERIFIED` otherwise.
 */
import type { Problem } from './views';

/** openid-client's OPError: an OAuth error answer from the org. */
interface OAuthErrorLike {
  name: string;
  error: string;
  error_description?: string;
}

function isOAuthError(err: unknown): err is OAuthErrorLike {
  return err instanceof Error && err.name === 'OPError' && typeof (err as Partial<OAuthErrorLike>).error === 'string';
}

/** Node's network errors (ECONNREFUSED, ENOTFOUND, …) and openid-client's "outgoing request timed out". */
function isUnreachable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  return (
    (typeof code === 'string' &&
      /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|CERT_|UNABLE_TO|SELF_SIGNED|DEPTH_ZERO)/.test(code)) ||
    /timed out/.test(err.message)
  );
}

export function describeFailure(err: unknown, issuer: string): Problem & { log: string } {
  if (isOAuthError(err)) {
    if (err.error === 'invalid_client') {
      return {
        status: 502,
        title: 'Sign-in failed',
        message: "Sign-in failed: the app's client secret was refused by the org (invalid_client).",
        hint: 'The app’s operator must set WEB_OKTA_CLIENT_SECRET to the client secret of this app in the org.',
        log: `sign-in failed: the org refused the client secret of this app (invalid_client); check WEB_OKTA_CLIENT_SECRET`,
      };
    }
    const detail = err.error_description ? `${err.error_description} (${err.error})` : err.error;
    return {
      status: 502,
      title: 'Sign-in failed',
      message: `Sign-in failed: the org answered ${detail}.`,
      log: `sign-in failed: the org answered ${err.error}`,
    };
  }
  if (isUnreachable(err)) {
    return {
      status: 502,
      title: 'Sign-in failed',
      message: `Sign-in failed: the org at ${issuer} could not be reached. Try again in a moment.`,
      log: `sign-in failed: the org at ${issuer} could not be reached (${(err as NodeJS.ErrnoException).code ?? 'timeout'})`,
    };
  }
  if (err instanceof Error && /did not find expected authorization request details in session/.test(err.message)) {
    return {
      status: 400,
      title: 'Sign-in did not complete',
      message: 'Sign-in did not complete: this answer from the org belongs to no sign-in started here (it may have been used already).',
      hint: 'Start again from Sign in.',
      log: 'sign-in callback without a pending sign-in in this session',
    };
  }
  return {
    status: 500,
    title: 'Something went wrong',
    message: 'Something went wrong on our side. Try again.',
    log: `unexpected error: ${err instanceof Error ? err.name : typeof err}`,
  };
}

/** The org's error, sent back to the redirect URI of a sign-in this session started (its `state`). */
export function authorizeErrorProblem(error: string, description: string | undefined): Problem {
  return {
    status: 400,
    title: 'Sign-in failed',
    message: `Sign-in failed: ${description ? `${description} (${error})` : error}.`,
    ...(error === 'access_denied' ? { hint: 'Ask the org’s administrator to assign you to this app.' } : {}),
  };
}

/** A passport failure whose reason the app can't show: the org's answer did not verify. */
export const UNVERIFIED: Problem = {
  status: 400,
  title: 'Sign-in failed',
  message: 'Sign-in failed: the answer from the org could not be verified.',
  hint: 'Start again from Sign in.',
};

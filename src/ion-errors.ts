/**
 * auth-js's `transformErrorXHR` for the portal's clients. Kept apart from auth-js itself, so a module
 * can install it without pulling in either auth-js entry.
 */

interface ErrorXhr {
  responseText?: unknown;
  responseJSON?: unknown;
  headers?: Record<string, string>;
}

/**
 * The widget installs this kind of transform only on an authClient it creates itself. Okta answers IDX
 * errors as `application/ion+json`, which auth-js does not JSON-parse on the error path; without a
 * parsed `responseJSON`, introspecting an expired transaction throws a bare AuthApiError instead of
 * yielding the IDX error state the widget renders as its "session expired" view.
 */
export function parseIonErrorBody(xhr: object): object {
  const res = xhr as ErrorXhr;
  const contentType = res.headers?.['content-type'] ?? '';
  if (res.responseJSON === undefined && contentType.includes('application/ion+json') && typeof res.responseText === 'string') {
    try {
      res.responseJSON = JSON.parse(res.responseText);
    } catch {
      // Not JSON after all: leave it to auth-js's generic error.
    }
  }
  return res;
}

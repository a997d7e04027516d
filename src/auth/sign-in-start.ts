/**
 * The sign-in page's head start: the IDX transaction begins (`/v1/interact`, then `/idp/idx/introspect`)
 * through the session's IDX client while the Sign-In Widget is still downloading, instead of after.
 * auth-js saves what it got (the transaction meta with its interaction handle, and the first response:
 * `transactionManager.saveIdxResponse`), and the widget, given this client, finds that saved transaction
 * and carries on with it (its `startLoginFlow`: a saved transaction → `idx.proceed`, whose introspect
 * answers from the saved response), so the form shows without a request of its own.
 *
 * The org's diagnosis (org-diagnostics.ts) reads the discovery answer auth-js gets on the way (it needs
 * the org's endpoints before `/v1/interact`), so the page asks for discovery once, not twice.
 *
 * Loaded with the IDX half (session.ts), never on the boot path.
 */
import type { HttpRequestClient } from '@okta/okta-auth-js';
import type { PortalConfig } from '../config';
import {
  answersWithoutCors,
  checkDiscovery,
  discoveryUrl,
  judgeDiscovery,
  type DiscoveryAnswer,
  type OrgProblem,
} from '../org-diagnostics';
import type { IdxClient } from './idx-auth';

export interface SignInStart {
  client: IdxClient;
  /** A transaction was saved before this page began: the widget resumes it (DESIGN: a reload mid-sign-in). */
  resumed: boolean;
  /** Settles once the transaction's first response is saved, or it failed: then the widget may start. */
  ready: Promise<void>;
  /** What is wrong with the org, if anything (never rejects). */
  diagnosis: Promise<OrgProblem | undefined>;
}

export interface SignInStartOptions {
  /**
   * Begin the transaction now. Not for an email's magic link: the widget resumes the transaction of the
   * link's `state`, or shows the code to enter, and a fresh transaction would be in its way.
   */
  begin: boolean;
  /**
   * The org's answer to a discovery GET made before this client existed (session.ts
   * `prefetchDiscovery`): auth-js's own discovery request is answered with it when it was a 2xx JSON
   * document; anything else, and auth-js asks the org itself as it would have.
   */
  discovery?: Promise<Response | undefined>;
}

/**
 * Starts signing in on `client`. The widget that takes the result must be created with this client,
 * after `ready`; one head start is for one widget (a retry takes a new one).
 */
export function startSignIn(
  client: IdxClient,
  config: PortalConfig,
  pageOrigin: string,
  { begin, discovery: early }: SignInStartOptions,
): SignInStart {
  const resumed = client.transactionManager.exists();
  if (!begin || resumed) {
    // The widget makes the first requests itself: check the org alongside, as before the head start.
    // (With the answer to the discovery request made at boot, if there was one: no second request.)
    return { client, resumed, ready: Promise.resolve(), diagnosis: checkDiscovery(config, pageOrigin, early && firstFrom(early)) };
  }
  const restore = early ? answerFirst(client, discoveryUrl(config), early) : () => undefined;
  const discovery = watchDiscovery(client, discoveryUrl(config));
  const started = client.idx.start({ exchangeCodeForTokens: false });
  const diagnosis = started.then(
    () =>
      discovery.answer().then((answer) => (answer ? judgeDiscovery(config, pageOrigin, answer, answersWithoutCors(config)) : undefined)),
    () =>
      // Failed with no discovery request seen: auth-js answered discovery from its cache, so the
      // failure came later (the org went away since?): ask the org directly.
      discovery
        .answer()
        .then((answer) =>
          answer ? judgeDiscovery(config, pageOrigin, answer, answersWithoutCors(config)) : checkDiscovery(config, pageOrigin),
        ),
  );
  void diagnosis.finally(() => {
    discovery.stop();
    restore();
  });
  const ready = started.then(
    () => undefined,
    // Failed: the diagnosis first, so a known cause is shown instead of a widget that fails again.
    () =>
      diagnosis.then(
        () => undefined,
        () => undefined,
      ),
  );
  return { client, resumed, ready, diagnosis: diagnosis.catch(() => undefined) };
}

/**
 * Records the first answer to a GET of `url` that passes through `client`'s HTTP client: the status and
 * body, or that none came. `answer()` is what was recorded so far (undefined: no such request yet).
 */
export function watchDiscovery(client: { options: { httpRequestClient?: HttpRequestClient } }, url: string) {
  const send = client.options.httpRequestClient;
  let recorded: Promise<DiscoveryAnswer> | undefined;
  const watching: HttpRequestClient | undefined =
    send &&
    ((method, requestUrl, options) => {
      const response = send(method, requestUrl, options);
      if (!recorded && method.toUpperCase() === 'GET' && requestUrl === url) {
        recorded = response.then(
          (res) => ({ kind: 'answer', status: res.status, body: bodyOf(res) }),
          // auth-js's client rejects with the response for an HTTP error, with an Error for none.
          (error: unknown) => (isResponse(error) ? { kind: 'answer', status: error.status, body: bodyOf(error) } : { kind: 'no-answer' }),
        );
      }
      return response;
    });
  if (watching) client.options.httpRequestClient = watching;
  return {
    answer: (): Promise<DiscoveryAnswer | undefined> => recorded ?? Promise.resolve(undefined),
    /** Puts the client's HTTP client back (if nothing replaced it since). */
    stop: (): void => {
      if (send && client.options.httpRequestClient === watching) client.options.httpRequestClient = send;
    },
  };
}

/**
 * Answers the first GET of `url` that passes through `client`'s HTTP client with `early`, shaped as
 * auth-js's own fetch client shapes a JSON answer (status, text, JSON, headers), when `early` is a 2xx
 * JSON response; otherwise that request goes out as usual. Returns a function that puts the client's
 * HTTP client back (if nothing replaced it since).
 */
export function answerFirst(
  client: { options: { httpRequestClient?: HttpRequestClient } },
  url: string,
  early: Promise<Response | undefined>,
) {
  const send = client.options.httpRequestClient;
  if (!send) return () => undefined;
  let used = false;
  const answering: HttpRequestClient = (method, requestUrl, options) => {
    if (used || method.toUpperCase() !== 'GET' || requestUrl !== url) return send(method, requestUrl, options);
    used = true;
    return early
      .then(async (res) => {
        if (!res?.ok || !/application\/json/i.test(res.headers.get('Content-Type') ?? '')) return undefined;
        const data = (await res.json()) as unknown;
        if (typeof data !== 'object' || data === null) return undefined;
        return {
          status: res.status,
          responseText: JSON.stringify(data),
          responseType: 'json',
          responseJSON: data,
          headers: Object.fromEntries(res.headers),
        };
      })
      .catch(() => undefined)
      .then((answer) => answer ?? send(method, requestUrl, options));
  };
  client.options.httpRequestClient = answering;
  return (): void => {
    if (client.options.httpRequestClient === answering) client.options.httpRequestClient = send;
  };
}

/** fetch, except that its first CORS request is answered by `early` (when that got an answer). */
function firstFrom(early: Promise<Response | undefined>): (input: string, init?: RequestInit) => Promise<Response> {
  let used = false;
  return (input, init) => {
    if (used || init?.mode) return fetch(input, init);
    used = true;
    return early.then((res) => res ?? fetch(input, init));
  };
}

interface ResponseLike {
  status: number;
  responseText?: string;
  responseJSON?: unknown;
}

function isResponse(value: unknown): value is ResponseLike {
  return typeof value === 'object' && value !== null && typeof (value as { status?: unknown }).status === 'number';
}

function bodyOf(res: ResponseLike): unknown {
  if (res.responseJSON !== undefined) return res.responseJSON;
  try {
    return typeof res.responseText === 'string' ? (JSON.parse(res.responseText) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

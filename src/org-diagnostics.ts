/**
 * Turns "the widget shows an unexpected error" into what is actually wrong with the org settings:
 * an unreachable org, a wrong issuer, a portal origin missing from the org's Trusted Origins, a client
 * id the org doesn't know, a redirect URI that isn't registered. Each message says what to change.
 */
import type { PortalConfig } from './config';

export interface OrgProblem {
  title: string;
  detail: string;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * No answer at all: advice for the situation. The portal built for devorg (it knows devorg's console)
 * needs devorg running; a real org needs the right issuer and a network path to it.
 */
function unreachable(config: PortalConfig, orgOrigin: string): OrgProblem {
  if (config.devorgConsoleUrl) {
    return {
      title: `Can't reach the Okta org at ${orgOrigin}`,
      detail:
        "This portal uses devorg, the local Okta org, and it isn't answering. Start it with npm start (or npm run devorg), then retry.",
    };
  }
  return {
    title: `Can't reach the Okta org at ${orgOrigin}`,
    detail: `Check that VITE_OKTA_ISSUER (${config.issuer}) is your org's issuer and that this computer can reach ${orgOrigin}, then retry.`,
  };
}

/**
 * What the org said to a request for its discovery document: an HTTP answer (its status, and its body
 * parsed as JSON, `undefined` when it isn't JSON), or no answer at all.
 */
export type DiscoveryAnswer = { kind: 'answer'; status: number; body: unknown } | { kind: 'no-answer' };

/**
 * Judges the org's answer to a discovery request, whoever made it: the sign-in page's head start reads
 * the one auth-js makes anyway (auth/sign-in-start.ts), checkDiscovery makes its own. `reachable` is
 * asked only when there was no answer: a CORS refusal and an unreachable host look the same to fetch().
 */
export async function judgeDiscovery(
  config: PortalConfig,
  pageOrigin: string,
  answer: DiscoveryAnswer,
  reachable: () => Promise<boolean>,
): Promise<OrgProblem | undefined> {
  const url = discoveryUrl(config);
  const orgOrigin = new URL(config.issuer).origin;
  if (answer.kind === 'no-answer') {
    return (await reachable())
      ? {
          title: `${orgOrigin} does not accept requests from this portal`,
          detail: `Add ${pageOrigin} as a Trusted Origin with CORS enabled (Admin Console → Security → API → Trusted Origins).`,
        }
      : unreachable(config, orgOrigin);
  }
  if (answer.status === 404) {
    return {
      title: `No authorization server at ${config.issuer}`,
      detail: `The org answered 404 for its discovery document. VITE_OKTA_ISSUER should look like https://{yourOktaDomain}/oauth2/default.`,
    };
  }
  if (answer.status < 200 || answer.status > 299) {
    return { title: `The Okta org answered ${answer.status}`, detail: `Discovery (${url}) failed; try again, or check the org's status.` };
  }
  const doc = answer.body;
  if (typeof doc !== 'object' || doc === null) {
    return {
      title: `${url} is not an Okta discovery document`,
      detail: 'Check VITE_OKTA_ISSUER: it should point at an Okta authorization server.',
    };
  }
  const { issuer } = doc as { issuer?: unknown };
  if (issuer !== config.issuer) {
    return {
      title: 'The issuer does not match',
      detail: `The org calls itself ${String(issuer)}, but VITE_OKTA_ISSUER is ${config.issuer}. Use the org's value exactly (tokens are checked against it).`,
    };
  }
  return undefined;
}

/** Where the org's discovery document is (auth-js's `getWellKnown` asks the same URL). */
export const discoveryUrl = (config: PortalConfig): string => `${config.issuer}/.well-known/openid-configuration`;

/** Whether the org answers at all: an opaque no-cors request succeeds whenever the host answers. */
export const answersWithoutCors =
  (config: PortalConfig, fetchFn: Fetch = (input, init) => fetch(input, init)) =>
  (): Promise<boolean> =>
    fetchFn(discoveryUrl(config), { mode: 'no-cors' }).then(
      () => true,
      () => false,
    );

/**
 * Checks the org's discovery document with a request of its own, for when no head start made one (a
 * resumed sign-in, an email's magic link, or auth-js answering from its cache while the org is down).
 */
export async function checkDiscovery(
  config: PortalConfig,
  pageOrigin: string,
  // Wrapped: a bare `fetch` reference called without `this` throws "Illegal invocation" in browsers.
  fetchFn: Fetch = (input, init) => fetch(input, init),
): Promise<OrgProblem | undefined> {
  let answer: DiscoveryAnswer;
  try {
    const res = await fetchFn(discoveryUrl(config), { headers: { Accept: 'application/json' } });
    answer = { kind: 'answer', status: res.status, body: res.ok ? await res.json().catch(() => undefined) : undefined };
  } catch {
    answer = { kind: 'no-answer' };
  }
  return judgeDiscovery(config, pageOrigin, answer, answersWithoutCors(config, fetchFn));
}

interface OAuthErrorLike {
  errorCode?: unknown;
  errorSummary?: unknown;
  xhr?: { responseJSON?: { error?: unknown; error_description?: unknown } };
}

/** Explains an error from the widget or auth-js when it is a known misconfiguration, else undefined. */
export function explainOrgError(error: unknown, config: PortalConfig): OrgProblem | undefined {
  const e = (error ?? {}) as OAuthErrorLike;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const code = text(e.xhr?.responseJSON?.error) || text(e.errorCode);
  const description = text(e.xhr?.responseJSON?.error_description) || text(e.errorSummary);
  if (code === 'invalid_client') {
    return {
      title: `The org doesn't know the client id ${config.clientId}`,
      detail: 'Set VITE_OKTA_CLIENT_ID to the Client ID of your SPA app integration (Admin Console → Applications → your app → General).',
    };
  }
  if (code === 'invalid_request' && /redirect_uri/i.test(description)) {
    return {
      title: `The redirect URI ${config.redirectUri} is not registered`,
      detail: 'Add it as a Sign-in redirect URI of the app integration (Admin Console → Applications → your app → General → Login).',
    };
  }
  if ((code === 'unauthorized_client' || code === 'access_denied') && /interaction/i.test(description)) {
    return {
      title: 'The Interaction Code grant is not enabled',
      detail: 'Enable Interaction Code for the org (Settings → Account → Embedded widget sign-in support) and as a grant type of the app.',
    };
  }
  if (code === 'invalid_scope') {
    return { title: 'A requested scope is not allowed', detail: `${description} Check VITE_OKTA_SCOPES (${config.scopes.join(' ')}).` };
  }
  return undefined;
}

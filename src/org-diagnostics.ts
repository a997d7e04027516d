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
 * Checks the org's discovery document before the widget starts (in parallel with loading it, so it
 * costs no time). auth-js caches discovery for 24 h, so this is usually the only uncached request.
 */
export async function checkDiscovery(
  config: PortalConfig,
  pageOrigin: string,
  // Wrapped: a bare `fetch` reference called without `this` throws "Illegal invocation" in browsers.
  fetchFn: Fetch = (input, init) => fetch(input, init),
): Promise<OrgProblem | undefined> {
  const url = `${config.issuer}/.well-known/openid-configuration`;
  const orgOrigin = new URL(config.issuer).origin;
  let res: Response;
  try {
    res = await fetchFn(url, { headers: { Accept: 'application/json' } });
  } catch {
    // A CORS refusal and an unreachable host look the same to fetch(); an opaque no-cors request
    // tells them apart: it succeeds whenever the host answers at all.
    const reachable = await fetchFn(url, { mode: 'no-cors' }).then(
      () => true,
      () => false,
    );
    return reachable
      ? {
          title: `${orgOrigin} does not accept requests from this portal`,
          detail: `Add ${pageOrigin} as a Trusted Origin with CORS enabled (Admin Console → Security → API → Trusted Origins).`,
        }
      : unreachable(config, orgOrigin);
  }
  if (res.status === 404) {
    return {
      title: `No authorization server at ${config.issuer}`,
      detail: `The org answered 404 for its discovery document. VITE_OKTA_ISSUER should look like https://{yourOktaDomain}/oauth2/default.`,
    };
  }
  if (!res.ok) {
    return { title: `The Okta org answered ${res.status}`, detail: `Discovery (${url}) failed; try again, or check the org's status.` };
  }
  let doc: { issuer?: unknown; code_challenge_methods_supported?: unknown };
  try {
    doc = (await res.json()) as typeof doc;
  } catch {
    return {
      title: `${url} is not an Okta discovery document`,
      detail: 'Check VITE_OKTA_ISSUER: it should point at an Okta authorization server.',
    };
  }
  if (doc.issuer !== config.issuer) {
    return {
      title: 'The issuer does not match',
      detail: `The org calls itself ${String(doc.issuer)}, but VITE_OKTA_ISSUER is ${config.issuer}. Use the org's value exactly (tokens are checked against it).`,
    };
  }
  return undefined;
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

/**
 * Build-time helpers for vite.config.ts: the portal's Content-Security-Policy and the other security
 * headers its documents are served with (the dev server and `vite preview` send the same set).
 * The Sign-In Widget 7.49 needs neither 'unsafe-inline' nor 'unsafe-eval' (we never set `colors.brand`,
 * which would inject a <style>), so the policy stays strict.
 */

export interface CspOptions {
  /** Origin of the Okta org (issuer origin): XHR for OIDC/IDX, and the hidden iframe of token renewal. */
  orgOrigin?: string;
  /** Origin of the protected API the dashboard calls (VITE_API_URL). */
  apiOrigin?: string;
  /** Vite dev server only: a nonce for the <style> elements Vite injects for imported CSS, and the HMR socket. */
  dev?: { styleNonce: string; hmrOrigins: string[] };
}

export function contentSecurityPolicy({ orgOrigin, apiOrigin, dev }: CspOptions): string {
  const org = orgOrigin ? [orgOrigin] : [];
  const api = apiOrigin && apiOrigin !== orgOrigin ? [apiOrigin] : [];
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", ...(dev ? [`'nonce-${dev.styleNonce}'`] : [])],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...org, ...api, ...(dev?.hmrOrigins ?? [])],
    'frame-src': org.length > 0 ? org : ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/**
 * Every header the portal's responses carry, CSP included: one set for the dev server and `vite preview`
 * (a production host should send the same, plus HSTS over HTTPS; see the README).
 */
export function securityHeaders(csp: CspOptions): Record<string, string> {
  return {
    // Headers, not <meta>: browsers ignore `frame-ancestors` in a meta-tag policy.
    'Content-Security-Policy': contentSecurityPolicy(csp),
    // A response is only ever run or styled as the type it is served as: no sniffing a JSON or text
    // response into script.
    'X-Content-Type-Options': 'nosniff',
    // On the redirect model the callback URL (/login/callback?code=…&state=…, or interaction_code=…)
    // carries one-time codes and state. This policy sends no path or query to another origin (only the
    // origin itself, and nothing at all on a downgrade to http), so they never leak through Referer.
    // Not `no-referrer`: it would buy nothing more here — the org and the API see the portal's origin in
    // CORS's Origin header anyway — and it turns Origin into "null" on form posts and other non-CORS
    // requests, which defeats Origin checks in front of a production host.
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    // `frame-ancestors 'none'` for browsers that predate it (CSP level 2): the portal is never framed;
    // auth-js's hidden renewal iframe loads the org, not the portal.
    'X-Frame-Options': 'DENY',
  };
}

/** The origin of an issuer URL, or undefined when it is not a URL (the portal then shows its config error). */
export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

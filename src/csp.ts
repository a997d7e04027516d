/**
 * Build-time helper for vite.config.ts: the portal's Content-Security-Policy header.
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

/**
 * The protected API's settings, from the environment, validated once at start-up. Defaults point at
 * devorg and the portal on their `npm start` ports; a real Okta org needs only `API_ISSUER`.
 */

export interface ApiConfig {
  /** The authorization server whose access tokens are accepted (its JWKS is `${issuer}/v1/keys`). */
  issuer: string;
  /** Expected `aud` of access tokens (Okta's default custom authorization server uses `api://default`). */
  audience: string;
  /** Scopes every call needs (all of them), checked against the token's `scp`. */
  requiredScopes: string[];
  /** The one browser origin allowed to call the API (CORS). */
  portalOrigin: string;
  host: string;
  port: number;
}

export const API_DEFAULTS = {
  API_ISSUER: 'http://localhost:7070/oauth2/default',
  API_AUDIENCE: 'api://default',
  // A stand-in for a custom scope such as `messages:read`: devorg grants only the standard scopes, and the
  // messages name the caller, which is what `profile` consents to.
  API_REQUIRED_SCOPES: 'profile',
  API_PORTAL_ORIGIN: 'http://localhost:8080',
  API_HOST: '127.0.0.1',
  API_PORT: '8000',
} as const;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export class ApiConfigError extends Error {
  override name = 'ApiConfigError';
}

export function loadApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  const problems: string[] = [];
  const read = (name: keyof typeof API_DEFAULTS) => env[name]?.trim() || API_DEFAULTS[name];

  const issuer = read('API_ISSUER').replace(/\/+$/, '');
  const issuerUrl = parseHttpUrl(issuer);
  if (!issuerUrl) {
    problems.push(`API_ISSUER "${issuer}" is not an absolute http(s) URL, e.g. https://{yourOktaDomain}/oauth2/default`);
  } else if (issuerUrl.protocol === 'http:' && !LOOPBACK.has(issuerUrl.hostname)) {
    problems.push(`API_ISSUER "${issuer}" uses http; only https is accepted, except for localhost (devorg)`);
  }

  const portalOrigin = read('API_PORTAL_ORIGIN').replace(/\/+$/, '');
  const portalUrl = parseHttpUrl(portalOrigin);
  if (!portalUrl || portalUrl.origin !== portalOrigin) {
    problems.push(`API_PORTAL_ORIGIN "${portalOrigin}" must be an origin (scheme, host and port only), e.g. http://localhost:8080`);
  }

  const requiredScopes = read('API_REQUIRED_SCOPES')
    .split(/[\s,]+/)
    .filter(Boolean);
  const port = Number(read('API_PORT'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`API_PORT must be a port number, got "${read('API_PORT')}"`);

  const host = read('API_HOST');
  // Like devorg: a development API listens on loopback unless told otherwise.
  if (!LOOPBACK.has(host) && env.API_ALLOW_REMOTE !== '1') {
    problems.push(`API_HOST "${host}" is not loopback; set API_ALLOW_REMOTE=1 to expose the API`);
  }

  if (problems.length > 0) throw new ApiConfigError(`API configuration: ${problems.join('; ')}`);
  return { issuer, audience: read('API_AUDIENCE'), requiredScopes, portalOrigin, host, port };
}

/** Plain http is only ever allowed for a local issuer; jwt-verifier needs to be told so explicitly. */
export function isLocalHttp(issuer: string): boolean {
  const url = parseHttpUrl(issuer);
  return url?.protocol === 'http:' && LOOPBACK.has(url.hostname);
}

function parseHttpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

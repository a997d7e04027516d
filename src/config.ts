/**
 * The portal's settings, validated once at boot. A bad value becomes a list of actionable problems that
 * the portal shows on the page, instead of a blank page or an opaque error deep inside auth-js.
 */

export const TOKEN_STORAGES = ['localStorage', 'sessionStorage', 'memory'] as const;
export type TokenStorage = (typeof TOKEN_STORAGES)[number];

/**
 * How "Sign in" works: `embedded`, the Sign-In Widget on the portal's own /login page (interaction code
 * flow); or `redirect`, the org's own sign-in page (auth-js `signInWithRedirect()`, authorization code
 * flow with PKCE), which comes back to /login/callback. Everything after sign-in is the same.
 */
export const SIGN_IN_MODES = ['embedded', 'redirect'] as const;
export type SignInMode = (typeof SIGN_IN_MODES)[number];

export interface PortalConfig {
  issuer: string;
  clientId: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  scopes: string[];
  tokenStorage: TokenStorage;
  signIn: SignInMode;
  /** Set when the org is devorg, the local Okta org: its console shows the codes it "sends". */
  devorgConsoleUrl?: string;
  /** Base URL of the protected API the dashboard calls with the access token; no Messages without it. */
  apiUrl?: string;
}

export type ConfigResult = { ok: true; config: PortalConfig } | { ok: false; problems: string[] };

const ISSUER_FORM = 'https://{yourOktaDomain}/oauth2/default';
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);
const CALLBACK_PATH = '/login/callback';
/**
 * `offline_access` gets a (rotating) refresh token, so auth-js renews with a plain token request. Without
 * it, auth-js falls back to a hidden-iframe /v1/authorize that needs third-party cookies. On a real org,
 * the app must allow the Refresh Token grant.
 */
export const DEFAULT_SCOPES = 'openid profile email offline_access';

export function resolveConfig(env: Record<string, string | undefined>, origin: string): ConfigResult {
  const problems: string[] = [];
  const read = (name: string) => env[name]?.trim() ?? '';

  const issuer = checkIssuer(read('VITE_OKTA_ISSUER'), problems);
  const clientId = checkClientId(read('VITE_OKTA_CLIENT_ID'), problems);
  const redirectUri = checkRedirectUri(read('VITE_OKTA_REDIRECT_URI') || `${origin}${CALLBACK_PATH}`, origin, problems);
  const scopes = checkScopes(read('VITE_OKTA_SCOPES') || DEFAULT_SCOPES, problems);
  const tokenStorage = checkTokenStorage(read('VITE_OKTA_TOKEN_STORAGE') || 'localStorage', problems);
  const signIn = checkSignInMode(read('VITE_OKTA_SIGN_IN') || 'embedded', problems);
  const devorgUrl = read('VITE_DEVORG_URL');
  const devorgConsoleUrl = devorgUrl ? checkDevorgUrl(devorgUrl, problems) : undefined;
  const apiUrlValue = read('VITE_API_URL');
  const apiUrl = apiUrlValue ? checkApiUrl(apiUrlValue, problems) : undefined;

  if (problems.length > 0 || !issuer || !clientId || !redirectUri || !tokenStorage || !signIn) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    config: {
      issuer,
      clientId,
      redirectUri,
      postLogoutRedirectUri: `${origin}/`,
      scopes,
      tokenStorage,
      signIn,
      ...(devorgConsoleUrl ? { devorgConsoleUrl } : {}),
      ...(apiUrl ? { apiUrl } : {}),
    },
  };
}

/** `resolveConfig` for the running page: Vite env (see vite.config.ts for the devorg defaults). */
export function loadConfig(): ConfigResult {
  // Each variable spelled out: Vite replaces `import.meta.env.NAME` statically, including the defaults it defines.
  const env = {
    VITE_OKTA_ISSUER: import.meta.env.VITE_OKTA_ISSUER,
    VITE_OKTA_CLIENT_ID: import.meta.env.VITE_OKTA_CLIENT_ID,
    VITE_OKTA_REDIRECT_URI: import.meta.env.VITE_OKTA_REDIRECT_URI,
    VITE_OKTA_SCOPES: import.meta.env.VITE_OKTA_SCOPES,
    VITE_OKTA_TOKEN_STORAGE: import.meta.env.VITE_OKTA_TOKEN_STORAGE,
    VITE_OKTA_SIGN_IN: import.meta.env.VITE_OKTA_SIGN_IN,
    VITE_DEVORG_URL: import.meta.env.VITE_DEVORG_URL,
    VITE_API_URL: import.meta.env.VITE_API_URL,
  };
  return resolveConfig(env, window.location.origin);
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function checkIssuer(value: string, problems: string[]): string | undefined {
  if (!value) {
    problems.push(
      `VITE_OKTA_ISSUER is not set. Set it to your authorization server's issuer, of the form ${ISSUER_FORM} ` +
        '(Okta Admin Console › Security › API › Authorization Servers), or leave it unset to use devorg.',
    );
    return undefined;
  }
  const url = parseUrl(value);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    problems.push(`VITE_OKTA_ISSUER "${value}" is not an absolute http(s) URL. Expected the form ${ISSUER_FORM}.`);
    return undefined;
  }
  const before = problems.length;
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) {
    problems.push(
      `VITE_OKTA_ISSUER "${value}" uses http. Okta orgs are only served over https; plain http is accepted ` +
        'for localhost and 127.0.0.1 only (devorg).',
    );
  }
  // Suggestions use the org's own domain: the Admin Console's "-admin" one is never an issuer.
  const suggestion = `${url.origin.replace('-admin.', '.')}/oauth2/default`;
  if (url.hostname.includes('-admin.')) {
    problems.push(
      `VITE_OKTA_ISSUER "${value}" points at the Admin Console domain. Use the org domain without "-admin", ` + `e.g. ${suggestion}.`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    problems.push(`VITE_OKTA_ISSUER "${value}" must not contain credentials, a query string or a fragment.`);
  }
  // Trailing slashes are a common copy-paste artefact; auth-js compares issuers as strings, so normalise.
  const path = url.pathname.replace(/\/+$/, '');
  if (!/^\/oauth2\/[^/]+$/.test(path)) {
    problems.push(
      path === ''
        ? `VITE_OKTA_ISSUER "${value}" is the org URL, not an authorization server. Expected the form ` +
            `${ISSUER_FORM}, e.g. ${suggestion}.`
        : `VITE_OKTA_ISSUER "${value}" does not look like an issuer (path "${path}"). Expected the form ` +
            `${ISSUER_FORM}, e.g. ${suggestion}; endpoint URLs such as …/v1/authorize are not issuers.`,
    );
  }
  return problems.length === before ? `${url.origin}${path}` : undefined;
}

function checkClientId(value: string, problems: string[]): string | undefined {
  if (!value) {
    problems.push(
      'VITE_OKTA_CLIENT_ID is not set. Copy the Client ID of your Single-Page App integration ' +
        '(Okta Admin Console › Applications › your app › General).',
    );
    return undefined;
  }
  if (/\s/.test(value)) {
    problems.push(`VITE_OKTA_CLIENT_ID "${value}" contains whitespace; a client ID is a single word such as 0oa1b2c3d4EXAMPLE697.`);
    return undefined;
  }
  if (!/^[A-Za-z0-9._~-]+$/.test(value)) {
    problems.push(
      `VITE_OKTA_CLIENT_ID "${value}" contains characters a client ID never has; copy the Client ID ` +
        '(not a URL or a secret) from your app integration.',
    );
    return undefined;
  }
  return value;
}

function checkRedirectUri(value: string, origin: string, problems: string[]): string | undefined {
  const url = parseUrl(value);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    problems.push(`VITE_OKTA_REDIRECT_URI "${value}" is not an absolute URL. Expected ${origin}${CALLBACK_PATH}.`);
    return undefined;
  }
  if (url.origin !== origin) {
    problems.push(
      `VITE_OKTA_REDIRECT_URI "${value}" is not on this page's origin (${origin}). The widget's embedded flow ` +
        'sends it to /v1/interact and /v1/token, and Okta only accepts it when it is registered as a Sign-in ' +
        `redirect URI of the app; the portal handles it itself, so use ${origin}${CALLBACK_PATH} and register that.`,
    );
    return undefined;
  }
  if (url.pathname !== CALLBACK_PATH) {
    problems.push(
      `VITE_OKTA_REDIRECT_URI "${value}" must have the path ${CALLBACK_PATH}, the route where the portal ` +
        'completes redirect-based sign-ins.',
    );
    return undefined;
  }
  return url.href;
}

function checkScopes(value: string, problems: string[]): string[] {
  const scopes = [...new Set(value.split(/[\s,]+/).filter(Boolean))];
  if (!scopes.includes('openid')) {
    problems.push(
      `VITE_OKTA_SCOPES "${value}" must include openid: the portal shows the user from the ID token, ` +
        'which is only issued for openid. Example: "openid profile email".',
    );
  }
  return scopes;
}

function checkTokenStorage(value: string, problems: string[]): TokenStorage | undefined {
  const storage = TOKEN_STORAGES.find((s) => s === value);
  if (!storage) {
    problems.push(`VITE_OKTA_TOKEN_STORAGE "${value}" is not supported; use one of ${TOKEN_STORAGES.join(', ')}.`);
  }
  return storage;
}

function checkSignInMode(value: string, problems: string[]): SignInMode | undefined {
  const mode = SIGN_IN_MODES.find((m) => m === value.toLowerCase());
  if (!mode) {
    problems.push(
      `VITE_OKTA_SIGN_IN "${value}" is not a sign-in mode; use embedded (the Sign-In Widget on this portal's page, ` +
        "the default) or redirect (your org's own sign-in page, then back to /login/callback).",
    );
  }
  return mode;
}

function checkDevorgUrl(value: string, problems: string[]): string | undefined {
  const url = parseUrl(value);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    problems.push(`VITE_DEVORG_URL "${value}" is not an absolute http(s) URL, e.g. http://localhost:7070.`);
    return undefined;
  }
  return `${url.origin}/dev/console`;
}

function checkApiUrl(value: string, problems: string[]): string | undefined {
  const url = parseUrl(value);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username || url.password) {
    problems.push(`VITE_API_URL "${value}" is not an absolute http(s) URL without query or credentials, e.g. http://localhost:8000.`);
    return undefined;
  }
  // The portal sends the access token there: never in clear text over a network.
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) {
    problems.push(`VITE_API_URL "${value}" uses http; the access token is sent there, so use https (http only for localhost).`);
    return undefined;
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

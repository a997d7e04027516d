/**
 * devorg's org settings: the OIDC app, trusted origins, token lifetimes, policies and the demo user.
 *
 * Everything an Okta admin would click together in the Admin Console is data here, with safe defaults.
 * A JSON file named by `DEVORG_CONFIG` is deep-merged over the defaults; a few environment variables
 * (port, portal origin, data dir) override both so e2e runs can start an isolated org. The result is
 * checked against a strict schema of `OrgConfig` (`orgConfigSchema`): a wrong type, a value out of
 * range or an unknown key (a typo) is an error, and start-up names every one of them at once.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { deliveringKeys } from './authenticators';
import { AUTHENTICATOR_KEYS, type AuthenticatorKey } from './authenticators/types';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './rate-limit';
import { problemsOf } from './validation';

/** Okta's OIDC application types (`settings.oauthClient.application_type`). */
export const APP_TYPES = ['browser', 'web', 'service', 'native'] as const;
export type AppType = (typeof APP_TYPES)[number];

/**
 * How the app authenticates at the token, introspect and revoke endpoints. `none` is a public client
 * (PKCE proves the rest); the two secret methods say where the secret is sent. Okta's Admin Console
 * offers one "Client secret" choice, and Okta accepts the secret in either place for such an app.
 */
export const CLIENT_AUTH_METHODS = ['none', 'client_secret_basic', 'client_secret_post'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

/** The grants an app may be allowed (Okta's `grant_types`); the token endpoint refuses the others with `unauthorized_client`. */
export const GRANT_TYPES = ['interaction_code', 'authorization_code', 'refresh_token', 'client_credentials'] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/** One OIDC app integration of the org (Okta's application model, as data). */
export interface OidcAppConfig {
  /** Okta-style client id (`0oa…`); also the app's id in `/api/v1/apps`. */
  clientId: string;
  label: string;
  type: AppType;
  tokenEndpointAuthMethod: ClientAuthMethod;
  /**
   * The client secret of a confidential app, in plain text, when the config or the environment
   * (`DEVORG_CLIENT_SECRET_<clientId>`) gives it. Null: devorg generates one on first start, prints it
   * once, and keeps only its digest (`ctx.apps`). Never kept for a public app.
   */
  clientSecret: string | null;
  grantTypes: GrantType[];
  /** Exact-match redirect URIs (Okta compares the full string). */
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Scopes the app may request. */
  scopes: string[];
  /**
   * Who may sign in to the app: every user of the org (Okta: the app assigned to the Everyone group),
   * or only users assigned to it (`/api/v1/apps/{id}/users`); anyone else gets `security.access_denied`.
   */
  assignment: 'everyone' | 'assigned';
}

/** A custom scope of the authorization server (Okta's Scopes tab), e.g. `messages:read` for a service app. */
export interface CustomScope {
  name: string;
  description: string;
}

export interface PasswordPolicy {
  minLength: number;
  minLowerCase: number;
  minUpperCase: number;
  minNumber: number;
  minSymbol: number;
  excludeUsername: boolean;
  excludeAttributes: string[];
  /** Common passwords are refused (Okta's "Restrict use of common passwords"). */
  blockCommon: boolean;
  /** How many previous passwords can't be reused. */
  historyCount: number;
  /** Consecutive wrong passwords before the account is locked (0 = never). */
  lockoutAttempts: number;
  /**
   * Okta's "Show lock out failures" (`lockout.showLockoutFailures` in its password policy API), off by
   * default as on Okta: a locked-out account then answers a sign-in exactly as an unknown username
   * does ("Password is incorrect"), so a lockout doesn't reveal that the account exists. On: Okta's
   * "Your account is locked. Please contact your administrator."
   */
  showLockoutFailures: boolean;
  /**
   * Self-service password recovery ("Forgot password?"): the authenticators that may prove who is
   * recovering, among those the user has (Okta's password policy rule "Users can initiate
   * self-service recovery" with its recovery authenticators). Empty = recovery is not allowed.
   */
  recoveryAuthenticators: AuthenticatorKey[];
  /** A completed recovery also unlocks a LOCKED_OUT account (Okta's "Users can perform self-service unlock"). */
  recoveryUnlocks: boolean;
}

/**
 * A policy rule with a group condition: users in any of `groups` (group names) get its `enrollment`
 * (Okta's authenticator enrollment policy) and/or its `signOn` (Okta's authentication policy) instead of
 * the default. Registration is not by group: a new user is in no group yet.
 */
export interface PolicyRuleConfig {
  name: string;
  /** 1 is evaluated first; unique within the rules. */
  priority: number;
  groups: string[];
  enrollment?: { required: AuthenticatorKey[]; optional: AuthenticatorKey[] };
  signOn?: { secondFactor: boolean; passwordless?: boolean };
}

/** One attribute of the self-service registration form (Okta's profile enrollment policy). */
export interface ProfileAttribute {
  /** Profile attribute name (`email`, `firstName`, …); `email` is always collected and becomes the login. */
  name: string;
  label: string;
  required: boolean;
  maxLength: number;
}

/** One-time codes sent by email (and SMS): lifetime and how often one may be re-sent. */
export interface CodePolicy {
  lifetimeSeconds: number;
  /** Sends per authenticator per transaction (first send included) before "Too many requests". */
  maxSends: number;
  /** Wrong answers to one code before it stops being accepted (a new code must be sent). */
  maxFailures: number;
  /** How often the widget polls while the code form is open (Okta sends 4000). */
  pollMs: number;
}

export interface SessionPolicy {
  /** Okta's default global session policy: 2 hours idle. */
  maxIdleMinutes: number;
  /** Absolute limit of a session from sign-in (browser-session cookie). */
  maxLifetimeMinutes: number;
  /** Lifetime of a "Keep me signed in" session and its persistent cookie. */
  persistentDays: number;
}

export interface UserSeed {
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  password: string;
}

/**
 * A custom claim of the authorization server, as Okta's Claim object spells it (Security › API ›
 * Authorization Servers › Claims; the SDK's `OAuth2Claim`). devorg knows the `GROUPS` value type: the
 * names of the user's groups that pass the filter (`REGEX` must match the whole name, as Okta's does).
 */
export interface OAuth2ClaimConfig {
  name: string;
  /** INACTIVE claims are kept but never issued. Default ACTIVE. */
  status?: 'ACTIVE' | 'INACTIVE';
  /** `IDENTITY`: the ID token (and userinfo); `RESOURCE`: the access token. */
  claimType: 'IDENTITY' | 'RESOURCE';
  valueType: 'GROUPS';
  group_filter_type: 'EQUALS' | 'STARTS_WITH' | 'CONTAINS' | 'REGEX';
  /** The string the group names are matched with (`.*` with REGEX: every group). */
  value: string;
  /**
   * ID-token claims only (access-token claims are always included): false leaves the claim out of an
   * ID token issued together with an access token — every token devorg issues — so only userinfo has it.
   * Default true.
   */
  alwaysIncludeInToken?: boolean;
  /** Issued only when one of these scopes is granted; absent or empty: any scope (Okta's "Any scope"). */
  conditions?: { scopes: string[] };
}

export interface OrgConfig {
  /** Host devorg binds to. Loopback unless `allowRemote` says otherwise. */
  host: string;
  port: number;
  /**
   * Serve over HTTPS with a local CA and a localhost certificate made on first start and kept in
   * `dataDir/tls/` (devorg/tls). The public origin then defaults to `https://localhost:<port>`. Off by
   * default: `npm start` stays on http.
   */
  https: boolean;
  /** Public origin used in the issuer and every href (what browsers and SDKs see). */
  publicOrigin: string;
  /** Authorization server id; the issuer is `${publicOrigin}/oauth2/${authServerId}`. */
  authServerId: string;
  allowRemote: boolean;
  /** Directory for the SQLite file and keys; git-ignored. */
  dataDir: string;
  orgName: string;
  /** The org's OIDC apps; the portal's SPA (`PORTAL_CLIENT_ID`) is the first of the defaults. */
  apps: OidcAppConfig[];
  /** Custom scopes of the authorization server, beyond OpenID Connect's (`openid profile email …`). */
  customScopes: CustomScope[];
  /** Origins allowed to make credentialed CORS calls (Okta's Trusted Origins). */
  trustedOrigins: string[];
  /** SSWS API tokens accepted by the management API. */
  apiTokens: string[];
  tokens: {
    accessTokenSeconds: number;
    idTokenSeconds: number;
    /** A refresh token unused for this long expires; each rotation starts a new idle window. */
    refreshTokenIdleSeconds: number;
    /**
     * Absolute lifetime of a refresh-token family from sign-in; rotation never extends it. Null is
     * Okta's default for custom authorization servers: unlimited (only the idle rule applies).
     */
    refreshTokenLifetimeSeconds: number | null;
    /**
     * How long a rotated-out refresh token is still accepted (Okta's "Grace period for token
     * rotation": 0–60 s, default 30 s). It absorbs a retried or duplicated renew; a reuse after it
     * revokes the whole family.
     */
    refreshTokenGraceSeconds: number;
    interactionCodeSeconds: number;
    /** How long an IDX transaction (interaction handle + state handle) lives. */
    transactionSeconds: number;
    /** Audience of access tokens, as on Okta's default custom authorization server. */
    audience: string;
  };
  passwordPolicy: PasswordPolicy;
  /**
   * scrypt cost parameter N (power of two). Production-like default; the e2e profile lowers it so a
   * test suite that creates a user per test stays fast. Stored hashes carry their own N.
   */
  passwordHashCost: number;
  policies: {
    /** "Sign up" is offered (`select-enroll-profile`) and `/idp/idx/enroll` is accepted. */
    registration: boolean;
    /** The registration form, in order. */
    profileAttributes: ProfileAttribute[];
    /**
     * Profile enrollment policy: authenticators every user must set up (in this order), and those
     * offered afterwards with "Set up later". Keys this org has no module for are ignored.
     */
    enrollment: { required: AuthenticatorKey[]; optional: AuthenticatorKey[] };
    /**
     * Sign-on policy: every sign-in needs the password plus one more factor. `passwordOnIdentify` asks
     * for the password on the identify form (Okta's identify-with-password page, which carries the
     * "Forgot password?" link there) instead of identifier first; off by default. `passwordless`: a
     * user with a passkey may sign in with it alone (Okta's "any 1 factor" rule with a phishing-resistant
     * possession factor): after the identifier, the choice of the passkey or the password; off by default.
     */
    signOn: { secondFactor: boolean; passwordOnIdentify?: boolean; passwordless?: boolean };
    /**
     * Rules for members of groups, evaluated before the settings above (which are each policy's
     * default rule), as Okta's authenticator enrollment and sign-on policies evaluate their rules:
     * by priority, the first whose group condition matches wins, for each policy on its own.
     */
    rules: PolicyRuleConfig[];
  };
  /** Email and SMS one-time codes. */
  codes: CodePolicy;
  /**
   * The org session (Okta's global session policy) that a completed sign-in leaves in the browser as the
   * `idx` cookie. Without "Keep me signed in" it is a browser-session cookie and the session ends after
   * `maxIdleMinutes` without use or `maxLifetimeMinutes` after sign-in, whichever comes first; with it the
   * cookie and the session last `persistentDays`.
   */
  session: SessionPolicy;
  demoUser: UserSeed | null;
  /**
   * Dev/test only: `/dev/api/clock` (SSWS-protected) moves devorg's clock forward, so expiry rules can be
   * exercised without waiting. Off by default; never enable it on an org others rely on.
   */
  clockControl: boolean;
  /** Requests per minute per client IP for each endpoint group (Okta-style; 429 when exceeded). */
  rateLimits: RateLimits;
  /** Custom claims of the authorization server `authServerId` (e.g. a `groups` claim); none by default. */
  claims: OAuth2ClaimConfig[];
  /**
   * The passkey authenticator's settings (Okta: Security → Authenticators → Passkey (FIDO2 WebAuthn)).
   * `userVerification` is asked of the browser and, when `required`, checked in every answer; `rpId`
   * (null: the host of `publicOrigin`, as Okta uses its org domain) must be the portal's host or a suffix of it.
   */
  webauthn: { userVerification: 'required' | 'preferred' | 'discouraged'; rpId: string | null };
  /** The System Log (`/api/v1/logs`): how long events are kept, and at most how many (oldest go first). */
  systemLog: { retentionDays: number; maxEvents: number };
  /**
   * Event hook deliveries: Okta waits 3 s for the receiver and retries a failed delivery once
   * (`maxAttempts` 2); later attempts wait `retryDelayMs`, doubled each time. `maxDeliveries`
   * attempts are kept for the dev API.
   */
  eventHooks: { timeoutMs: number; maxAttempts: number; retryDelayMs: number; maxDeliveries: number };
}

export function defaultConfig(): OrgConfig {
  const port = 7070;
  const portalOrigin = 'http://localhost:8080';
  return {
    host: '127.0.0.1',
    port,
    https: false,
    publicOrigin: `http://localhost:${port}`,
    authServerId: 'default',
    allowRemote: false,
    dataDir: '.devorg',
    orgName: 'devorg',
    apps: [portalAppFor(portalOrigin), localWebApp()],
    customScopes: [],
    trustedOrigins: [portalOrigin],
    apiTokens: ['00devorg-local-api-token-not-a-secret'],
    tokens: {
      accessTokenSeconds: 3600,
      idTokenSeconds: 3600,
      refreshTokenIdleSeconds: 7 * 24 * 3600,
      refreshTokenLifetimeSeconds: null,
      refreshTokenGraceSeconds: 30,
      interactionCodeSeconds: 60,
      transactionSeconds: 10 * 60,
      audience: 'api://default',
    },
    passwordPolicy: {
      minLength: 8,
      minLowerCase: 1,
      minUpperCase: 1,
      minNumber: 1,
      minSymbol: 0,
      excludeUsername: true,
      excludeAttributes: ['firstName', 'lastName'],
      blockCommon: true,
      historyCount: 4,
      lockoutAttempts: 10,
      showLockoutFailures: false,
      recoveryAuthenticators: ['okta_email', 'phone_number'],
      recoveryUnlocks: true,
    },
    passwordHashCost: 2 ** 15,
    policies: {
      registration: true,
      profileAttributes: [
        { name: 'email', label: 'Email', required: true, maxLength: 100 },
        { name: 'firstName', label: 'First name', required: true, maxLength: 50 },
        { name: 'lastName', label: 'Last name', required: true, maxLength: 50 },
      ],
      enrollment: { required: ['okta_password', 'okta_email'], optional: ['google_otp', 'phone_number', 'security_question', 'webauthn'] },
      signOn: { secondFactor: true },
      rules: [],
    },
    codes: { lifetimeSeconds: 5 * 60, maxSends: 5, maxFailures: 5, pollMs: 4000 },
    session: { maxIdleMinutes: 120, maxLifetimeMinutes: 24 * 60, persistentDays: 7 },
    demoUser: {
      login: 'demo@devorg.test',
      email: 'demo@devorg.test',
      firstName: 'Dana',
      lastName: 'Demo',
      password: 'Portal-Passw0rd!',
    },
    clockControl: false,
    rateLimits: { ...DEFAULT_RATE_LIMITS },
    claims: [],
    webauthn: { userVerification: 'preferred', rpId: null },
    // Okta keeps 90 days of System Log.
    systemLog: { retentionDays: 90, maxEvents: 100_000 },
    eventHooks: { timeoutMs: 3000, maxAttempts: 2, retryDelayMs: 1000, maxDeliveries: 1000 },
  };
}

/** The client id of the portal's own app, the one app every org has. */
export const PORTAL_CLIENT_ID = '0oadevorgportal00001';

/** OpenID Connect's scopes, which every authorization server has; custom scopes come from the config. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'groups'] as const;

/**
 * What an app of each type gets unless its entry says otherwise, as Okta's "Create App Integration"
 * sets it up: a browser or native app is a public client with PKCE, a web app a confidential one, a
 * service app (machine to machine) has only client credentials and no user scopes.
 */
const APP_DEFAULTS: Record<AppType, Omit<OidcAppConfig, 'clientId' | 'label' | 'type'>> = {
  browser: {
    tokenEndpointAuthMethod: 'none',
    clientSecret: null,
    grantTypes: ['interaction_code', 'authorization_code', 'refresh_token'],
    redirectUris: [],
    postLogoutRedirectUris: [],
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    assignment: 'everyone',
  },
  native: {
    tokenEndpointAuthMethod: 'none',
    clientSecret: null,
    grantTypes: ['interaction_code', 'authorization_code', 'refresh_token'],
    redirectUris: [],
    postLogoutRedirectUris: [],
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    assignment: 'everyone',
  },
  web: {
    tokenEndpointAuthMethod: 'client_secret_basic',
    clientSecret: null,
    grantTypes: ['authorization_code', 'refresh_token'],
    redirectUris: [],
    postLogoutRedirectUris: [],
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    assignment: 'everyone',
  },
  service: {
    tokenEndpointAuthMethod: 'client_secret_basic',
    clientSecret: null,
    grantTypes: ['client_credentials'],
    redirectUris: [],
    postLogoutRedirectUris: [],
    scopes: [],
    assignment: 'everyone',
  },
};

function portalAppFor(portalOrigin: string): OidcAppConfig {
  return {
    clientId: PORTAL_CLIENT_ID,
    label: 'Embedded Sign-In Portal',
    type: 'browser',
    ...APP_DEFAULTS.browser,
    redirectUris: [`${portalOrigin}/login/callback`],
    postLogoutRedirectUris: [`${portalOrigin}/`],
  };
}

/** The client id of the server-side web app (web/) that `npm start` runs on http://localhost:3000. */
export const WEB_APP_CLIENT_ID = '0oadevorgwebapp00001';

/**
 * The local web app (web/, Express + @okta/oidc-middleware): a confidential app with the middleware's
 * default routes. Its secret comes from `DEVORG_CLIENT_SECRET_0oadevorgwebapp00001` (`npm start` keeps one
 * per data dir), else devorg generates one on the org's first start and prints it once.
 */
function localWebApp(): OidcAppConfig {
  return {
    clientId: WEB_APP_CLIENT_ID,
    label: 'Web app (Express)',
    type: 'web',
    ...APP_DEFAULTS.web,
    redirectUris: ['http://localhost:3000/authorization-code/callback'],
    postLogoutRedirectUris: ['http://localhost:3000/'],
  };
}

/** An app entry of a config file, completed with its type's defaults (a browser app when it names none). */
function withAppDefaults(entry: unknown): unknown {
  if (!isPlainObject(entry)) return entry;
  const type = typeof entry.type === 'string' && Object.hasOwn(APP_DEFAULTS, entry.type) ? (entry.type as AppType) : 'browser';
  return { type, ...APP_DEFAULTS[type], ...entry };
}

/** The portal's app: the one with `PORTAL_CLIENT_ID`, else the first (an org file may list its own). */
export function portalApp(cfg: Pick<OrgConfig, 'apps'>): OidcAppConfig {
  const app = cfg.apps.find((a) => a.clientId === PORTAL_CLIENT_ID) ?? cfg.apps[0];
  if (!app) throw new ConfigError('devorg config: apps must list at least one app');
  return app;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge<T>(base: T, over: unknown): T {
  if (!isPlainObject(over) || !isPlainObject(base)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    // Defined, not assigned: a `__proto__` key in the file stays a key (and the schema names it) instead of replacing the prototype.
    const value = Object.hasOwn(out, k) ? deepMerge(out[k], v) : v;
    Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  }
  return out as T;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Builds the effective config: defaults ← JSON file (`DEVORG_CONFIG`) ← overrides ← env.
 * `DEVORG_PORTAL_ORIGIN` re-derives the app's redirect URIs and trusted origins for that portal.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: DeepPartial<OrgConfig> = {}): OrgConfig {
  let cfg = defaultConfig();
  if (env.DEVORG_CONFIG) {
    const file = resolve(env.DEVORG_CONFIG);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ConfigError(`DEVORG_CONFIG=${file}: ${(err as Error).message}`);
    }
    if (!isPlainObject(parsed)) throw new ConfigError(`DEVORG_CONFIG=${file}: expected a JSON object of settings`);
    cfg = deepMerge(cfg, parsed);
  }
  cfg = deepMerge(cfg, overrides);
  if (Array.isArray(cfg.apps)) cfg.apps = cfg.apps.map(withAppDefaults) as OidcAppConfig[];
  if (env.DEVORG_PORT) {
    const port = envPort.safeParse(env.DEVORG_PORT);
    if (!port.success) throw new ConfigError(`DEVORG_PORT must be a port number, got "${env.DEVORG_PORT}"`);
    cfg.port = port.data;
    cfg.publicOrigin = `http://localhost:${port.data}`;
  }
  if (env.DEVORG_PUBLIC_ORIGIN) cfg.publicOrigin = env.DEVORG_PUBLIC_ORIGIN.replace(/\/+$/, '');
  if (env.DEVORG_PORTAL_ORIGIN) {
    const origin = env.DEVORG_PORTAL_ORIGIN.replace(/\/+$/, '');
    // The portal's app, if usable: a wrong one in the file is reported as such, not as its missing members.
    if (Array.isArray(cfg.apps)) {
      const derived = pick(portalAppFor(origin), 'redirectUris', 'postLogoutRedirectUris');
      cfg.apps = cfg.apps.map(
        (a: unknown) => (isPlainObject(a) && a.clientId === PORTAL_CLIENT_ID ? { ...a, ...derived } : a) as OidcAppConfig,
      );
    }
    cfg.trustedOrigins = [origin];
  }
  // `DEVORG_CLIENT_SECRET_<clientId>` gives a confidential app its secret without writing it into a file.
  if (Array.isArray(cfg.apps)) {
    cfg.apps = cfg.apps.map((a: unknown) => {
      const secret = isPlainObject(a) && typeof a.clientId === 'string' ? env[`DEVORG_CLIENT_SECRET_${a.clientId}`] : undefined;
      return (secret ? { ...(a as object), clientSecret: secret } : a) as OidcAppConfig;
    });
  }
  if (env.DEVORG_DATA_DIR) cfg.dataDir = env.DEVORG_DATA_DIR;
  if (env.DEVORG_HOST) cfg.host = env.DEVORG_HOST;
  if (env.DEVORG_ALLOW_REMOTE === '1') cfg.allowRemote = true;
  if (env.DEVORG_HTTPS === '1') cfg.https = true;
  // HTTPS turns the default origin (the one derived from the port) into https; a publicOrigin that was
  // set to something else stays as given.
  if (cfg.https === true && cfg.publicOrigin === `http://localhost:${cfg.port}`) cfg.publicOrigin = `https://localhost:${cfg.port}`;
  validate(cfg);
  return cfg;
}

/** `DEVORG_PORT`, read as `Number()` reads it. */
const envPort = z.coerce.number().pipe(z.int().min(1).max(65535));

function pick<T, K extends keyof T>(obj: T, ...keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = obj[k];
  return out;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const positive = () => z.number().positive();
/** A count that may be zero (password rules, lockout attempts). */
const count = () => z.int().min(0);
/** An object whose keys are exactly these: an unknown one is most likely a typo. */
const settings = z.strictObject;

const authenticatorKey = z.enum(AUTHENTICATOR_KEYS, {
  error: (iss) => (iss.code === 'invalid_value' ? `unknown authenticator ${JSON.stringify(iss.input)}` : undefined),
});

function isUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

const isPowerOfTwo = (n: number) => n >= 2 && (n & (n - 1)) === 0;

const HISTORY = 'must be 0–24 (as on Okta)';
const GRACE = 'must be 0–60 (as on Okta)';
const HASH_COST = 'must be a power of two';
const LIFETIME = 'must be positive or null (unlimited)';

/** One app; the rules that tie its fields together are refinements, named like any other problem. */
const appSchema = settings({
  clientId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1–100 letters, digits, "-" or "_"'),
  label: z.string(),
  type: z.enum(APP_TYPES),
  tokenEndpointAuthMethod: z.enum(CLIENT_AUTH_METHODS),
  clientSecret: z.string().min(14, 'must be at least 14 characters (as on Okta)').nullable(),
  grantTypes: z.array(z.enum(GRANT_TYPES)).min(1, 'must list at least one grant'),
  redirectUris: z.array(z.string().refine(isUrl, { error: (iss) => `${JSON.stringify(iss.input)} is not a URL` })),
  postLogoutRedirectUris: z.array(z.string().refine(isUrl, { error: (iss) => `${JSON.stringify(iss.input)} is not a URL` })),
  scopes: z.array(z.string()),
  assignment: z.enum(['everyone', 'assigned']),
}).check((ctx) => {
  const app = ctx.value;
  const problem = (path: string, message: string) => ctx.issues.push({ code: 'custom', path: [path], message, input: app });
  const publicClient = app.tokenEndpointAuthMethod === 'none';
  if (publicClient && app.clientSecret !== null) problem('clientSecret', 'a public client (tokenEndpointAuthMethod "none") has no secret');
  if (app.type === 'service' && publicClient) problem('tokenEndpointAuthMethod', 'a service app authenticates with a client secret');
  if (app.grantTypes.includes('client_credentials') && app.type !== 'service')
    problem('grantTypes', 'client_credentials is for service apps');
  if (app.type === 'service' && app.grantTypes.some((g) => g !== 'client_credentials')) {
    problem('grantTypes', 'a service app has only client_credentials (it signs no user in)');
  }
  if (app.type === 'service' && app.scopes.some((s) => (OIDC_SCOPES as readonly string[]).includes(s))) {
    problem('scopes', 'a service app may only have custom scopes (it signs no user in)');
  }
  const userFacing = app.grantTypes.some((g) => g !== 'client_credentials');
  if (userFacing && !app.scopes.includes('openid')) problem('scopes', 'must include openid');
  if (userFacing && !app.redirectUris.length) problem('redirectUris', 'must list at least one redirect URI');
  if (app.scopes.includes('offline_access') && !app.grantTypes.includes('refresh_token')) {
    problem('scopes', 'offline_access needs the refresh_token grant');
  }
});

function isRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** One custom claim; a REGEX filter must compile (JavaScript syntax, which covers Okta's common patterns). */
const claimSchema = settings({
  // Names the token's own claims use would be overwritten or overwrite them.
  name: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_.:-]*$/, 'must be a claim name (letters, digits, _ . : -)')
    .refine((n) => !RESERVED_CLAIMS.has(n), 'is a reserved claim name'),
  status: z.enum(['ACTIVE', 'INACTIVE']).optional(),
  claimType: z.enum(['IDENTITY', 'RESOURCE']),
  valueType: z.literal('GROUPS', { error: 'devorg issues GROUPS claims only' }),
  group_filter_type: z.enum(['EQUALS', 'STARTS_WITH', 'CONTAINS', 'REGEX']),
  value: z.string().max(1024),
  alwaysIncludeInToken: z.boolean().optional(),
  conditions: settings({ scopes: z.array(z.string().min(1)) }).optional(),
}).check(
  z.refine((c) => c.group_filter_type !== 'REGEX' || isRegex(c.value), {
    path: ['value'],
    error: 'is not a valid regular expression',
    when: ({ value }) => isPlainObject(value) && typeof value.value === 'string',
  }),
);

const RESERVED_CLAIMS = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'iat',
  'nbf',
  'jti',
  'ver',
  'cid',
  'uid',
  'scp',
  'auth_time',
  'amr',
  'idp',
  'nonce',
  'at_hash',
  'c_hash',
  'acr',
  'azp',
  'name',
  'email',
  'email_verified',
  'preferred_username',
  'given_name',
  'family_name',
  'locale',
  'zoneinfo',
  'updated_at',
]);

/**
 * The whole org config, strict at every level. Cross-field rules are refinements, so they are
 * reported like any other problem (`<field>: <problem>`) and together with them.
 */
export const orgConfigSchema: z.ZodType<OrgConfig> = settings({
  host: z.string().min(1),
  port: z.int().min(0).max(65535),
  https: z.boolean(),
  publicOrigin: z.string().refine(isUrl, { error: (iss) => `${JSON.stringify(iss.input)} is not a URL` }),
  authServerId: z
    .string()
    .regex(/^[A-Za-z0-9]+$/, 'must be alphanumeric')
    .refine((id) => id !== 'v1', '"v1" is where the org authorization server lives (/oauth2/v1)'),
  allowRemote: z.boolean(),
  dataDir: z.string().min(1),
  orgName: z.string(),
  apps: z
    .array(appSchema)
    .min(1, 'must list at least one app')
    .superRefine((apps, issues) => {
      const seen = new Set<string>();
      apps.forEach((app, i) => {
        if (seen.has(app.clientId)) issues.addIssue({ code: 'custom', path: [i, 'clientId'], message: `${app.clientId} is listed twice` });
        seen.add(app.clientId);
      });
    }),
  customScopes: z.array(
    settings({
      name: z
        .string()
        .regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'must be a scope token (RFC 6749 §3.3: printable ASCII, no space, quote or backslash)'),
      description: z.string(),
    }),
  ),
  trustedOrigins: z.array(z.string()),
  apiTokens: z.array(z.string().min(1)).min(1, 'must list at least one token'),
  tokens: settings({
    accessTokenSeconds: positive(),
    idTokenSeconds: positive(),
    refreshTokenIdleSeconds: positive(),
    refreshTokenLifetimeSeconds: z.number(LIFETIME).positive(LIFETIME).nullable(),
    refreshTokenGraceSeconds: z.number(GRACE).min(0, GRACE).max(60, GRACE),
    interactionCodeSeconds: positive(),
    transactionSeconds: positive(),
    audience: z.string().min(1),
  }),
  passwordPolicy: settings({
    minLength: count(),
    minLowerCase: count(),
    minUpperCase: count(),
    minNumber: count(),
    minSymbol: count(),
    excludeUsername: z.boolean(),
    excludeAttributes: z.array(z.string()),
    blockCommon: z.boolean(),
    historyCount: z.int(HISTORY).min(0, HISTORY).max(24, HISTORY),
    lockoutAttempts: count(),
    showLockoutFailures: z.boolean(),
    // Recovery must reach the user: only authenticators that deliver codes can prove it.
    recoveryAuthenticators: z
      .array(authenticatorKey)
      .refine((keys) => keys.every((k) => deliveringKeys().includes(k)), { error: () => `may list ${deliveringKeys().join(' and ')}` }),
    recoveryUnlocks: z.boolean(),
  }),
  passwordHashCost: z.int(HASH_COST).refine(isPowerOfTwo, HASH_COST),
  policies: settings({
    registration: z.boolean(),
    profileAttributes: z
      .array(settings({ name: z.string().min(1), label: z.string(), required: z.boolean(), maxLength: z.int().positive() }))
      .refine(
        (attributes) => attributes.some((a) => a.name === 'email' && a.required),
        'must include a required "email" attribute (it becomes the login)',
      ),
    enrollment: settings({ required: z.array(authenticatorKey), optional: z.array(authenticatorKey) }),
    signOn: settings({ secondFactor: z.boolean(), passwordOnIdentify: z.boolean().optional(), passwordless: z.boolean().optional() }),
    rules: z
      .array(
        settings({
          name: z.string().min(1),
          priority: z.int().positive(),
          groups: z.array(z.string().min(1)).min(1, 'must name at least one group'),
          enrollment: settings({ required: z.array(authenticatorKey), optional: z.array(authenticatorKey) }).optional(),
          signOn: settings({ secondFactor: z.boolean(), passwordless: z.boolean().optional() }).optional(),
        })
          .refine((rule) => rule.enrollment || rule.signOn, 'must set enrollment or signOn (or both)')
          .refine(
            (rule) =>
              !rule.signOn?.secondFactor ||
              !rule.enrollment ||
              [...rule.enrollment.required, ...rule.enrollment.optional].some((k) => k !== 'okta_password'),
            { path: ['signOn', 'secondFactor'], error: "needs an authenticator besides the password in this rule's enrollment" },
          ),
      )
      .superRefine((rules, issues) => {
        const seen = new Set<number>();
        rules.forEach((rule, i) => {
          if (seen.has(rule.priority))
            issues.addIssue({ code: 'custom', path: [i, 'priority'], message: `${rule.priority} is used twice` });
          seen.add(rule.priority);
        });
      }),
  }).check(
    // "Password plus one more factor" with nothing but the password to enroll: every sign-in would end
    // on "no authenticator satisfies the policy". Said at start-up instead.
    z.refine((p) => !p.signOn.secondFactor || [...p.enrollment.required, ...p.enrollment.optional].some((k) => k !== 'okta_password'), {
      path: ['signOn', 'secondFactor'],
      error: 'needs an authenticator besides the password in policies.enrollment.required or .optional',
      when: ({ value }) => {
        const p = value as { enrollment?: { required?: unknown; optional?: unknown }; signOn?: { secondFactor?: unknown } };
        return (
          Array.isArray(p.enrollment?.required) && Array.isArray(p.enrollment?.optional) && typeof p.signOn?.secondFactor === 'boolean'
        );
      },
    }),
  ),
  codes: settings({ lifetimeSeconds: positive(), maxSends: z.int().positive(), maxFailures: count(), pollMs: positive() }),
  session: settings({ maxIdleMinutes: positive(), maxLifetimeMinutes: positive(), persistentDays: positive() }),
  demoUser: settings({
    login: z.string(),
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    password: z.string(),
  }).nullable(),
  clockControl: z.boolean(),
  rateLimits: settings({ oidc: z.int().positive(), idx: z.int().positive(), management: z.int().positive() }),
  webauthn: settings({
    userVerification: z.enum(['required', 'preferred', 'discouraged']),
    rpId: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, 'must be a host name (no scheme, port or path)')
      .nullable(),
  }),
  claims: z
    .array(claimSchema)
    .refine(
      (claims) => new Set(claims.map((c) => `${c.claimType} ${c.name}`)).size === claims.length,
      'a claim name may appear once per token type',
    ),
  systemLog: settings({ retentionDays: positive(), maxEvents: z.int().positive() }),
  eventHooks: settings({
    timeoutMs: z.int().positive(),
    maxAttempts: z.int().min(1).max(10),
    retryDelayMs: count(),
    maxDeliveries: z.int().positive(),
  }),
}).check(
  // An app may only be allowed scopes its authorization server has.
  (ctx) => {
    const cfg = ctx.value;
    if (!Array.isArray(cfg.apps) || !Array.isArray(cfg.customScopes)) return;
    const known = new Set<string>([...OIDC_SCOPES, ...cfg.customScopes.map((s) => s.name)]);
    cfg.apps.forEach((app, i) => {
      const unknown = Array.isArray(app.scopes) ? app.scopes.filter((s) => !known.has(s)) : [];
      if (unknown.length) {
        ctx.issues.push({
          code: 'custom',
          path: ['apps', i, 'scopes'],
          message: `${unknown.join(', ')}: not a scope of the authorization server (add it to customScopes)`,
          input: app.scopes,
        });
      }
    });
  },
  z.refine((cfg) => LOOPBACK.has(cfg.host) || cfg.allowRemote, {
    path: ['host'],
    error: (iss) =>
      `${JSON.stringify((iss.input as OrgConfig).host)} is not loopback; set allowRemote (or DEVORG_ALLOW_REMOTE=1) to expose devorg`,
    // Judged even when other fields are wrong (every problem is named at once), as long as these two are usable.
    when: ({ value }) => isPlainObject(value) && typeof value.host === 'string' && typeof value.allowRemote === 'boolean',
  }),
  // Served over TLS but announced as http: every client would be sent to an address that doesn't answer.
  z.refine((cfg) => !cfg.https || cfg.publicOrigin.startsWith('https:'), {
    path: ['publicOrigin'],
    error: (iss) => `${JSON.stringify((iss.input as OrgConfig).publicOrigin)} must be an https origin when https is on`,
    when: ({ value }) => isPlainObject(value) && value.https === true && typeof value.publicOrigin === 'string',
  }),
);

/** Throws a `ConfigError` naming every problem of `cfg`. */
function validate(cfg: unknown): asserts cfg is OrgConfig {
  const problems = problemsOf(orgConfigSchema, cfg);
  if (problems.length) throw new ConfigError(`devorg config: ${problems.join('; ')}`);
}

export function issuerOf(cfg: OrgConfig): string {
  return `${cfg.publicOrigin}/oauth2/${cfg.authServerId}`;
}

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

export interface OidcAppConfig {
  /** Okta-style client id of the portal's SPA app (public client, PKCE). */
  clientId: string;
  label: string;
  /** Exact-match redirect URIs (Okta compares the full string). */
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Scopes the app may request. */
  scopes: string[];
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

export interface OrgConfig {
  /** Host devorg binds to. Loopback unless `allowRemote` says otherwise. */
  host: string;
  port: number;
  /** Public origin used in the issuer and every href (what browsers and SDKs see). */
  publicOrigin: string;
  /** Authorization server id; the issuer is `${publicOrigin}/oauth2/${authServerId}`. */
  authServerId: string;
  allowRemote: boolean;
  /** Directory for the SQLite file and keys; git-ignored. */
  dataDir: string;
  orgName: string;
  app: OidcAppConfig;
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
     * "Forgot password?" link there) instead of identifier first; off by default.
     */
    signOn: { secondFactor: boolean; passwordOnIdentify?: boolean };
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
    publicOrigin: `http://localhost:${port}`,
    authServerId: 'default',
    allowRemote: false,
    dataDir: '.devorg',
    orgName: 'devorg',
    app: appFor(portalOrigin),
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
      enrollment: { required: ['okta_password', 'okta_email'], optional: ['google_otp', 'phone_number', 'security_question'] },
      signOn: { secondFactor: true },
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
    // Okta keeps 90 days of System Log.
    systemLog: { retentionDays: 90, maxEvents: 100_000 },
    eventHooks: { timeoutMs: 3000, maxAttempts: 2, retryDelayMs: 1000, maxDeliveries: 1000 },
  };
}

function appFor(portalOrigin: string): OidcAppConfig {
  return {
    clientId: '0oadevorgportal00001',
    label: 'Embedded Sign-In Portal',
    redirectUris: [`${portalOrigin}/login/callback`],
    postLogoutRedirectUris: [`${portalOrigin}/`],
    scopes: ['openid', 'profile', 'email', 'offline_access'],
  };
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
  if (env.DEVORG_PORT) {
    const port = envPort.safeParse(env.DEVORG_PORT);
    if (!port.success) throw new ConfigError(`DEVORG_PORT must be a port number, got "${env.DEVORG_PORT}"`);
    cfg.port = port.data;
    cfg.publicOrigin = `http://localhost:${port.data}`;
  }
  if (env.DEVORG_PUBLIC_ORIGIN) cfg.publicOrigin = env.DEVORG_PUBLIC_ORIGIN.replace(/\/+$/, '');
  if (env.DEVORG_PORTAL_ORIGIN) {
    const origin = env.DEVORG_PORTAL_ORIGIN.replace(/\/+$/, '');
    // Over a usable app only: a wrong `app` in the file is reported as such, not as its missing members.
    if (isPlainObject(cfg.app)) cfg.app = { ...cfg.app, ...pick(appFor(origin), 'redirectUris', 'postLogoutRedirectUris') };
    cfg.trustedOrigins = [origin];
  }
  if (env.DEVORG_DATA_DIR) cfg.dataDir = env.DEVORG_DATA_DIR;
  if (env.DEVORG_HOST) cfg.host = env.DEVORG_HOST;
  if (env.DEVORG_ALLOW_REMOTE === '1') cfg.allowRemote = true;
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

/**
 * The whole org config, strict at every level. Cross-field rules are refinements, so they are
 * reported like any other problem (`<field>: <problem>`) and together with them.
 */
export const orgConfigSchema: z.ZodType<OrgConfig> = settings({
  host: z.string().min(1),
  port: z.int().min(0).max(65535),
  publicOrigin: z.string().refine(isUrl, { error: (iss) => `${JSON.stringify(iss.input)} is not a URL` }),
  authServerId: z.string().regex(/^[A-Za-z0-9]+$/, 'must be alphanumeric'),
  allowRemote: z.boolean(),
  dataDir: z.string().min(1),
  orgName: z.string(),
  app: settings({
    clientId: z.string().min(1),
    label: z.string(),
    redirectUris: z.array(z.string()),
    postLogoutRedirectUris: z.array(z.string()),
    scopes: z.array(z.string()).refine((scopes) => scopes.includes('openid'), 'must include openid'),
  }),
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
    signOn: settings({ secondFactor: z.boolean(), passwordOnIdentify: z.boolean().optional() }),
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
  systemLog: settings({ retentionDays: positive(), maxEvents: z.int().positive() }),
  eventHooks: settings({
    timeoutMs: z.int().positive(),
    maxAttempts: z.int().min(1).max(10),
    retryDelayMs: count(),
    maxDeliveries: z.int().positive(),
  }),
}).check(
  z.refine((cfg) => LOOPBACK.has(cfg.host) || cfg.allowRemote, {
    path: ['host'],
    error: (iss) =>
      `${JSON.stringify((iss.input as OrgConfig).host)} is not loopback; set allowRemote (or DEVORG_ALLOW_REMOTE=1) to expose devorg`,
    // Judged even when other fields are wrong (every problem is named at once), as long as these two are usable.
    when: ({ value }) => isPlainObject(value) && typeof value.host === 'string' && typeof value.allowRemote === 'boolean',
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

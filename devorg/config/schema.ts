/**
 * The strict schema of `OrgConfig` (zod): a wrong type, a value out of range or an unknown key (a
 * typo) is an error, and `validate` names every one of them at once.
 */
import { z } from 'zod';
import { deliveringKeys } from '../authenticators';
import { AUTHENTICATOR_KEYS } from '../authenticators/types';
import { isLoginPattern, LOGIN_MAX_LENGTH, loginProblem } from '../login-pattern';
import { httpChannel } from '../hooks/channel-schema';
import { problemsOf } from '../validation';
import {
  APP_TYPES,
  CLIENT_AUTH_METHODS,
  ConfigError,
  GRANT_TYPES,
  isPlainObject,
  MYACCOUNT_SCOPES,
  OIDC_SCOPES,
  type OrgConfig,
} from './types';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const positive = () => z.number().positive();
/** A count that may be zero (password rules, lockout attempts). */
const count = () => z.int().min(0);
/** An object whose keys are exactly these: an unknown one is most likely a typo. */
const settings = z.strictObject;

const authenticatorKey = z.enum(AUTHENTICATOR_KEYS, {
  error: (iss) => (iss.code === 'invalid_value' ? `unknown authenticator ${JSON.stringify(iss.input)}` : undefined),
});

function isMyAccountScope(scope: string): boolean {
  return (MYACCOUNT_SCOPES as readonly string[]).includes(scope);
}

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
/** Okta's inline hook ids: `cal` and 17 letters or digits. */
const INLINE_HOOK_ID = /^cal[0-9A-Za-z]{17}$/;
const INLINE_HOOK_ID_RULE = 'must be an inline hook id (cal + 17 letters or digits)';
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
  emailMagicLinkUri: z
    .string()
    .refine(isUrl, { error: (iss) => `${JSON.stringify(iss.input)} is not a URL` })
    .optional(),
  registrationActivation: z.enum(['in-flow', 'email']).optional(),
  registrationInlineHook: z.string().regex(INLINE_HOOK_ID, INLINE_HOOK_ID_RULE).nullable().optional(),
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
  if (app.type === 'service' && app.scopes.some((s) => (OIDC_SCOPES as readonly string[]).includes(s) || isMyAccountScope(s))) {
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
    maxConsecutiveRepeatingCharacters: count(),
    blockCommon: z.boolean(),
    historyCount: z.int(HISTORY).min(0, HISTORY).max(24, HISTORY),
    lockoutAttempts: count(),
    showLockoutFailures: z.boolean(),
    // Recovery must reach the user: only authenticators that deliver codes can prove it.
    recoveryAuthenticators: z
      .array(authenticatorKey)
      .refine((keys) => keys.every((k) => deliveringKeys().includes(k)), { error: () => `may list ${deliveringKeys().join(' and ')}` }),
    recoveryUnlocks: z.boolean(),
    signInAfterRecovery: z.boolean().optional(),
    selfServiceUnlock: z.boolean().optional(),
  }),
  passwordHashCost: z.int(HASH_COST).refine(isPowerOfTwo, HASH_COST),
  userSchema: settings({
    loginPattern: z
      .string()
      .refine(isLoginPattern, 'must be null (an email address), ".+", "[…]+" or "[^…]+" (Okta\'s login pattern forms)')
      .nullable(),
  }),
  policies: settings({
    registration: z.boolean(),
    profileAttributes: z
      .array(settings({ name: z.string().min(1), label: z.string(), required: z.boolean(), maxLength: z.int().positive() }))
      .refine(
        (attributes) => attributes.some((a) => a.name === 'email' && a.required),
        'must include a required "email" attribute (the login, unless a "login" attribute is on the form too)',
      )
      .superRefine((attributes, issues) => {
        const seen = new Set<string>();
        attributes.forEach((a, i) => {
          if (seen.has(a.name)) issues.addIssue({ code: 'custom', path: [i, 'name'], message: `"${a.name}" is on the form twice` });
          seen.add(a.name);
          // The username identifies the account: the form can't leave it out, nor allow more than Okta stores.
          if (a.name === 'login' && !a.required)
            issues.addIssue({
              code: 'custom',
              path: [i, 'required'],
              message: 'must be true: the username ("login") identifies the account',
            });
          if (a.name === 'login' && a.maxLength > LOGIN_MAX_LENGTH)
            issues.addIssue({
              code: 'custom',
              path: [i, 'maxLength'],
              message: `may be at most ${LOGIN_MAX_LENGTH} (Okta's username limit)`,
            });
        });
      }),
    enrollAuthenticatorTypes: z.array(z.literal('password', { error: 'may only list "password" (as on Okta)' })).optional(),
    registrationActivation: z.enum(['in-flow', 'email']).optional(),
    userEnumerationPrevention: z.boolean().optional(),
    activationTokenDays: z.int().positive().max(180).optional(),
    registrationInlineHook: z.string().regex(INLINE_HOOK_ID, INLINE_HOOK_ID_RULE).optional(),
    enrollment: settings({
      required: z.array(authenticatorKey),
      optional: z.array(authenticatorKey),
      sendEmailOnRequest: z.boolean().optional(),
    }),
    signOn: settings({
      secondFactor: z.boolean(),
      passwordOnIdentify: z.boolean().optional(),
      passwordless: z.boolean().optional(),
      passkeyPromotion: z.boolean().optional(),
      userVerification: z.literal('required').optional(),
      keepMeSignedInPrompt: z.boolean().optional(),
      sendEmailOnRequest: z.boolean().optional(),
      keepMeSignedInByDefault: z.boolean().optional(),
      access: z.enum(['ALLOW', 'DENY']).optional(),
    }),
    rules: z
      .array(
        settings({
          name: z.string().min(1),
          priority: z.int().positive(),
          groups: z.array(z.string().min(1)).min(1, 'must name at least one group'),
          enrollment: settings({
            required: z.array(authenticatorKey),
            optional: z.array(authenticatorKey),
            sendEmailOnRequest: z.boolean().optional(),
          }).optional(),
          signOn: settings({
            secondFactor: z.boolean(),
            passwordless: z.boolean().optional(),
            passkeyPromotion: z.boolean().optional(),
            userVerification: z.literal('required').optional(),
            keepMeSignedInPrompt: z.boolean().optional(),
            sendEmailOnRequest: z.boolean().optional(),
            access: z.enum(['ALLOW', 'DENY']).optional(),
          }).optional(),
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
    // Okta: "Password must be a mandatory authenticator" for the password to be on the registration form.
    z.refine((p) => !p.enrollAuthenticatorTypes?.includes('password') || p.enrollment.required.includes('okta_password'), {
      path: ['enrollAuthenticatorTypes'],
      error: 'the password on the registration form needs "okta_password" in policies.enrollment.required',
      when: ({ value }) => {
        const p = value as { enrollment?: { required?: unknown }; enrollAuthenticatorTypes?: unknown };
        return Array.isArray(p.enrollment?.required) && Array.isArray(p.enrollAuthenticatorTypes);
      },
    }),
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
  codes: settings({
    lifetimeSeconds: positive(),
    maxSends: z.int().positive(),
    maxFailures: count(),
    pollMs: positive(),
    emailMagicLinks: z.boolean(),
    format: z.enum(['numeric', 'alphanumeric']).optional(),
  }),
  session: settings({ maxIdleMinutes: positive(), maxLifetimeMinutes: positive(), persistentDays: positive() }),
  demoUser: settings({
    login: z.string(),
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    password: z.string(),
  }).nullable(),
  personas: z
    .array(
      settings({
        login: z.string(),
        email: z.string(),
        firstName: z.string(),
        lastName: z.string(),
        password: z.string(),
        factors: settings({
          totp: settings({
            secret: z.string().regex(/^[A-Z2-7]{16,}=*$/i, 'must be a base32 secret of at least 16 characters'),
          }).optional(),
          phone: settings({ phoneNumber: z.string().min(1) }).optional(),
          securityQuestion: settings({
            questionKey: z.string().min(1),
            question: z.string().optional(),
            answer: z.string().min(1),
          }).optional(),
          passkey: settings({
            credentialId: z.string().regex(/^[A-Za-z0-9_-]{16,1366}$/, 'must be a base64url credential id of 12 to 1024 bytes'),
            publicKey: z.string().regex(/^[A-Za-z0-9_-]{1,4096}$/, 'must be a base64url COSE public key'),
            transports: z
              .array(z.enum(['usb', 'nfc', 'ble', 'smart-card', 'hybrid', 'internal', 'cable']))
              .max(7)
              .optional(),
            signCount: z.int().min(0).max(0xffffffff).optional(),
          }).optional(),
        }).optional(),
        groups: z.array(z.string().min(1)).optional(),
      }),
    )
    .refine((list) => new Set(list.map((p) => p.login.trim().toLowerCase())).size === list.length, 'a login may appear once'),
  inlineHooks: z
    .array(
      settings({
        id: z.string().regex(INLINE_HOOK_ID, INLINE_HOOK_ID_RULE),
        name: z.string().trim().min(1).max(255),
        type: z.literal('com.okta.user.pre-registration', { error: 'devorg runs com.okta.user.pre-registration inline hooks only' }),
        version: z.literal('1.0.0', { error: 'must be "1.0.0"' }),
        status: z.enum(['ACTIVE', 'INACTIVE']).optional(),
        channel: httpChannel(z.strictObject),
      }),
    )
    .refine((list) => new Set(list.map((h) => h.id)).size === list.length, 'an id may appear once'),
  inlineHookCalls: settings({ timeoutMs: z.int().positive().max(60_000), maxAttempts: z.int().min(1).max(5) }),
  clockControl: z.boolean(),
  rateLimits: settings({ oidc: z.int().positive(), idx: z.int().positive(), management: z.int().positive() }),
  oktaRateLimits: z.boolean(),
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
  // The demo user and the personas are users like any other: their logins obey the user schema's login pattern
  // (else start-up would stop on the management API's error instead of naming the setting).
  (ctx) => {
    const cfg = ctx.value;
    const pattern = cfg.userSchema?.loginPattern;
    if (pattern === undefined || (pattern !== null && (typeof pattern !== 'string' || !isLoginPattern(pattern)))) return;
    const seeds: [PropertyKey[], unknown][] = [
      [['demoUser', 'login'], cfg.demoUser?.login],
      ...(Array.isArray(cfg.personas) ? cfg.personas.map((p, i): [PropertyKey[], unknown] => [['personas', i, 'login'], p?.login]) : []),
    ];
    for (const [path, login] of seeds) {
      if (typeof login !== 'string' || !loginProblem(login, pattern)) continue;
      ctx.issues.push({
        code: 'custom',
        path,
        message: `${JSON.stringify(login)} does not obey userSchema.loginPattern (${pattern === null ? 'an email address' : JSON.stringify(pattern)})`,
        input: login,
      });
    }
  },
  // An app may only be allowed scopes its authorization server has.
  (ctx) => {
    const cfg = ctx.value;
    if (!Array.isArray(cfg.apps) || !Array.isArray(cfg.customScopes)) return;
    const known = new Set<string>([...OIDC_SCOPES, ...MYACCOUNT_SCOPES, ...cfg.customScopes.map((s) => s.name)]);
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
export function validate(cfg: unknown): asserts cfg is OrgConfig {
  const problems = problemsOf(orgConfigSchema, cfg);
  if (problems.length) throw new ConfigError(`devorg config: ${problems.join('; ')}`);
}

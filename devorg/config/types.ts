/**
 * What an org's settings are: the shape of `OrgConfig` and the names it uses (app types, client
 * authentication methods, grants, the portal's and the web app's client ids).
 */
import type { AuthenticatorKey } from '../authenticators/types';
import type { RateLimits } from '../rate-limit';

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
  /**
   * Okta's "Email verification experience" callback URI: where an email's magic link sends the user,
   * as `<uri>?otp=…&state=…` (the app hands both to the widget, which finishes the verification in the
   * browser that started it). Absent: the link opens devorg's own verification page.
   */
  emailMagicLinkUri?: string;
  /**
   * The app's profile enrollment policy, where it differs from the org's default
   * (`policies.registrationActivation`): how a self-registered user's email is verified.
   */
  registrationActivation?: RegistrationActivation;
  /**
   * The registration inline hook of the app's profile enrollment policy, where it differs from the org's
   * default (`policies.registrationInlineHook`): an inline hook id, or `null` for none on this app.
   */
  registrationInlineHook?: string | null;
}

/**
 * How self-service registration verifies the new user's email (Okta's profile enrollment "Email
 * verification"): `in-flow`, with the email authenticator's code during registration (the user is then
 * signed in); `email`, required before access is granted: after the form and the password the widget shows
 * Okta's terminal "To finish signing in, check your email." (`idx.email.verification.required`), the
 * account waits as PROVISIONED, and the activation email's link (`/welcome/<token>`) activates it.
 */
export type RegistrationActivation = 'in-flow' | 'email';

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
  /** The longest run of one repeated character a password may have (Okta's "Maximum consecutive repeating characters"); 0 = no limit. */
  maxConsecutiveRepeatingCharacters: number;
  /** Common passwords are refused (Okta's "Restrict use of common passwords"). */
  blockCommon: boolean;
  /** How many previous passwords can't be reused. */
  historyCount: number;
  /** Consecutive wrong passwords before the account is locked (0 = never). */
  lockoutAttempts: number;
  /**
   * Okta's "Show lock out failures" (`lockout.showLockoutFailures` in its password policy API), off by
   * default as on Okta: a locked-out account then answers a sign-in exactly as an unknown username
   * does ("Password is incorrect"), so a lockout doesn't reveal that the account exists. On: told on the
   * password form as the Identity Engine tells it, "This factor is suspended for your account due to too
   * many failed attempts" (`authfactor.challenge.suspended_factor`).
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
  /**
   * A recovery's new password signs the user in (the default), or, `false`, ends the recovery on Okta's
   * terminal "You can now sign in with your existing username and new password." (`idx.recovery.completed`),
   * and the user signs in afresh.
   */
  signInAfterRecovery?: boolean;
  /**
   * Self-service unlock: the identify form offers "Unlock account?" (`unlock-account`), proven with one of
   * the recovery authenticators (email, SMS); the account is then ACTIVE again. Off by default.
   */
  selfServiceUnlock?: boolean;
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
  enrollment?: EnrollmentPolicy;
  signOn?: {
    secondFactor: boolean;
    passwordless?: boolean;
    passkeyPromotion?: boolean;
    userVerification?: 'required';
    keepMeSignedInPrompt?: boolean;
    sendEmailOnRequest?: boolean;
    /** Okta's rule action "Access is": `DENY` ends a member's sign-in at identify on `security.access_denied`. */
    access?: 'ALLOW' | 'DENY';
  };
}

/** The authenticator enrollment policy (the org's default, or a group rule's). */
export interface EnrollmentPolicy {
  required: AuthenticatorKey[];
  optional: AuthenticatorKey[];
  /**
   * Setting up email first shows "Send me an email" (`authenticator-enrollment-data`, Okta's enroll-email
   * first) and the code goes out only when the user asks; off by default (sent as the enrollment starts).
   */
  sendEmailOnRequest?: boolean;
}

/** One attribute of the self-service registration form (Okta's profile enrollment policy). */
export interface ProfileAttribute {
  /**
   * Profile attribute name (`email`, `firstName`, …). `email` is always collected; it becomes the
   * login unless the form has `login` (Okta's "Username", required, judged by `userSchema.loginPattern`
   * and unique in the org), in which case the login is what the registrant typed there.
   */
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
  /**
   * Emails carry a magic link besides the code, and the widget's challenge says so
   * (`useEmailMagicLink`: the code field waits behind "Enter a verification code instead"). Off: the
   * code only, and the code field shows at once.
   */
  emailMagicLinks: boolean;
  /**
   * What email, SMS and voice codes are made of: six digits (`numeric`, the default) or six upper-case
   * letters and digits (`alphanumeric`): the code fields then say `format: "alphanumeric"`, as Okta's do,
   * so the widget doesn't offer a numeric keypad. Answers are taken in either case.
   */
  format?: 'numeric' | 'alphanumeric';
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
 * A user declared in the config with their authenticators already set up (`personas`), so a test or
 * a demo can sign in as "the user with TOTP" without enrolling first. Email is always enrolled (the
 * login's address); each other factor is there when given.
 */
export interface PersonaSeed extends UserSeed {
  factors?: {
    /** Google Authenticator with this base32 secret (what an authenticator app would be given). */
    totp?: { secret: string };
    /** SMS to this number (E.164, or a form `normalizePhone` reads). */
    phone?: { phoneNumber: string };
    /** One of Okta's questions by key (`favorite_art_piece`, …), or `custom` with `question`. */
    securityQuestion?: { questionKey: string; question?: string; answer: string };
    /**
     * A passkey (WebAuthn credential) already registered: its credential id and COSE public key, both
     * base64url, so a test holding the private key signs in with it. `transports` as a browser reports
     * them (default `["internal"]`), `signCount` the counter it starts from (default 0).
     */
    passkey?: { credentialId: string; publicKey: string; transports?: string[]; signCount?: number };
  };
  /** Groups (by name) the persona is put in, made if the org lacks them. */
  groups?: string[];
}

/**
 * An inline hook of the org as Okta's `POST /api/v1/inlineHooks` body spells it, with the id it has
 * (Okta's are `cal` + 17 characters), so a policy can name it: `{ id, name, type:
 * 'com.okta.user.pre-registration', version: '1.0.0', channel: { type: 'HTTP', version: '1.0.0', config:
 * { uri, headers?, authScheme?: { type: 'HEADER', key, value } } }, status? }` (ACTIVE unless said).
 */
export interface InlineHookSeed {
  id: string;
  name: string;
  type: 'com.okta.user.pre-registration';
  version: '1.0.0';
  status?: 'ACTIVE' | 'INACTIVE';
  channel: {
    type: 'HTTP';
    version: '1.0.0';
    config: {
      uri: string;
      headers?: { key: string; value: string }[] | null;
      method?: 'POST' | null;
      authScheme?: { type: 'HEADER'; key: string; value?: string | null } | null;
    };
  };
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
  /**
   * The user schema's username rule (Okta's `login.pattern`): `null`, as on Okta by default, a username
   * must be an email address; `".+"` anything; `"[a-z0-9._-]+"` only those characters; `"[^…]+"` none of
   * those. The management API and the registration form's Username (a `login` profile attribute) obey it.
   */
  userSchema: { loginPattern: string | null };
  policies: {
    /** "Sign up" is offered (`select-enroll-profile`) and `/idp/idx/enroll` is accepted. */
    registration: boolean;
    /** The registration form, in order. */
    profileAttributes: ProfileAttribute[];
    /**
     * Okta's profile enrollment action `enrollAuthenticatorTypes` (Admin Console: Profile Enrollment ›
     * "Password", Early Access): `["password"]` puts the password on the registration form itself
     * (`credentials.passcode` beside `userProfile`, judged by the password policy), so the separate
     * password enrollment is skipped. As on Okta, the password must be a required authenticator
     * (`enrollment.required`). Absent or empty: the password is set up after the form.
     */
    enrollAuthenticatorTypes?: 'password'[];
    /**
     * Okta's "User enumeration prevention" (Security › General), on by default: an unknown username gets the
     * same screens as a real one. Off (`false`): identify answers it at once with Okta's warning "There is no
     * account with the Username …" (`idx.unknown.user`) on the identify form.
     */
    userEnumerationPrevention?: boolean;
    /** How a registrant's email is verified (`RegistrationActivation`); absent: `in-flow`. An app may say otherwise. */
    registrationActivation?: RegistrationActivation;
    /**
     * The registration inline hook of the profile enrollment policy (Okta's rule action
     * `profileEnrollment.preRegistrationInlineHooks: [{ inlineHookId }]`, at most one): the id of a
     * `com.okta.user.pre-registration` inline hook (declared in `inlineHooks` or made through
     * `/api/v1/inlineHooks`), called with the registration form's profile before the user exists. It may
     * allow, deny (its error causes shown on the form) or change the profile; a hook that fails, times out
     * or answers what Okta can't read ends the registration on `registration.error.generic`. Absent: none.
     */
    registrationInlineHook?: string;
    /** How long an activation email's link works, in days (Okta's default: 7). */
    activationTokenDays?: number;
    /**
     * Profile enrollment policy: authenticators every user must set up (in this order), and those
     * offered afterwards with "Set up later". Keys this org has no module for are ignored.
     */
    enrollment: EnrollmentPolicy;
    /**
     * Sign-on policy: every sign-in needs the password plus one more factor. `passwordOnIdentify` asks
     * for the password on the identify form (Okta's identify-with-password page, which carries the
     * "Forgot password?" link there) instead of identifier first; off by default. `passwordless`: a
     * user with a passkey may sign in with it alone (Okta's "any 1 factor" rule with a phishing-resistant
     * possession factor): after the identifier, the choice of the passkey or the password; off by default.
     * `passkeyPromotion`: once a user without a passkey has signed in, "Set up a passkey: more secure,
     * easier to use." with "Maybe later" (Okta's `enroll-authenticator-promotion`), when the enrollment
     * policy offers the passkey; off by default. `userVerification: "required"`: a passkey challenge
     * asks for and checks user verification (PIN or biometrics) whatever the authenticator's own
     * setting (`webauthn.userVerification`), as Okta's "Require PIN or biometric user verification".
     * `keepMeSignedInPrompt`: after sign-in, Okta's "Stay signed in?" (`keep-me-signed-in`); accepting
     * makes the org session persistent as "Keep me signed in" does; off by default.
     * `sendEmailOnRequest`: an email challenge first shows "Send me an email"
     * (`authenticator-verification-data`) and the code goes out only when the user asks; off by default
     * (the code is sent as the challenge starts).
     * `keepMeSignedInByDefault`: the identify form's "Keep me signed in" comes ticked (`rememberMe` with
     * `value: true`, as Okta sends it with its set-remember-me-by-default setting; the user may untick it);
     * read from here only, not from group rules (the form is drawn before anyone is identified); off by default.
     * `access`: Okta's authentication policy rule action ("Access is: Allowed after successful
     * authentication / Denied", `actions.appSignOn.access`). `DENY` ends the sign-in once the user is
     * identified, with Okta's terminal "You do not have permission to perform the requested action."
     * (`security.access_denied`); default `ALLOW`. On the default rule it denies every identifier, known or not.
     */
    signOn: {
      secondFactor: boolean;
      passwordOnIdentify?: boolean;
      passwordless?: boolean;
      passkeyPromotion?: boolean;
      userVerification?: 'required';
      keepMeSignedInPrompt?: boolean;
      sendEmailOnRequest?: boolean;
      keepMeSignedInByDefault?: boolean;
      access?: 'ALLOW' | 'DENY';
    };
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
   * Inline hooks declared with the org (`InlineHookSeed`): created at start-up when the org has no hook of
   * that id (one that exists, changed through the API or not, is left as it is); none by default.
   */
  inlineHooks: InlineHookSeed[];
  /** Inline hook calls: Okta waits 3 s for the external service and retries once after a timeout or a 5xx. */
  inlineHookCalls: { timeoutMs: number; maxAttempts: number };
  /** Users with their factors set up (`PersonaSeed`), created at start-up and after a dev reset; none by default. */
  personas: PersonaSeed[];
  /**
   * Dev/test only: `/dev/api/clock` (SSWS-protected) moves devorg's clock forward, so expiry rules can be
   * exercised without waiting. Off by default; never enable it on an org others rely on.
   */
  clockControl: boolean;
  /** Requests per minute per client IP for each endpoint group (Okta-style; 429 when exceeded). */
  rateLimits: RateLimits;
  /**
   * Okta's per-user and per-transaction buckets on top (okta-rate-limits.ts): IDX 20 per user and 10 per
   * transaction per 5 s, the token endpoint 4 per user per second. Off by default.
   */
  oktaRateLimits: boolean;
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

/** The client id of the portal's own app, the one app every org has. */
export const PORTAL_CLIENT_ID = '0oadevorgportal00001';

/** The client id of the server-side web app (web/) that `npm start` runs on http://localhost:3000. */
export const WEB_APP_CLIENT_ID = '0oadevorgwebapp00001';

/** OpenID Connect's scopes, which every authorization server has; custom scopes come from the config. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'groups'] as const;

/**
 * Okta's reserved MyAccount scopes (`/idp/myaccount`, devorg/myaccount/): both authorization servers have
 * them, as on Okta (the org server's Okta API scopes; a custom server's reserved `okta.myAccount.*` ones).
 */
export const MYACCOUNT_SCOPES = [
  'okta.myAccount.profile.read',
  'okta.myAccount.profile.manage',
  'okta.myAccount.password.read',
  'okta.myAccount.password.manage',
  'okta.myAccount.authenticators.read',
  'okta.myAccount.authenticators.manage',
  'okta.myAccount.email.read',
  'okta.myAccount.email.manage',
  'okta.myAccount.phone.read',
  'okta.myAccount.phone.manage',
  'okta.myAccount.sessions.manage',
] as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function issuerOf(cfg: OrgConfig): string {
  return `${cfg.publicOrigin}/oauth2/${cfg.authServerId}`;
}

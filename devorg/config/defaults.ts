/**
 * The org devorg starts with when nothing says otherwise: the portal's app and the local web app, the
 * demo user, Okta's default policies and limits; and what each app type gets unless its entry says.
 */
import { DEFAULT_RATE_LIMITS } from '../rate-limit';
import {
  ConfigError,
  isPlainObject,
  MYACCOUNT_SCOPES,
  PORTAL_CLIENT_ID,
  WEB_APP_CLIENT_ID,
  type AppType,
  type OidcAppConfig,
  type OrgConfig,
} from './types';

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
      maxConsecutiveRepeatingCharacters: 0,
      blockCommon: true,
      historyCount: 4,
      lockoutAttempts: 10,
      showLockoutFailures: false,
      recoveryAuthenticators: ['okta_email', 'phone_number'],
      recoveryUnlocks: true,
    },
    passwordHashCost: 2 ** 15,
    userSchema: { loginPattern: null },
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
    codes: { lifetimeSeconds: 5 * 60, maxSends: 5, maxFailures: 5, pollMs: 4000, emailMagicLinks: true },
    session: { maxIdleMinutes: 120, maxLifetimeMinutes: 24 * 60, persistentDays: 7 },
    demoUser: {
      login: 'demo@devorg.test',
      email: 'demo@devorg.test',
      firstName: 'Dana',
      lastName: 'Demo',
      password: 'Portal-Passw0rd!',
    },
    personas: [],
    inlineHooks: [],
    inlineHookCalls: { timeoutMs: 3000, maxAttempts: 2 },
    clockControl: false,
    rateLimits: { ...DEFAULT_RATE_LIMITS },
    oktaRateLimits: false,
    claims: [],
    webauthn: { userVerification: 'preferred', rpId: null },
    // Okta keeps 90 days of System Log.
    systemLog: { retentionDays: 90, maxEvents: 100_000 },
    eventHooks: { timeoutMs: 3000, maxAttempts: 2, retryDelayMs: 1000, maxDeliveries: 1000 },
  };
}

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

export function portalAppFor(portalOrigin: string): OidcAppConfig {
  return {
    clientId: PORTAL_CLIENT_ID,
    label: 'Embedded Sign-In Portal',
    type: 'browser',
    ...APP_DEFAULTS.browser,
    // The account page manages the user's own account through Okta's MyAccount API (devorg/myaccount/).
    scopes: [...APP_DEFAULTS.browser.scopes, ...MYACCOUNT_SCOPES],
    redirectUris: [`${portalOrigin}/login/callback`],
    postLogoutRedirectUris: [`${portalOrigin}/`],
    // The portal's sign-in route takes `?otp=…&state=…` from an email's magic link, as Okta's samples do.
    emailMagicLinkUri: `${portalOrigin}/login`,
  };
}

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
export function withAppDefaults(entry: unknown): unknown {
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

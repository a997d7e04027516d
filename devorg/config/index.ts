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
import { defaultConfig, portalAppFor, withAppDefaults } from './defaults';
import { validate } from './schema';
import { ConfigError, isPlainObject, PORTAL_CLIENT_ID, type OidcAppConfig, type OrgConfig } from './types';

export * from './types';
export { defaultConfig, portalApp } from './defaults';
export { orgConfigSchema } from './schema';

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
      const derived = pick(portalAppFor(origin), 'redirectUris', 'postLogoutRedirectUris', 'emailMagicLinkUri');
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
type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

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

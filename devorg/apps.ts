/**
 * The org's apps at run time: looked up by client id, what each is allowed, and their client secrets.
 *
 * A secret is kept only as a SHA-256 digest. A client secret is 32 random bytes (or a configured
 * string of at least 14 characters), not a password a person chose, so a fast digest is enough: there
 * is nothing to guess from it. A secret given in the config or the environment is digested at start-up
 * and never stored; an app without one gets a generated secret on the org's first start, printed once
 * (`generatedSecrets`) and stored as its digest, so later starts keep it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { GrantType, OidcAppConfig, OrgConfig } from './config';
import type { Ids } from './context';
import type { Store } from './store';

export interface AppRegistry {
  /** The app registered under `clientId`, if any. */
  byId(clientId: string): OidcAppConfig | undefined;
  /** Whether `presented` is the confidential app's secret (compared in constant time). */
  secretMatches(app: OidcAppConfig, presented: string): boolean;
  /** The secrets generated at this start, to print once; empty on every later start. */
  readonly generatedSecrets: readonly { clientId: string; label: string; secret: string }[];
}

/** A public client proves itself with PKCE only; every other app holds a secret. */
export function isPublicClient(app: OidcAppConfig): boolean {
  return app.tokenEndpointAuthMethod === 'none';
}

export function allowsGrant(app: OidcAppConfig, grant: GrantType): boolean {
  return app.grantTypes.includes(grant);
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

export async function loadApps(config: OrgConfig, store: Store, ids: Ids, now: number): Promise<AppRegistry> {
  const apps = new Map(config.apps.map((app) => [app.clientId, app]));
  const digests = new Map<string, Buffer>();
  const generatedSecrets: { clientId: string; label: string; secret: string }[] = [];
  for (const app of config.apps) {
    if (isPublicClient(app)) continue;
    if (app.clientSecret !== null) {
      digests.set(app.clientId, digest(app.clientSecret));
      continue;
    }
    let stored = await store.appSecretDigest(app.clientId);
    if (stored === undefined) {
      const secret = ids.secret();
      if (await store.saveAppSecretDigest(app.clientId, digest(secret).toString('hex'), now)) {
        generatedSecrets.push({ clientId: app.clientId, label: app.label, secret });
      }
      stored = await store.appSecretDigest(app.clientId);
    }
    if (stored !== undefined) digests.set(app.clientId, Buffer.from(stored, 'hex'));
  }
  return {
    byId: (clientId) => apps.get(clientId),
    secretMatches(app, presented) {
      const expected = digests.get(app.clientId);
      return expected !== undefined && timingSafeEqual(expected, digest(presented));
    },
    generatedSecrets,
  };
}

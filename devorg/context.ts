/**
 * Everything a request handler needs, built once at start-up: config, store, signing key, clock and
 * id generator. Tests build their own with a fixed clock.
 */
import { randomInt } from 'node:crypto';
import { loadApps, type AppRegistry } from './apps';
import type { OrgConfig } from './config';
import { defaultServer, type AuthorizationServer } from './oidc/authorization-server';
import { loadOrCreateSigningKey, type SigningKey } from './crypto/keys';
import { decoyHash } from './crypto/password';
import { randomBase64url } from './crypto/random';
import { ShiftedClock, systemClock, type Clock } from './clock';
import { FaultRegistry } from './dev/faults';
import { EventHookDispatcher } from './hooks/dispatcher';
import { SystemLog } from './log/recorder';
import { seedInlineHooks } from './management/inline-hooks-api';
import { Store } from './store';

export type { Clock } from './clock';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export interface Ids {
  /** Okta-style object id: a 3-character type prefix + 17 base62 characters (`00u…`, `aut…`). */
  oktaId(prefix: string): string;
  /** An unguessable opaque handle/code (base64url of 32 random bytes). */
  secret(): string;
}

export const randomIds: Ids = {
  oktaId: (prefix) => prefix + Array.from({ length: 17 }, () => BASE62[randomInt(62)]).join(''),
  secret: () => randomBase64url(32),
};

export interface OrgContext {
  config: OrgConfig;
  /** The issuer of the authorization server whose endpoints are answering (`server.issuer`). */
  issuer: string;
  /** That server: the default custom one, except inside the org server's endpoints (`onServer`). */
  server: AuthorizationServer;
  store: Store;
  /** The org's apps, with their secrets' digests. */
  apps: AppRegistry;
  signingKey: SigningKey;
  clock: Clock;
  ids: Ids;
  /** Hash checked for unknown users so their timing matches a real password check. */
  decoyPasswordHash: string;
  /** The System Log: `ctx.log.record(...)` queues an event (never throws, never waits). */
  log: SystemLog;
  /** Delivers logged events to the event hooks subscribed to them, off the request path. */
  hooks: EventHookDispatcher;
  /** Faults injected through the dev API (`/dev/api/faults`); empty unless a test adds some. */
  faults: FaultRegistry;
}

export async function createContext(config: OrgConfig, opts: { clock?: Clock; ids?: Ids; storeFile?: string } = {}): Promise<OrgContext> {
  // With clock control on, e2e suites may move the org's time forward through /dev/api/clock.
  const clock = opts.clock ?? (config.clockControl ? new ShiftedClock() : systemClock);
  const store = await Store.open(opts.storeFile ?? `${config.dataDir}/devorg.sqlite`);
  const signingKey = await loadOrCreateSigningKey(store, clock.now());
  const ids = opts.ids ?? randomIds;
  const log = new SystemLog(store, clock, config.systemLog);
  const hooks = new EventHookDispatcher(store, clock, ids, config.eventHooks, `${config.publicOrigin}/api/v1/eventHooks`, log);
  log.subscribe(hooks.onEvents);
  const ctx: OrgContext = {
    config,
    issuer: defaultServer(config).issuer,
    server: defaultServer(config),
    store,
    apps: await loadApps(config, store, ids, clock.now()),
    signingKey,
    clock,
    ids,
    decoyPasswordHash: await decoyHash(config.passwordHashCost),
    log,
    hooks,
    faults: new FaultRegistry(),
  };
  try {
    await seedInlineHooks(ctx);
  } catch (err) {
    // A start-up that stops here leaves nothing open behind it.
    log.stop();
    hooks.stop();
    store.close();
    throw err;
  }
  return ctx;
}

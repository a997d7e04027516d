/**
 * A real devorg listening on an ephemeral loopback port, for tests that drive it with real HTTP clients
 * (the Okta Node SDK follows absolute `Link` URLs, so in-process `app.request` is not enough).
 */
import { GENEROUS_RATE_LIMITS } from '../rate-limit';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { loadConfig } from '../config';
import { createContext, type OrgContext } from '../context';
import { createApp } from '../server';

export interface TestOrg {
  ctx: OrgContext;
  /** `http://127.0.0.1:<port>`: the org URL and the origin of every href it returns. */
  origin: string;
  apiToken: string;
  close(): Promise<void>;
}

export async function startTestOrg(): Promise<TestOrg> {
  const dataDir = await mkdtemp(join(tmpdir(), 'devorg-mgmt-'));
  // Listen before the app exists: the port decides the public origin, which the config needs.
  let app: Hono | undefined = undefined;
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve) => {
    const server = serve(
      { fetch: (req) => (app ? app.fetch(req) : new Response('starting', { status: 503 })), port: 0, hostname: '127.0.0.1' },
      (info: AddressInfo) => resolve({ server, port: info.port }),
    );
  });
  const origin = `http://127.0.0.1:${port}`;
  const config = loadConfig(
    {},
    { dataDir, passwordHashCost: 1024, demoUser: null, publicOrigin: origin, rateLimits: GENEROUS_RATE_LIMITS },
  );
  const ctx = await createContext(config);
  app = createApp(ctx);
  return {
    ctx,
    origin,
    apiToken: config.apiTokens[0] ?? '',
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      ctx.store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

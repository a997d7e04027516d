/**
 * A real devorg for the API's tests, listening on an ephemeral loopback port: @okta/jwt-verifier fetches
 * the JWKS over HTTP, so in-process `app.request` is not enough. Its clock starts at the real time
 * (jwt-verifier checks expiry against the real clock) and can be moved to mint already-expired tokens.
 * It is also a devorg test `Harness`, so the IDX sign-in helpers mint tokens through the real flow.
 */
import { GENEROUS_RATE_LIMITS } from '../../devorg/rate-limit';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { loadConfig } from '../../devorg/config';
import { createContext } from '../../devorg/context';
import { createApp } from '../../devorg/server';
import { exchange, makeUser, signIn, TestClock, type Harness } from '../../devorg/testing/harness';

export interface ListeningOrg extends Harness {
  issuer: string;
  /** Signs a fresh user in through IDX and returns their access token. */
  accessToken(opts?: { scope?: string }): Promise<{ token: string; login: string }>;
  stop(): Promise<void>;
}

export async function startListeningOrg(): Promise<ListeningOrg> {
  const dataDir = await mkdtemp(join(tmpdir(), 'api-devorg-'));
  // Listen first: the port decides the issuer, which the config needs.
  const started: { app?: Hono } = {};
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve) => {
    const server = serve(
      {
        fetch: (req) => (started.app ? started.app.fetch(req) : new Response('starting', { status: 503 })),
        port: 0,
        hostname: '127.0.0.1',
      },
      (info: AddressInfo) => resolve({ server, port: info.port }),
    );
  });
  const config = loadConfig(
    {},
    { dataDir, passwordHashCost: 1024, demoUser: null, publicOrigin: `http://127.0.0.1:${port}`, rateLimits: GENEROUS_RATE_LIMITS },
  );
  const clock = new TestClock(Date.now());
  const ctx = await createContext(config, { clock });
  const app = createApp(ctx);
  started.app = app;
  const org: ListeningOrg = {
    ctx,
    app,
    clock,
    config,
    issuer: ctx.issuer,
    async accessToken(opts = {}) {
      const user = await makeUser(org);
      const { code, verifier } = await signIn(org, user.profile.login, undefined, opts);
      const { status, body } = await exchange(org, code, verifier);
      if (status !== 200 || typeof body.access_token !== 'string') throw new Error(`token exchange failed: ${status}`);
      return { token: body.access_token, login: user.profile.login };
    },
    // Harness's synchronous close(), for code written against it; tests here await stop().
    close() {
      void org.stop();
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      ctx.store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return org;
}

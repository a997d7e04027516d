/**
 * A real devorg listening on an ephemeral loopback port, for tests that drive it with real HTTP
 * clients: the Okta Node SDK follows absolute `Link` URLs and @okta/jwt-verifier fetches the JWKS over
 * HTTP, so in-process `app.request` is not enough. It is also a test `Harness`, so the IDX sign-in
 * helpers mint tokens through the real flow. Its clock is the real time (jwt-verifier checks expiry
 * against the real clock), and can be moved to mint already-expired tokens.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { loadConfig } from '../config';
import { createContext } from '../context';
import { GENEROUS_RATE_LIMITS } from '../rate-limit';
import { createApp } from '../server';
import { ShiftedClock } from '../clock';
import { exchange, makeUser, signIn, type Harness } from './harness';

export interface ListeningOrg extends Harness {
  /** `http://127.0.0.1:<port>`: the org URL and the origin of every href it returns. */
  origin: string;
  issuer: string;
  apiToken: string;
  /** Signs a fresh user in through IDX and returns their access token. */
  accessToken(opts?: { scope?: string }): Promise<{ token: string; login: string }>;
  stop(): Promise<void>;
}

/** `overrides` are config settings for this org (e.g. short event hook timeouts). */
export async function startListeningOrg(overrides: Parameters<typeof loadConfig>[1] = {}): Promise<ListeningOrg> {
  const dataDir = await mkdtemp(join(tmpdir(), 'devorg-listening-'));
  // Listen first: the port decides the public origin (and the issuer), which the config needs.
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
  const origin = `http://127.0.0.1:${port}`;
  const config = loadConfig(
    {},
    { dataDir, passwordHashCost: 1024, demoUser: null, publicOrigin: origin, rateLimits: GENEROUS_RATE_LIMITS, ...overrides },
  );
  // Real time (records get distinct, ordered timestamps, as on a real org) that a test can move on.
  const clock = new ShiftedClock();
  const ctx = await createContext(config, { clock });
  const app = createApp(ctx);
  started.app = app;
  const org: ListeningOrg = {
    ctx,
    app,
    clock,
    config,
    origin,
    issuer: ctx.issuer,
    apiToken: config.apiTokens[0] ?? '',
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
      await ctx.log.close();
      await ctx.hooks.close();
      ctx.store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return org;
}

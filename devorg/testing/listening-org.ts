/**
 * A real devorg listening on an ephemeral loopback port, for tests that drive it with real HTTP
 * clients: the Okta Node SDK follows absolute `Link` URLs and @okta/jwt-verifier fetches the JWKS over
 * HTTP, so in-process `app.request` is not enough. It is also a test `Harness`, so the IDX sign-in
 * helpers mint tokens through the real flow. Its clock is the real time (jwt-verifier checks expiry
 * against the real clock), and can be moved to mint already-expired tokens.
 *
 * With `https`, it answers over TLS with devorg/tls's local CA, as `DEVORG_HTTPS=1` does: clients must then
 * trust `tls.ca` (or `tls.files.ca` through `NODE_EXTRA_CA_CERTS`).
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
import { httpsServeOptions, loadOrCreateTls, tlsHosts, type ServerTls } from '../tls';
import { exchange, makeUser, signIn, type Harness } from './harness';

export interface ListeningOrgOptions {
  /** Serve over HTTPS (devorg's local CA, made in or reused from the data dir). */
  https?: boolean;
  /** Use (and keep) this data dir instead of a fresh temporary one that stop() removes. */
  dataDir?: string;
  /** Org settings for this test (e.g. `claims`), merged like a `DEVORG_CONFIG` file. */
  config?: Parameters<typeof loadConfig>[1];
}

export interface ListeningOrg extends Harness {
  /** `http://127.0.0.1:<port>` (`https://` with `https`): the org URL and the origin of every href it returns. */
  origin: string;
  /** With `https`: the certificates it serves and where their files are. */
  tls?: ServerTls;
  issuer: string;
  apiToken: string;
  /** Signs a fresh user in through IDX and returns their access token. */
  accessToken(opts?: { scope?: string }): Promise<{ token: string; login: string }>;
  stop(): Promise<void>;
}

export async function startListeningOrg(opts: ListeningOrgOptions = {}): Promise<ListeningOrg> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'devorg-listening-')));
  const scheme = opts.https ? 'https' : 'http';
  // The certificate doesn't name the port, so it can be made (or reused) before the port is known.
  const tls = opts.https ? await loadOrCreateTls(dataDir, tlsHosts({ host: '127.0.0.1', publicOrigin: 'https://127.0.0.1' })) : undefined;
  // Listen first: the port decides the public origin (and the issuer), which the config needs.
  const started: { app?: Hono } = {};
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve) => {
    const listen = {
      // The bindings (`incoming`, `outgoing`) go through: the socket's address, and a fault's dropped connection, need them.
      fetch: (req: Request, env: unknown) => (started.app ? started.app.fetch(req, env) : new Response('starting', { status: 503 })),
      port: 0,
      hostname: '127.0.0.1',
    };
    const server = serve(tls ? { ...listen, ...httpsServeOptions(tls) } : listen, (info: AddressInfo) =>
      resolve({ server, port: info.port }),
    );
  });
  const origin = `${scheme}://127.0.0.1:${port}`;
  const config = loadConfig(
    {},
    {
      ...opts.config,
      dataDir,
      https: Boolean(opts.https),
      passwordHashCost: 1024,
      demoUser: null,
      publicOrigin: origin,
      rateLimits: GENEROUS_RATE_LIMITS,
    },
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
    ...(tls ? { tls } : {}),
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
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A test org ends at once: a browser's kept-alive or half-used connections are not waited for.
      if ('closeAllConnections' in server) server.closeAllConnections();
      await closed;
      await ctx.log.close();
      await ctx.hooks.close();
      ctx.store.close();
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return org;
}

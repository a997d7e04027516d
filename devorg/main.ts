/**
 * `npm run devorg`: starts the local Okta org. Prints where it listens and the demo user; stops
 * cleanly on Ctrl-C / SIGTERM (closing the SQLite file).
 *
 * `npm run devorg -- --import FILE` restores a snapshot (dev/snapshot.ts) before it starts serving;
 * `--export-on-exit FILE` writes one when it stops.
 */
import { serve } from '@hono/node-server';
import { ConfigError, loadConfig } from './config';
import { createContext } from './context';
import { createApp } from './server';
import { seedDemoUser } from './users';
import { seedPersonas } from './personas';
import { exportSnapshotFile, importSnapshotFile } from './dev/snapshot';
import { parseCliArgs } from './cli';

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2));
  const config = loadConfig();
  const ctx = await createContext(config);
  if (args.import) {
    const restored = await importSnapshotFile(ctx, args.import);
    console.log(`devorg: imported ${args.import} (${restored.users ?? 0} users)`);
  }
  await seedDemoUser(ctx);
  await seedPersonas(ctx);
  const app = createApp(ctx);
  // Loaded only in HTTPS mode: the X.509 library stays off the default (http) start.
  const tls = config.https ? await import('./tls') : undefined;
  const certs = tls ? await tls.loadOrCreateTls(config.dataDir, tls.tlsHosts(config)) : undefined;
  const purge = setInterval(() => void ctx.store.purgeExpired(ctx.clock.now()).catch(() => undefined), 60_000);
  purge.unref();
  const listen = { fetch: app.fetch, hostname: config.host, port: config.port };
  const server = serve(tls && certs ? { ...listen, ...tls.httpsServeOptions(certs) } : listen, () => {
    console.log(`devorg: issuer ${ctx.issuer}`);
    console.log(`devorg: listening on ${certs ? 'https' : 'http'}://${config.host}:${config.port} (data: ${ctx.store.file})`);
    if (tls && certs) for (const line of tls.trustHints(certs, ctx.issuer)) console.log(`devorg: ${line}`);
    if (config.demoUser) console.log(`devorg: demo user ${config.demoUser.login} / ${config.demoUser.password}`);
    for (const p of config.personas) {
      const factors = ['email', ...Object.keys(p.factors ?? {})].join(', ');
      console.log(`devorg: persona ${p.login} / ${p.password} (${factors})`);
    }
    for (const app of config.apps) console.log(`devorg: app ${app.clientId} (${app.type}, ${app.grantTypes.join(' ')}): ${app.label}`);
    // Printed once, on the start that generated them: only their digests are kept.
    for (const { clientId, secret } of ctx.apps.generatedSecrets) {
      console.log(`devorg: client secret of ${clientId} (shown once, keep it): ${secret}`);
    }
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    console.error(err.code === 'EADDRINUSE' ? `devorg: port ${config.port} is already in use (set DEVORG_PORT)` : `devorg: ${err.message}`);
    process.exit(1);
  });
  const saveSnapshot = (file: string) =>
    exportSnapshotFile(ctx, file).then(
      () => console.log(`devorg: exported the org to ${file}`),
      (err: unknown) => console.error(`devorg: could not export to ${file}: ${(err as Error).message}`),
    );
  const stop = () => {
    clearInterval(purge);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const exported = args.exportOnExit ? saveSnapshot(args.exportOnExit) : Promise.resolve();
    void exported
      .then(() => {
        // Keep-alive connections from browsers would hold close() open; don't wait for them.
        setTimeout(() => process.exit(0), 1500).unref();
        return closed;
      })
      .then(() => ctx.log.close())
      .finally(() => {
        // What the System Log still holds is written; deliveries under way are abandoned.
        ctx.hooks.stop();
        ctx.store.close();
        process.exit(0);
      });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});

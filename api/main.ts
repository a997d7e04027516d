/**
 * `npm run api`: the protected resource server on its own port. Configuration comes from the environment
 * (see config.ts and the README); Ctrl-C / SIGTERM stop it. An error no handler caught is logged and the
 * process keeps serving (crash-guard.ts).
 */
import { serve } from '@hono/node-server';
import { createApi } from './app';
import { ApiConfigError, isLocalHttp, loadApiConfig } from './config';
import { installCrashGuards } from './crash-guard';
import { createVerifier } from './verifier';

function main(): void {
  const config = loadApiConfig();
  installCrashGuards();
  const app = createApi(config, { verify: createVerifier(config), log: (line) => console.log(line) });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => {
    console.log(`api: listening on http://${config.host}:${config.port}`);
    console.log(`api: accepting access tokens from ${config.issuer} for ${config.audience} with scope ${config.requiredScopes.join(' ')}`);
    if (isLocalHttp(config.issuer))
      console.log('api: plain http is accepted for this issuer because it is on localhost (devorg); any other needs https');
    console.log(`api: CORS for ${config.portalOrigin}`);
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    console.error(err.code === 'EADDRINUSE' ? `api: port ${config.port} is already in use (set API_PORT)` : `api: ${err.message}`);
    process.exit(1);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    // Browsers' keep-alive connections would hold close() open.
    setTimeout(() => process.exit(0), 1500).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

try {
  main();
} catch (err) {
  console.error(err instanceof ApiConfigError ? err.message : err);
  process.exit(1);
}

/**
 * `npm run web`: the server-side web app on the redirect model (Express + express-session +
 * @okta/oidc-middleware), configured from the environment (./config). As the quickstart says, it listens
 * only once ExpressOIDC is ready (it has read the org's discovery document). A problem before that — a bad
 * setting, the org unreachable or not an OIDC issuer — is one clear line and exit code 1, never a retry loop;
 * after that, errors the middleware reports (e.g. a failed token revocation at sign-out) are logged and the
 * app keeps serving.
 */
import type { Server } from 'node:http';
// A CommonJS module whose exports Node's ESM loader can't list: imported whole (Node gives its module.exports).
import oidcMiddleware from '@okta/oidc-middleware';
import { createWebApp, FAILURE_PATH, OIDC_SESSION_KEY } from './app';
import { isLocalHttp, loadWebConfig, WebConfigError, type WebConfig } from './config';
import { checkClientSecret } from './secret-check';

const { ExpressOIDC } = oidcMiddleware;

function fail(message: string): never {
  console.error(`web: ${message}`);
  process.exit(1);
}

function createOidc(config: WebConfig): InstanceType<typeof ExpressOIDC> {
  try {
    return new ExpressOIDC({
      issuer: config.issuer,
      client_id: config.clientId,
      client_secret: config.clientSecret,
      appBaseUrl: config.appBaseUrl,
      scope: 'openid profile email',
      sessionKey: OIDC_SESSION_KEY,
      routes: { loginCallback: { failureRedirect: FAILURE_PATH } },
      // devorg over plain http (the default local org); an https issuer (a real org, DEVORG_HTTPS=1) runs as written.
      ...(isLocalHttp(config.issuer) ? { testing: { disableHttpsCheck: true } } : {}),
    });
  } catch (err) {
    // The middleware's own checks of its settings (@okta/configuration-validation), e.g. "-admin" in the domain.
    return fail(`configuration: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function main(): void {
  let config: WebConfig;
  try {
    config = loadWebConfig();
  } catch (err) {
    return fail(err instanceof WebConfigError ? err.message : String(err));
  }
  const oidc = createOidc(config);
  const app = createWebApp(config, oidc);
  let server: Server | undefined;

  oidc.on('ready', () => {
    server = app.listen(config.port, config.host, () => {
      console.log(`web: listening on ${config.appBaseUrl} (${config.host}:${config.port})`);
      console.log(`web: signs in with ${config.issuer} as ${config.clientId}`);
      void checkClientSecret(config.issuer, config.clientId, config.clientSecret).then((verdict) => {
        if (verdict.kind === 'accepted') console.log('web: the org accepts the client secret');
        else if (verdict.kind === 'refused')
          console.error(
            `web: the org refused the client secret of ${config.clientId} (invalid_client); sign-ins will fail until WEB_OKTA_CLIENT_SECRET is the app's secret`,
          );
        else console.error(`web: could not check the client secret (${verdict.reason})`);
      });
    });
    server.on('error', (err: NodeJS.ErrnoException) =>
      fail(err.code === 'EADDRINUSE' ? `port ${config.port} is already in use (set WEB_PORT)` : err.message),
    );
  });

  oidc.on('error', (err) => {
    const message = err instanceof Error ? err.message : String(err);
    if (!server) {
      fail(
        `can't use the org at ${config.issuer}: ${message}. Is it running, and is WEB_OKTA_ISSUER its authorization server (…/oauth2/default, or the org URL)?`,
      );
    }
    console.error(`web: ${message}`);
  });

  const stop = () => {
    if (!server) process.exit(0);
    server.close(() => process.exit(0));
    // Browsers' keep-alive connections would hold close() open.
    setTimeout(() => process.exit(0), 1500).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main();

/**
 * The server-side web app (web/) in the e2e run: two instances against the e2e devorg, both as the web app
 * registered in e2e/devorg.e2e.json. One holds the app's test secret; the other a wrong one, which the org
 * really refuses at the token exchange. Started by playwright.config.ts (devorg runs only).
 */
import type { ServerSpec } from './servers';

export const WEB_APP = {
  clientId: '0oadevorgwebapp00001',
  /** The test secret of the web app in e2e/devorg.e2e.json (a test org's, not a secret). */
  secret: 'e2e-web-app-client-secret-not-a-secret',
  url: 'http://localhost:18300',
  /** The same app with a wrong client secret. */
  wrongSecretUrl: 'http://localhost:18301',
} as const;

/** Both instances in the run's server plan (./servers.ts), signing in with `issuer` (the e2e devorg's), once devorg answers. */
export function webAppServers(issuer: string): ServerSpec[] {
  const instance = (url: string, secret: string): ServerSpec => ({
    name: `web app ${new URL(url).port}`,
    // It reads the org's discovery document when it starts: it runs once the org answers, its modules
    // loaded meanwhile (./when-up.ts).
    command: `tsx e2e/support/when-up.ts ${issuer}/.well-known/openid-configuration web/main.ts`,
    url: `${url}/`,
    env: {
      WEB_OKTA_ISSUER: issuer,
      WEB_OKTA_CLIENT_ID: WEB_APP.clientId,
      WEB_OKTA_CLIENT_SECRET: secret,
      WEB_APP_BASE_URL: url,
      WEB_PORT: new URL(url).port,
    },
  });
  return [instance(WEB_APP.url, WEB_APP.secret), instance(WEB_APP.wrongSecretUrl, 'a-wrong-client-secret-for-e2e')];
}

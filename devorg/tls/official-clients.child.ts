/**
 * Run by https.test.ts as a child process, because Node reads `NODE_EXTRA_CA_CERTS` (devorg's local CA)
 * only when a process starts. The official clients are used exactly as Okta's documents write them, with
 * an https org URL and issuer and no `testing.disableHttpsCheck`; one JSON line reports what they got.
 *
 * Input (environment): DEVORG_ORG_URL, DEVORG_ISSUER, DEVORG_API_TOKEN, DEVORG_ACCESS_TOKEN.
 */
import OktaJwtVerifier from '@okta/jwt-verifier';
import { Client } from '@okta/okta-sdk-nodejs';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const client = new Client({ orgUrl: required('DEVORG_ORG_URL'), token: required('DEVORG_API_TOKEN'), cacheMiddleware: null });
  const logins: string[] = [];
  for await (const user of await client.userApi.listUsers()) if (user?.profile?.login) logins.push(user.profile.login);

  const verifier = new OktaJwtVerifier({ issuer: required('DEVORG_ISSUER') });
  const { claims } = await verifier.verifyAccessToken(required('DEVORG_ACCESS_TOKEN'), 'api://default');

  process.stdout.write(`${JSON.stringify({ logins, iss: claims.iss, sub: claims.sub })}\n`);
}

main().catch((err: unknown) => {
  const { name, message, code } = err as NodeJS.ErrnoException;
  process.stderr.write(`${JSON.stringify({ name, message, code })}\n`);
  process.exit(1);
});

import { defineConfig, devices } from '@playwright/test';
import { resolveTarget } from './e2e/target';
import { chromiumLaunchOptions } from './scripts/chromium';
import { devorgBundleCommand } from './scripts/devorg-bundle';
import { webAppServers } from './e2e/support/web-app';
import { READY_LINE, type ServerSpec } from './e2e/support/servers';

/**
 * e2e against the target org: by default an isolated devorg (its own port, data dir and API token),
 * or a real Okta org given by E2E_OKTA_ISSUER / E2E_OKTA_CLIENT_ID / E2E_OKTA_API_TOKEN (e2e/target.ts).
 * The portal is a production build served by `vite preview` with its security headers (src/csp.ts),
 * rebuilt when its sources changed since the last run's build (e2e/support/cached-build.ts).
 */
const target = resolveTarget(process.env);
const onDevorg = target.kind === 'devorg';
/** Names the JSON report and the artifacts dir, so a second run (npm run test:e2e:as-org) keeps the first's. */
const reportName = process.env.E2E_REPORT_NAME?.trim() || 'playwright';
// A headed run (--headed, --debug, --ui) needs a Chromium with a window, not the headless shell
// (scripts/chromium.ts). Workers re-read this file without the CLI's arguments, hence the variable.
if (process.argv.some((a) => a === '--headed' || a === '--ui' || a === '--debug' || a.startsWith('--debug='))) process.env.E2E_HEADED = '1';
const headed = process.env.E2E_HEADED === '1' || !!process.env.PWDEBUG;

export const E2E = {
  portalUrl: target.portalUrl,
  orgUrl: target.orgUrl,
  issuer: target.issuer,
  clientId: target.clientId,
  /** The protected API (api/), verifying the target org's access tokens. */
  apiUrl: 'http://localhost:18000',
  apiToken: target.apiToken,
  /**
   * The portal built a second time for redirect sign-in (VITE_OKTA_SIGN_IN=redirect) and without
   * offline_access, so it renews silently (e2e/redirect-*.spec.ts); devorg only. Registered with the
   * portal's app in e2e/devorg.e2e.json.
   */
  redirectPortalUrl: 'http://localhost:18480',
} as const;

/** The portal's build: one per kind of target, so a main run and an as-org run each find theirs (e2e/support/cached-build.ts). */
const portalOutDir = onDevorg ? 'dist-e2e' : 'dist-e2e-org';

/**
 * The specs of the redirect-sign-in portal, on its own build (devorg only): they set their `baseURL` to it
 * themselves (`test.use`), in the same project, so the workers that ran the others run them too. A project
 * of their own cost two more workers at the end of the run, each starting its node process, loading the
 * suite's modules and launching a browser again (~7 s per worker on this machine).
 */
const REDIRECT_SPECS = '**/redirect-*.spec.ts';

/** The run's servers (e2e/support/servers.ts starts them, each once what it needs answers). */
const servers: ServerSpec[] = [
  ...(onDevorg
    ? [
        {
          name: 'devorg',
          // One bundled file run by plain node: faster to start than through tsx (scripts/devorg-bundle.ts).
          command: `rm -rf .devorg/e2e && ${devorgBundleCommand()}`,
          url: `${E2E.issuer}/.well-known/openid-configuration`,
          env: {
            DEVORG_PORT: '17070',
            // The portal's app (both portals' redirect URIs) and trusted origins come from the file.
            DEVORG_DATA_DIR: '.devorg/e2e',
            DEVORG_CONFIG: 'e2e/devorg.e2e.json',
          },
          stdout: true,
        },
        // The server-side web app (web/): it reads the org's discovery document when it starts.
        ...webAppServers(E2E.issuer),
      ]
    : [
        // Another org: not started here, but no test starts before it answers (the as-org run starts its
        // org beside Playwright, scripts/e2e-as-org.ts; a real org answers at once).
        { name: 'target org', url: `${E2E.issuer}/.well-known/openid-configuration` },
      ]),
  {
    name: 'api',
    command: 'tsx api/main.ts',
    url: `${E2E.apiUrl}/health`,
    env: {
      API_PORT: '18000',
      API_ISSUER: E2E.issuer,
      API_PORTAL_ORIGIN: E2E.portalUrl,
    },
  },
  {
    name: 'portal',
    command: `tsx e2e/support/cached-build.ts ${portalOutDir} && vite preview --mode e2e --outDir ${portalOutDir} --port ${new URL(E2E.portalUrl).port || '80'} --strictPort`,
    url: E2E.portalUrl,
    // Against a real org, the portal is built for it: process env wins over .env.e2e in Vite.
    // .env.e2e asks for the MyAccount scopes too; a real org's app may not be granted them (capability
    // `myAccount`), and then the portal asks for its default scopes.
    env: onDevorg
      ? {}
      : {
          VITE_OKTA_ISSUER: target.issuer,
          VITE_OKTA_CLIENT_ID: target.clientId,
          VITE_DEVORG_URL: '',
          ...(target.capabilities.has('myAccount') ? {} : { VITE_OKTA_SCOPES: '' }),
        },
  },
  ...(onDevorg
    ? [
        {
          name: 'redirect portal',
          // Same sources, same .env.e2e; signs in by redirect and asks for no refresh token. No API
          // (it allows the first portal's origin only), so the dashboard shows no Messages panel.
          command: `tsx e2e/support/cached-build.ts dist-redirect && vite preview --mode e2e --outDir dist-redirect --port ${new URL(E2E.redirectPortalUrl).port} --strictPort`,
          url: E2E.redirectPortalUrl,
          env: { VITE_OKTA_SIGN_IN: 'redirect', VITE_OKTA_SCOPES: 'openid profile email', VITE_API_URL: '' },
        },
      ]
    : []),
];

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  outputDir: `test-results/${reportName}-artifacts`,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // A real org rate-limits its management API per org: one worker keeps the calls serial.
  // On devorg, 2 workers also on 2 cores (Playwright's default would be 1): a test mostly waits on the org and the browser.
  workers: onDevorg ? 2 : 1,
  reporter: [['list'], ['json', { outputFile: `test-results/${reportName}.json` }], ['./e2e/summary-reporter.ts']],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    ...devices['Desktop Chrome'],
    baseURL: E2E.portalUrl,
    locale: 'en-US',
    // A failed test keeps a screenshot and its error context (the page's accessibility tree, the call log).
    // No trace by default: recording one for every test (kept only on failure) cost ~27 % of the suite's
    // CPU on this 2-core machine (browser and worker both; ~12 % of it the DOM snapshots), and the run is
    // CPU-bound. To debug a failure, run its spec again with one: `--trace retain-on-failure` (or `on`).
    // No screencast either: recording it for every test cost ~20 % of the suite's time.
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions({ headed }),
  },
  projects: [{ name: 'portal', ...(onDevorg ? {} : { testIgnore: REDIRECT_SPECS }) }],
  // One command starts every server side by side (e2e/support/servers.ts); Playwright would start each
  // entry after the previous one answers. It stops the command's whole process group at the end.
  webServer: {
    command: 'tsx e2e/support/servers.ts',
    env: { E2E_SERVERS: JSON.stringify(servers) },
    url: E2E.portalUrl,
    wait: { stdout: new RegExp(READY_LINE) },
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
  },
});

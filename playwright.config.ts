import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/**
 * e2e against an isolated devorg (its own port, data dir and API token) and a production build of
 * the portal served by `vite preview` with its CSP header.
 */
export const E2E = {
  portalUrl: 'http://localhost:18080',
  orgUrl: 'http://localhost:17070',
  /** The protected API (api/), verifying the e2e devorg's access tokens. */
  apiUrl: 'http://localhost:18000',
  apiToken: '00devorg-e2e-api-token',
} as const;

/** Playwright's own Chromium when installed, else Debian's (this machine can't download browsers). */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

const executablePath = chromiumPath();

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright-artifacts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    ...devices['Desktop Chrome'],
    baseURL: E2E.portalUrl,
    locale: 'en-US',
    trace: 'retain-on-failure',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: [
    {
      command: 'rm -rf .devorg/e2e && tsx devorg/main.ts',
      url: `${E2E.orgUrl}/oauth2/default/.well-known/openid-configuration`,
      env: {
        DEVORG_PORT: '17070',
        DEVORG_PORTAL_ORIGIN: E2E.portalUrl,
        DEVORG_DATA_DIR: '.devorg/e2e',
        DEVORG_CONFIG: 'e2e/devorg.e2e.json',
      },
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'pipe',
    },
    {
      command: 'tsx api/main.ts',
      url: `${E2E.apiUrl}/health`,
      env: {
        API_PORT: '18000',
        API_ISSUER: `${E2E.orgUrl}/oauth2/default`,
        API_PORTAL_ORIGIN: E2E.portalUrl,
      },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: 'vite build --mode e2e --outDir dist-e2e --emptyOutDir --logLevel warn && vite preview --mode e2e --outDir dist-e2e --port 18080 --strictPort',
      url: E2E.portalUrl,
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});

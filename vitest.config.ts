import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumLaunchOptions } from './scripts/chromium.js';

export default defineConfig({
  test: {
    // The JSON report feeds .ci/run's "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        test: {
          name: 'devorg',
          environment: 'node',
          include: ['devorg/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'api',
          environment: 'node',
          include: ['api/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'web',
          environment: 'node',
          include: ['web/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'portal-unit',
          environment: 'node',
          include: ['src/**/*.unit.test.ts', 'e2e/**/*.unit.test.ts'],
        },
      },
      {
        // The widget is imported lazily; pre-bundle it so its discovery mid-run does not reload the tests.
        optimizeDeps: { include: ['@okta/okta-signin-widget/oie'] },
        test: {
          name: 'portal-browser',
          include: ['src/**/*.browser.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            // Failure screenshots would land next to the sources in src/.
            screenshotFailures: false,
            // Playwright cannot download its browsers here; Debian's Chromium does the job.
            provider: playwright({
              launchOptions: chromiumLaunchOptions(),
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});

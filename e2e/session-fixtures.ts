/**
 * Fixtures for token and session journeys, on top of ./fixtures: a way to sign in and land on the
 * dashboard, and devorg's clock (dev API) for server-side deadlines.
 */
import { expect, requires, test as base, type TestUser } from './fixtures';
import type { DashboardPage } from './pages/dashboard-page';
import type { SignInPage } from './pages/sign-in-page';
import { OrgClock } from './support/clock';

interface SessionFixtures {
  /** Signs `user` in through the widget and waits for the dashboard. */
  signInToDashboard: () => Promise<void>;
  orgClock: OrgClock;
}

async function signInToDashboard(signIn: SignInPage, dashboard: DashboardPage, user: TestUser): Promise<void> {
  await signIn.open('/login');
  await signIn.signInWith(user.login, user.password);
  await expect(dashboard.welcome).toBeVisible();
}

export const test = base.extend<SessionFixtures>({
  signInToDashboard: async ({ signIn, dashboard, user }, use) => {
    await use(() => signInToDashboard(signIn, dashboard, user));
  },

  orgClock: async ({ request }, use) => {
    requires('clock');
    await use(new OrgClock(request));
  },
});

export { expect };

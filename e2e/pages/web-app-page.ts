/**
 * Page object for the server-side web app (web/): its pages, located by role and label, and the sign-in
 * on the Okta-hosted page it sends the browser to (the real widget, served by the org).
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { Outbox } from '../support/outbox';
import type { SignInPage } from './sign-in-page';

export class WebAppPage {
  constructor(
    private readonly page: Page,
    /** Which instance: its base URL (e2e/support/web-app.ts). */
    readonly baseUrl: string,
  ) {}

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }
  get signInLink(): Locator {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' });
  }
  get signOutButton(): Locator {
    return this.page.getByRole('button', { name: 'Sign out' });
  }
  get profileLink(): Locator {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' });
  }
  get claims(): Locator {
    return this.page.getByRole('table', { name: 'Claims' });
  }
  /** The message of a problem page (sign-in failed, …). */
  get alert(): Locator {
    return this.page.getByRole('alert');
  }

  /** The value cell of one claim on the profile page. */
  claim(name: string): Locator {
    return this.claims
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name, exact: true }) })
      .getByRole('cell');
  }

  async open(path = '/'): Promise<void> {
    await this.page.goto(`${this.baseUrl}${path}`);
  }

  /**
   * On the hosted page the app sent the browser to: the identifier, the password, the emailed code, and
   * "Continue" past the optional authenticators a first sign-in is offered; then back at the app.
   */
  async signInOnHostedPage(signIn: SignInPage, outbox: Outbox, user: { login: string; email: string; password: string }): Promise<void> {
    await expect(this.page).toHaveTitle(/Sign In/);
    const seen = await outbox.messages(user.email);
    await signIn.identify(user.login);
    await signIn.enterPassword(user.password);
    const message = await outbox.next(user.email, seen);
    await signIn.enterCode(message.code);
    const back = this.page.waitForURL((url) => url.origin === this.baseUrl);
    await expect(signIn.continueWithoutOptional.or(this.heading)).toBeVisible();
    if (await signIn.continueWithoutOptional.isVisible()) await signIn.submit(signIn.continueWithoutOptional);
    await back;
  }
}

/** Page object for the embedded Sign-In Widget: locators by role and label, plus the common journeys. */
import { expect, type Locator, type Page } from '@playwright/test';

export class SignInPage {
  constructor(private readonly page: Page) {}

  get username(): Locator {
    return this.page.getByLabel('Username');
  }
  get password(): Locator {
    return this.page.getByLabel('Password', { exact: true });
  }
  get next(): Locator {
    return this.page.getByRole('button', { name: 'Next' });
  }
  get verify(): Locator {
    return this.page.getByRole('button', { name: 'Verify' });
  }

  async open(path = '/login'): Promise<void> {
    await this.page.goto(path);
  }

  async identify(username: string): Promise<void> {
    await this.username.fill(username);
    await this.next.click();
  }

  async enterPassword(password: string): Promise<void> {
    await this.password.fill(password);
    await this.verify.click();
  }

  /**
   * Re-submits the password after an error. The widget swallows a submit that arrives while it is
   * still settling the previous (failed) one, so retry the click until the request leaves the form.
   */
  async retryPassword(password: string): Promise<void> {
    await this.password.fill(password);
    await expect(async () => {
      const answered = this.page.waitForRequest(/\/idp\/idx\/challenge\/answer$/, { timeout: 1_000 });
      await this.verify.click();
      await answered;
    }).toPass({ timeout: 10_000 });
  }

  async signInWith(username: string, password: string): Promise<void> {
    await this.identify(username);
    await this.enterPassword(password);
  }
}

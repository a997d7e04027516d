/** Page object for the widget's self-service registration ("Sign up") views, located by role and label. */
import { expect, type Locator, type Page } from '@playwright/test';

export interface RegistrationProfile {
  email: string;
  firstName: string;
  lastName: string;
}

export class RegistrationPage {
  constructor(private readonly page: Page) {}

  get signUpLink(): Locator {
    return this.page.getByRole('link', { name: 'Sign up' });
  }
  get email(): Locator {
    return this.page.getByLabel('Email');
  }
  get firstName(): Locator {
    return this.page.getByLabel('First name');
  }
  get lastName(): Locator {
    return this.page.getByLabel('Last name');
  }
  get signUp(): Locator {
    return this.page.getByRole('button', { name: 'Sign Up' });
  }
  get newPassword(): Locator {
    return this.page.getByLabel('Enter password', { exact: true });
  }
  get confirmPassword(): Locator {
    return this.page.getByLabel('Re-enter password');
  }
  get code(): Locator {
    return this.page.getByLabel('Enter code');
  }
  get verify(): Locator {
    return this.page.getByRole('button', { name: 'Verify' });
  }

  /** The sign-in page, then the widget's "Sign up" link. */
  async open(): Promise<void> {
    await this.page.goto('/login');
    await this.signUpLink.click();
    await expect(this.email).toBeVisible();
  }

  async submitProfile(profile: RegistrationProfile): Promise<void> {
    await this.email.fill(profile.email);
    await this.firstName.fill(profile.firstName);
    await this.lastName.fill(profile.lastName);
    await this.signUp.click();
  }

  async setPassword(password: string): Promise<void> {
    await this.newPassword.fill(password);
    await this.confirmPassword.fill(password);
    await this.submitWaitingFor(this.page.getByRole('button', { name: 'Next' }), /\/idp\/idx\/challenge\/answer$/);
  }

  async enterCode(code: string): Promise<void> {
    await this.code.fill(code);
    await this.submitWaitingFor(this.verify, /\/idp\/idx\/challenge\/answer$/);
  }

  /** The optional authenticators the org offers after the required ones: postponed ("Set up later"). */
  async setUpLater(): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Set up security methods' })).toBeVisible();
    await this.submitWaitingFor(this.page.getByRole('link', { name: 'Continue', exact: true }), /\/idp\/idx\/skip$/);
  }

  /**
   * Clicks until the request leaves the form: the widget swallows a submit that arrives while it is
   * still settling the previous (failed) one.
   */
  private async submitWaitingFor(button: Locator, url: RegExp): Promise<void> {
    await expect(async () => {
      const sent = this.page.waitForRequest(url, { timeout: 1_000 });
      await button.click();
      await sent;
    }).toPass({ timeout: 10_000 });
  }
}

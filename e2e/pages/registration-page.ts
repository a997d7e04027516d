/** Page object for the widget's self-service registration ("Sign up") views, located by role and label. */
import { expect, type Locator, type Page } from '@playwright/test';
import { fillForm, submitToOrg } from './sign-in-page';

export interface RegistrationProfile {
  email: string;
  firstName: string;
  lastName: string;
  /** The Username, on an org whose registration form asks for one (a `login` profile attribute). */
  login?: string;
}

export interface ProfileFormOptions {
  /** The password typed on the form itself, on an org that puts it there (`policies.enrollAuthenticatorTypes`). */
  password?: string;
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
  /** The Username, when the org's registration form asks for one. */
  get username(): Locator {
    return this.page.getByLabel('Username');
  }
  /** The password on the registration form itself, when the org puts it there. */
  get passwordOnForm(): Locator {
    return this.page.getByLabel('Password', { exact: true });
  }
  /** The profile form's heading (the widget's "Sign up" view). */
  get profileHeading(): Locator {
    return this.page.getByRole('heading', { name: 'Sign up' });
  }
  /** The password enrollment form's heading. */
  get passwordHeading(): Locator {
    return this.page.getByRole('heading', { name: 'Set up password' });
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

  async submitProfile(profile: RegistrationProfile, opts: ProfileFormOptions = {}): Promise<void> {
    await fillForm(
      [
        [this.email, profile.email],
        [this.firstName, profile.firstName],
        [this.lastName, profile.lastName],
        ...(profile.login !== undefined ? [[this.username, profile.login] as const] : []),
        ...(opts.password !== undefined ? [[this.passwordOnForm, opts.password] as const] : []),
      ],
      this.profileHeading,
    );
    await this.signUp.click();
  }

  async setPassword(password: string): Promise<void> {
    await fillForm(
      [
        [this.newPassword, password],
        [this.confirmPassword, password],
      ],
      this.passwordHeading,
    );
    await submitToOrg(this.page, this.page.getByRole('button', { name: 'Next' }), /\/idp\/idx\/challenge\/answer$/);
  }

  async enterCode(code: string): Promise<void> {
    await fillForm([[this.code, code]]);
    await submitToOrg(this.page, this.verify, /\/idp\/idx\/challenge\/answer$/);
  }

  /** The optional authenticators the org offers after the required ones: postponed ("Set up later"). */
  async setUpLater(): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Set up security methods' })).toBeVisible();
    await submitToOrg(this.page, this.page.getByRole('link', { name: 'Continue', exact: true }), /\/idp\/idx\/skip$/);
  }
}

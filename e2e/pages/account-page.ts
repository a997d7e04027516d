/**
 * Page object for the portal's account page (<account-page>, `/account`): the profile form, the
 * security methods, the password and "Sign out everywhere else", by role and label.
 */
import type { Locator, Page } from '@playwright/test';
import { fillForm } from './sign-in-page';

export class AccountPage {
  constructor(private readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: 'Your account' });
  }
  get profile(): Locator {
    return this.page.getByRole('region', { name: 'Profile' });
  }
  get firstName(): Locator {
    return this.profile.getByLabel('First name');
  }
  get lastName(): Locator {
    return this.profile.getByLabel('Last name');
  }
  get save(): Locator {
    return this.profile.getByRole('button', { name: 'Save changes' });
  }
  /** What the profile section says after "Save changes". */
  get saved(): Locator {
    return this.profile.getByRole('status').filter({ hasText: 'Your name is saved.' });
  }
  get sessions(): Locator {
    return this.page.getByRole('region', { name: 'Sessions' });
  }
  get signOutEverywhereElse(): Locator {
    return this.sessions.getByRole('button', { name: 'Sign out everywhere else' });
  }
  get signedOutElsewhere(): Locator {
    return this.sessions.getByRole('status').filter({ hasText: 'You are signed out everywhere else.' });
  }
  get security(): Locator {
    return this.page.getByRole('region', { name: 'Security methods' });
  }
  /** The security methods, one list item each (its name, what the org shows of it, when it was set up). */
  get methods(): Locator {
    return this.security.getByRole('list', { name: 'Your security methods' }).getByRole('listitem');
  }
  method(name: string | RegExp): Locator {
    return this.methods.filter({ hasText: name });
  }
  /** The buttons that remove a method ("Remove <name>"). */
  /** "Set up" beside one of the methods the org lets the user add ("Set up Google Authenticator"). */
  addButton(name: string): Locator {
    return this.security.getByRole('button', { name: `Set up ${name}` });
  }
  get removeButtons(): Locator {
    return this.security.getByRole('button', { name: /^Remove / });
  }
  /** The confirmation before a method is removed. */
  get confirmRemoval(): Locator {
    return this.page.getByRole('dialog', { name: /^Remove .+\?$/ });
  }
  get password(): Locator {
    return this.page.getByRole('region', { name: 'Change your password' });
  }
  /** The org's password rules, listed before typing, each saying "(met)" or "(not met yet)". */
  get passwordRules(): Locator {
    return this.password.getByRole('list', { name: 'A new password needs:' }).getByRole('listitem');
  }
  get newPassword(): Locator {
    return this.password.getByLabel('New password', { exact: true });
  }
  get confirmPassword(): Locator {
    return this.password.getByLabel('Confirm new password');
  }
  get changePassword(): Locator {
    return this.password.getByRole('button', { name: 'Change password' });
  }
  /** The dashboard's link here. */
  get link(): Locator {
    return this.page.getByRole('link', { name: 'Manage your account' });
  }

  async rename(firstName: string, lastName: string): Promise<void> {
    await fillForm(
      [
        [this.firstName, firstName],
        [this.lastName, lastName],
      ],
      this.profile,
    );
    await this.save.click();
  }
}

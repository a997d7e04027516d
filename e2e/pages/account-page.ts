/**
 * Page object for the portal's account page (<account-page>, `/account`): the profile form and
 * "Sign out everywhere else", by role and label.
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

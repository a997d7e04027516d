/** Page object for the widget's password recovery views ("Forgot password?" → code → new password), by role and label. */
import { expect, type Locator, type Page } from '@playwright/test';
import { fillForm, submitToOrg } from './sign-in-page';

export class RecoveryPage {
  constructor(private readonly page: Page) {}

  /** "Forgot password?" on the password challenge (the org's `currentAuthenticatorEnrollment.recover`). */
  get forgotPassword(): Locator {
    return this.page.getByRole('link', { name: 'Forgot password?' });
  }
  /** Starts over with a new transaction (the widget's "Back to sign in"). */
  get backToSignIn(): Locator {
    return this.page.getByRole('link', { name: 'Back to sign in' });
  }
  /** The new-password form's heading. */
  get title(): Locator {
    return this.page.getByRole('heading', { name: 'Reset your password' });
  }
  get newPassword(): Locator {
    return this.page.getByLabel('New password', { exact: true });
  }
  get confirmPassword(): Locator {
    return this.page.getByLabel('Re-enter password', { exact: true });
  }
  get resetPassword(): Locator {
    return this.page.getByRole('button', { name: 'Reset Password' });
  }

  /** Types the new password twice and submits it. */
  async setNewPassword(password: string): Promise<void> {
    await expect(this.newPassword).toBeVisible();
    await fillForm(
      [
        [this.newPassword, password],
        [this.confirmPassword, password],
      ],
      this.title,
    );
    await submitToOrg(this.page, this.resetPassword, /\/idp\/idx\/challenge\/answer$/);
  }
}

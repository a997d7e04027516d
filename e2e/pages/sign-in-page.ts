/** Page object for the embedded Sign-In Widget: locators by role and label, plus the common journeys. */
import { expect, type Locator, type Page } from '@playwright/test';
import type { CodeSource, OutboxMessage } from '../support/outbox';
import type { DashboardPage } from './dashboard-page';

export class SignInPage {
  /**
   * `dashboard`: where a finished sign-in lands. `codes`: where to read the codes the org sends (without
   * it, sign-ins still finish where the org asks for no code, and say so where it does).
   */
  constructor(
    private readonly page: Page,
    private readonly dashboard: DashboardPage,
    private readonly codes?: CodeSource,
  ) {}

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
  get code(): Locator {
    return this.page.getByLabel('Enter code');
  }
  /** Submits a code: a button on most forms, a link on the TOTP set-up form. */
  get verifyCode(): Locator {
    return this.page
      .getByRole('button', { name: 'Verify' })
      .or(this.page.getByRole('link', { name: 'Verify', exact: true }))
      .first();
  }
  /** The email challenge first offers the magic link; this switches it to typing the code. */
  get enterCodeInstead(): Locator {
    return this.page.getByRole('button', { name: 'Enter a verification code instead' });
  }
  /** "Continue" on the optional-enrollment list ("Set up later"). */
  get continueWithoutOptional(): Locator {
    return this.page.getByRole('link', { name: 'Continue', exact: true });
  }
  /** The identify form's "Keep me signed in" (the org's `rememberMe` field: a persistent org session). */
  get keepMeSignedIn(): Locator {
    return this.page.getByRole('checkbox', { name: 'Keep me signed in' });
  }
  /** The widget's way out of a step or a terminal error: a new transaction from the identify form. */
  get backToSignIn(): Locator {
    return this.page.getByRole('link', { name: 'Back to sign in' });
  }
  /** The portal's offer, above a widget that resumed a sign-in begun earlier: a new one from the username. */
  get startOver(): Locator {
    return this.page.getByRole('button', { name: 'Start over' });
  }
  get passwordHeading(): Locator {
    return this.page.getByRole('heading', { name: 'Verify with your password' });
  }

  async open(path = '/login'): Promise<void> {
    await this.page.goto(path);
  }

  async identify(username: string, opts: { keepMeSignedIn?: boolean } = {}): Promise<void> {
    await fillForm([[this.username, username]]);
    if (opts.keepMeSignedIn !== undefined) {
      // The widget's styled checkbox: its label lies over the input and takes the click.
      if ((await this.keepMeSignedIn.isChecked()) !== opts.keepMeSignedIn)
        await this.page.getByText('Keep me signed in', { exact: true }).click();
      await expect(this.keepMeSignedIn).toBeChecked({ checked: opts.keepMeSignedIn });
    }
    await this.next.click();
  }

  async enterPassword(password: string): Promise<void> {
    await fillForm([[this.password, password]]);
    await this.verify.click();
  }

  /**
   * Re-submits the password after an error. The widget swallows a submit that arrives while it is
   * still settling the previous (failed) one, so retry the click until the request leaves the form.
   */
  async retryPassword(password: string): Promise<void> {
    await fillForm([[this.password, password]]);
    await this.submit(this.verify);
  }

  /** Enters a code (email, SMS, TOTP) and submits it. */
  async enterCode(code: string): Promise<void> {
    await expect(this.code.or(this.enterCodeInstead).first()).toBeVisible();
    if (!(await this.code.isVisible())) await this.enterCodeInstead.click();
    await fillForm([[this.code, code]]);
    await this.submit(this.verifyCode);
  }

  /**
   * The whole sign-in under the org's default policy: identifier, password, then the second factor
   * by email (enrolling it at the first sign-in, with the code from the outbox) and "Continue" past
   * the optional authenticators. `email` is where codes go (the test users' login is their email).
   */
  async signInWith(username: string, password: string, email = username, opts: { keepMeSignedIn?: boolean } = {}): Promise<void> {
    // Read before identify: with an org session identify itself may send the email code.
    const seen = this.codes ? await this.codes.messages(email) : [];
    await this.identify(username, opts);
    // The user's org session in this browser (a sign-in not ended by sign-out) skips the password,
    // as on Okta; the org then asks only for what the session lacks, often nothing.
    await expect(this.password.or(this.code).or(this.enterCodeInstead).or(this.dashboard.welcome).first()).toBeVisible();
    if (await this.password.isVisible()) await this.enterPassword(password);
    await this.passEmailFactor(email, seen);
  }

  /** Identifier and password only: for tests that drive the second factor themselves. */
  async signInWithoutSecondFactor(username: string, password: string): Promise<void> {
    await this.identify(username);
    await this.enterPassword(password);
  }

  /** Answers the email code if the org asks for one, then postpones optional enrollment if offered. */
  async passEmailFactor(email: string, seen: readonly OutboxMessage[] = []): Promise<void> {
    const incorrect = this.page.getByText('Password is incorrect');
    await expect(this.code.or(this.enterCodeInstead).or(this.dashboard.welcome).or(incorrect).first()).toBeVisible();
    if (!(await this.code.isVisible()) && !(await this.enterCodeInstead.isVisible())) return;
    if (!this.codes)
      throw new Error("the org asks for an email code, and this target offers no outbox to read it from (requires('outbox'))");
    const message = await this.codes.next(email, seen);
    await this.enterCode(message.code);
    await this.skipOptionalIfOffered();
  }

  async skipOptionalIfOffered(): Promise<void> {
    await expect(this.continueWithoutOptional.or(this.dashboard.welcome).first()).toBeVisible();
    if (await this.continueWithoutOptional.isVisible()) await this.submit(this.continueWithoutOptional);
  }

  async submit(control: Locator): Promise<void> {
    await submitToOrg(this.page, control);
  }
}

/**
 * Fills several fields of one widget form and checks that each holds its value, filling them all again
 * until they do. `form` (the form's heading) is the form expected: it must show before the first field
 * is touched and still show once all hold their values, so a fill never lands in the previous or the
 * next step's form. The widget focuses a form's first field when it renders, and on a loaded machine a
 * late render can take the focus back while Playwright types into a later field (its text then lands
 * in the first one): seen as "…@example.testRita" in the registration form's email.
 */
export async function fillForm(fields: ReadonlyArray<readonly [Locator, string]>, form?: Locator): Promise<void> {
  if (form) await expect(form).toBeVisible();
  await expect(async () => {
    for (const [field, value] of fields) {
      await expect(field).toBeEditable({ timeout: 2_000 });
      await field.fill(value, { timeout: 2_000 });
    }
    for (const [field, value] of fields) await expect(field).toHaveValue(value, { timeout: 500 });
    if (form) await expect(form).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
}

/**
 * Clicks until the request leaves the widget (it ignores a click while it settles the last answer).
 * A click whose request leaves late still counts: once the control is gone the widget has moved on,
 * so a retry never clicks a control of the previous step.
 */
export async function submitToOrg(page: Page, control: Locator, request: RegExp = /\/idp\/idx\//): Promise<void> {
  await expect(control).toBeVisible();
  await expect(async () => {
    if (!(await control.isVisible())) return;
    await Promise.all([page.waitForRequest(request, { timeout: 2_000 }), control.click({ timeout: 2_000 })]);
  }).toPass({ timeout: 15_000 });
}

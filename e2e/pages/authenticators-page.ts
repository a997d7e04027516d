/** Page object for the widget's authenticator views: picking one to set up or verify with, and TOTP set-up. */
import { expect, type Locator, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import type { CodeSource } from '../support/outbox';
import { submitToOrg, type SignInPage } from './sign-in-page';

/** The code an authenticator app shows for `secret` at `timestamp` (RFC 6238, 30 s, 6 digits, SHA1). */
export function totpCode(secret: string, timestamp = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret.replace(/\s+/g, '')), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp,
  });
}

export class AuthenticatorsPage {
  /** `signIn`: the widget's code form, which the set-up flows end on. */
  constructor(
    private readonly page: Page,
    private readonly signIn: SignInPage,
  ) {}

  /** "Set up" on one authenticator of the "Set up security methods" list. */
  setUpLink(name: string): Locator {
    return this.page.getByRole('link', { name: `Set up ${name}.` });
  }

  /** "Select" on one authenticator of the "Verify it's you" list ("Select Phone - +1 XXX-XXX-0100." names the number too). */
  selectLink(name: string): Locator {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.page.getByRole('link', { name: new RegExp(`^Select ${escaped}( - [^.]+)?\\.$`) });
  }

  /** A choice of the widget's styled radios (its label lies over the input and takes the click). */
  async choose(label: string): Promise<void> {
    const radio = this.page.getByRole('radio', { name: label });
    if (!(await radio.isChecked())) await this.page.getByText(label, { exact: true }).click();
    await expect(radio).toBeChecked();
  }

  /**
   * Picks an authenticator to set up. The list may still be settling the answer that showed it and
   * swallow a first click (more likely the faster the test): clicked until the request leaves.
   */
  async setUp(name: string): Promise<void> {
    await submitToOrg(this.page, this.setUpLink(name));
  }

  /** Picks an authenticator to verify with (clicked until the request leaves, as in `setUp`). */
  async select(name: string): Promise<void> {
    await submitToOrg(this.page, this.selectLink(name));
  }

  /**
   * Sets up Phone by SMS from the "Set up security methods" list: the number as a person types it, then
   * the code the org texts to `e164` (read from `codes`).
   */
  async setUpPhoneBySms(codes: CodeSource, national: string, e164: string): Promise<void> {
    await this.setUpPhone(codes, national, e164, 'SMS');
  }

  /**
   * Sets up Phone from the "Set up security methods" list by `method` (the widget's "SMS" / "Voice call"
   * choice): the number as a person types it, then the code the org texts or reads out to `e164`.
   */
  async setUpPhone(codes: CodeSource, national: string, e164: string, method: 'SMS' | 'Voice call'): Promise<void> {
    await this.setUp('Phone');
    await this.choose(method);
    await this.page.getByLabel('Phone number').fill(national);
    const seen = await codes.messages(e164);
    const name = method === 'SMS' ? 'Receive a code via SMS' : 'Receive a code via voice call';
    const receive = this.page.getByRole('button', { name }).or(this.page.getByRole('link', { name })).first();
    await submitToOrg(this.page, receive);
    await this.signIn.enterCode((await codes.next(e164, seen)).code);
  }

  /**
   * On "Verify with your phone" (the org asks how to send the code): the primary "Receive a code via SMS"
   * or the secondary "Receive a voice call instead".
   */
  async sendPhoneCode(method: 'SMS' | 'Voice call'): Promise<void> {
    const receive =
      method === 'SMS'
        ? this.page.getByRole('button', { name: 'Receive a code via SMS' })
        : this.page.getByRole('link', { name: 'Receive a voice call instead' });
    await submitToOrg(this.page, receive);
  }

  /** The passkey set-up form's "Set up" (a link in the widget), which asks the browser to create the credential. */
  get passkeySetUp(): Locator {
    return this.page.getByRole('link', { name: 'Set up', exact: true });
  }

  /**
   * Sets up a passkey from the "Set up security methods" list: "Set up a passkey." then the form's
   * "Set up", which the browser's authenticator answers.
   */
  async setUpPasskey(): Promise<void> {
    await this.setUp('a passkey');
    await expect(this.page.getByRole('heading', { name: 'Set up a passkey' })).toBeVisible();
    await submitToOrg(this.page, this.passkeySetUp);
  }

  /** The passkey promotion after sign-in (`enroll-authenticator-promotion`), as widget 7.49 titles it. */
  get promotionHeading(): Locator {
    return this.page.getByRole('heading', { name: 'Set up a passkey: more secure, easier to use.' });
  }

  /** The promotion's "Create a passkey", which asks the browser to create the credential. */
  get createPasskey(): Locator {
    return this.page.getByRole('link', { name: 'Create a passkey' });
  }

  /** The promotion's "Maybe later" (IDX `skip`). */
  get maybeLater(): Locator {
    return this.page.getByRole('link', { name: 'Maybe later' });
  }

  /** The passkey challenge's "Verify" / "Retry", shown again once a ceremony failed. */
  get retryPasskey(): Locator {
    return this.page.getByRole('link', { name: /^(Verify|Retry)$/ });
  }

  /** "Select a passkey." on the "Verify it's you" list; the widget asks the browser for an assertion at once. */
  async verifyWithPasskey(): Promise<void> {
    await this.select('a passkey');
  }

  get qrCode(): Locator {
    return this.page.getByRole('img', { name: /QR code/i });
  }

  /** Google Authenticator set-up: "Can't scan?" shows the secret as text; returns it. */
  async revealTotpSecret(): Promise<string> {
    await this.page.getByRole('link', { name: "Can't scan?" }).click();
    const secret = this.page.locator('.shared-secret input, .shared-secret').first();
    await expect(secret).toBeVisible();
    const value = (await secret.inputValue().catch(() => '')) || (await secret.textContent()) || '';
    expect(value.trim()).toMatch(/^[A-Z2-7]{16,}$/);
    return value.trim();
  }
}

/**
 * Page object for the portal's dashboard (<user-dashboard>): the welcome heading, the session card
 * (<token-status>: the countdown and "Renew now"), the messages panel and sign-out, by role and label.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { idTokenClaims } from '../support/tokens';

export class DashboardPage {
  constructor(private readonly page: Page) {}

  /** The heading that greets whoever is signed in: the dashboard is showing. */
  get welcome(): Locator {
    return this.page.getByRole('heading', { level: 1, name: /^Welcome, / });
  }
  /** The welcome heading for `name` (the ID token's `name` claim). */
  welcomeFor(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name: `Welcome, ${name}` });
  }
  get signOutButton(): Locator {
    return this.page.getByRole('button', { name: 'Sign out' });
  }
  /** The "Your session" card. */
  get session(): Locator {
    return this.page.getByRole('region', { name: 'Your session' });
  }
  /** <token-status>'s live countdown: "Access token expires in …" (or "has expired"). */
  get tokenStatus(): Locator {
    // A regular expression meets the text as written, line breaks of the template included.
    return this.session.getByText(/Access token\s+(expires in|has expired)/);
  }
  get renewButton(): Locator {
    return this.page.getByRole('button', { name: 'Renew now' });
  }
  /** What <token-status> announces once "Renew now" has renewed the tokens. */
  get renewed(): Locator {
    return this.page.getByRole('status').filter({ hasText: /^Access token renewed\./ });
  }
  /** The messages panel (<messages-panel>: what the protected API returned). */
  get messages(): Locator {
    return this.page.getByRole('region', { name: 'Messages' });
  }
  get reloadMessagesButton(): Locator {
    return this.messages.getByRole('button', { name: 'Reload messages' });
  }
  /** The landing page's "Sign in" link: where sign-out leads. */
  get signedOut(): Locator {
    return this.page.getByRole('link', { name: 'Sign in' }).first();
  }

  async open(): Promise<void> {
    await this.page.goto('/dashboard');
  }

  /** "Sign out", then waits for the signed-out landing page. */
  async signOut(): Promise<void> {
    await this.signOutButton.click();
    await expect(this.signedOut).toBeVisible();
  }

  async renewNow(): Promise<void> {
    await this.renewButton.click();
  }

  async reloadMessages(): Promise<void> {
    await this.reloadMessagesButton.click();
  }

  /** The claims of the ID token the dashboard shows (as auth-js stored it). */
  idTokenClaims(): Promise<Record<string, unknown>> {
    return idTokenClaims(this.page);
  }
}

import { html } from 'lit';
import { describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-lit';
import type { AuthSnapshot } from '../auth/auth-context';
import { SignOutRequestEvent } from '../events';
import { signedInSnapshot } from '../testing/fixtures';
import './user-dashboard';
import type { UserDashboard } from './user-dashboard';

/** The dashboard's <dt>/<dd> pairs as text. */
function definitions(element: UserDashboard): Record<string, string> {
  const terms = [...element.shadowRoot!.querySelectorAll('dt')];
  return Object.fromEntries(terms.map((dt) => [dt.textContent.trim(), dt.nextElementSibling?.textContent.trim() ?? '']));
}

function renderDashboard(auth: AuthSnapshot, signingOut = false) {
  const screen = render(html`<user-dashboard .auth=${auth} ?signing-out=${signingOut}></user-dashboard>`);
  const element = screen.container.querySelector('user-dashboard') as UserDashboard;
  return { screen, element };
}

describe('<user-dashboard>', () => {
  it('renders the user from the ID token claims', async () => {
    const auth = signedInSnapshot({ amr: ['pwd', 'otp', 'swk'], locale: 'en_US', zoneinfo: 'America/Los_Angeles' });
    const { screen, element } = renderDashboard(auth);

    await expect.element(screen.getByRole('heading', { level: 1, name: 'Welcome, Ada Lovelace' })).toBeVisible();
    await expect.element(screen.getByRole('region', { name: 'Your profile' })).toBeVisible();
    const shown = definitions(element);
    expect(shown).toMatchObject({
      Name: 'Ada Lovelace',
      Email: 'ada@example.test',
      'Language and region': 'English (United States)',
      'Time zone': 'Pacific Time (America/Los_Angeles)',
      'How you signed in': 'Password, one-time code, and swk',
    });
    // The username is the email here: shown once.
    expect(shown).not.toHaveProperty('Username');

    const times = [...element.shadowRoot!.querySelector('[aria-labelledby="session"]')!.querySelectorAll('time')].map((t) => t.dateTime);
    expect(times).toEqual([
      new Date(auth.idToken.claims.auth_time! * 1000).toISOString(),
      new Date(auth.idToken.expiresAt * 1000).toISOString(),
      new Date(auth.accessToken.expiresAt * 1000).toISOString(),
    ]);
  });

  it('shows the username when it differs from the email, and what the token leaves out as not shared', async () => {
    const { element } = renderDashboard(signedInSnapshot({ preferred_username: 'ada.l', locale: undefined, zoneinfo: undefined }));
    await element.updateComplete;
    expect(definitions(element)).toMatchObject({
      Username: 'ada.l',
      'Language and region': 'Not shared',
      'Time zone': 'Not shared',
    });
  });

  it('says "with multi-factor" rather than listing mfa as a method', async () => {
    const { element } = renderDashboard(signedInSnapshot({ amr: ['pwd', 'email', 'mfa'] }));
    await element.updateComplete;
    expect(definitions(element)['How you signed in']).toBe('Password and email code, with multi-factor');
  });

  it('falls back to the username when the token has no name', async () => {
    const { screen } = renderDashboard(signedInSnapshot({ name: undefined, preferred_username: 'ada.l' }));
    await expect.element(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Welcome, ada.l');
  });

  it('lists every ID token claim in a table, time claims as dates in the browser locale', async () => {
    const auth = signedInSnapshot({ custom: { nested: true }, tags: ['a', 'b'] });
    const { screen, element } = renderDashboard(auth);
    const table = screen.getByRole('region', { name: 'ID token claims' }).getByRole('table');
    await expect.element(table).toBeVisible();
    const claimsElement = element.shadowRoot!.querySelector('id-token-claims')!;
    const rows = [...claimsElement.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => [
      tr.querySelector('th')!.textContent.trim(),
      tr.querySelector('td')!.textContent.replace(/\s+/g, ' ').trim(),
    ]);
    expect(rows.map(([name]) => name)).toEqual(Object.keys(auth.idToken.claims));
    const byName = Object.fromEntries(rows);
    expect(byName).toMatchObject({ email: 'ada@example.test', amr: 'pwd, otp', custom: '{"nested":true}', tags: 'a, b' });
    const iat = auth.idToken.claims.iat!;
    const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    expect(byName.iat).toBe(`${format.format(new Date(iat * 1000))} (${iat})`);
    expect(claimsElement.shadowRoot!.querySelector('time')!.dateTime).toBe(new Date(auth.idToken.claims.auth_time! * 1000).toISOString());
  });

  it('shows the raw claims as JSON text inside a disclosure', async () => {
    const auth = signedInSnapshot();
    const { screen, element } = renderDashboard(auth);
    await screen.getByText('Raw ID token claims').click();
    const pre = element.shadowRoot!.querySelector('id-token-claims')!.shadowRoot!.querySelector('details[open] pre');
    expect(JSON.parse(pre?.textContent ?? '')).toEqual(auth.idToken.claims);
  });

  it('renders hostile claims as text, never as markup', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    const { screen, element } = renderDashboard(signedInSnapshot({ name: payload, email: payload, amr: [payload] }));

    await expect.element(screen.getByRole('heading', { level: 1 })).toHaveTextContent(`Welcome, ${payload}`);
    expect(definitions(element)).toMatchObject({ Email: payload, 'How you signed in': payload });
    expect(element.shadowRoot!.querySelector('img')).toBeNull();
    const claimsRoot = element.shadowRoot!.querySelector('id-token-claims')!.shadowRoot!;
    await expect.poll(() => claimsRoot.querySelector('td')?.textContent).toBeTruthy();
    expect([...claimsRoot.querySelectorAll('td')].some((td) => td.textContent === payload)).toBe(true);
    expect(claimsRoot.querySelector('img')).toBeNull();
  });

  it('asks the shell to sign out, and shows the busy state it is given', async () => {
    const { screen, element } = renderDashboard(signedInSnapshot());
    const requested = vi.fn();
    document.addEventListener(SignOutRequestEvent.eventName, requested);
    try {
      await screen.getByRole('button', { name: 'Sign out' }).click();
      expect(requested).toHaveBeenCalledOnce();
    } finally {
      document.removeEventListener(SignOutRequestEvent.eventName, requested);
    }

    element.signingOut = true;
    await expect.element(screen.getByRole('button', { name: 'Sign out' })).toBeDisabled();
    await expect.element(screen.getByRole('status')).toHaveTextContent('Signing you out…');
  });

  it('shows the groups claim as a list when the token has one, and no groups card without it', async () => {
    const { screen } = renderDashboard(signedInSnapshot({ groups: ['Everyone', 'Admins'] }));
    const card = screen.getByRole('region', { name: 'Your groups' });
    await expect.element(card).toBeVisible();
    expect(
      card
        .getByRole('listitem')
        .elements()
        .map((li) => li.textContent),
    ).toEqual(['Everyone', 'Admins']);

    const none = renderDashboard(signedInSnapshot());
    await expect.element(none.screen.getByRole('region', { name: 'Your profile' })).toBeVisible();
    expect(none.element.shadowRoot!.querySelector('[aria-labelledby="groups"]')).toBeNull();
  });

  it('renders hostile group names as text', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    const { screen, element } = renderDashboard(signedInSnapshot({ groups: [payload, 42] }));
    await expect.element(screen.getByRole('listitem')).toHaveTextContent(payload);
    expect(element.shadowRoot!.querySelector('img')).toBeNull();
  });
});

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
    const auth = signedInSnapshot({ amr: ['pwd', 'otp', 'swk'] });
    const { screen, element } = renderDashboard(auth);

    await expect.element(screen.getByRole('heading', { level: 1, name: 'Welcome, Ada Lovelace' })).toBeVisible();
    await expect.element(screen.getByRole('region', { name: 'Your profile' })).toBeVisible();
    expect(definitions(element)).toMatchObject({
      Email: 'ada@example.test',
      Username: 'ada@example.test',
      'How you signed in': 'Password, One-time code, and swk',
    });

    const times = [...element.shadowRoot!.querySelectorAll('time')].map((t) => t.dateTime);
    expect(times).toEqual([
      new Date(auth.idToken.claims.auth_time! * 1000).toISOString(),
      new Date(auth.idToken.expiresAt * 1000).toISOString(),
      new Date(auth.accessToken.expiresAt * 1000).toISOString(),
    ]);
  });

  it('falls back to the username when the token has no name', async () => {
    const { screen } = renderDashboard(signedInSnapshot({ name: undefined, preferred_username: 'ada.l' }));
    await expect.element(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Welcome, ada.l');
  });

  it('shows the raw claims as JSON text inside a disclosure', async () => {
    const auth = signedInSnapshot();
    const { screen, element } = renderDashboard(auth);
    await screen.getByText('Raw ID token claims').click();
    const pre = element.shadowRoot!.querySelector('details[open] pre');
    expect(JSON.parse(pre?.textContent ?? '')).toEqual(auth.idToken.claims);
  });

  it('renders hostile claims as text, never as markup', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    const { screen, element } = renderDashboard(signedInSnapshot({ name: payload, email: payload, amr: [payload] }));

    await expect.element(screen.getByRole('heading', { level: 1 })).toHaveTextContent(`Welcome, ${payload}`);
    expect(definitions(element)).toMatchObject({ Email: payload, 'How you signed in': payload });
    expect(element.shadowRoot!.querySelector('img')).toBeNull();
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

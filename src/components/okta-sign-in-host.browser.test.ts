import { html } from 'lit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-lit';
import { createAuthClient } from '../auth/auth';
import type { PortalConfig } from '../config';
import { sessionFor } from '../testing/fixtures';
import './okta-sign-in-host';

const config: PortalConfig = {
  issuer: 'http://localhost:7070/oauth2/default',
  clientId: '0oadevorgportal00001',
  redirectUri: `${window.location.origin}/login/callback`,
  postLogoutRedirectUri: `${window.location.origin}/`,
  scopes: ['openid', 'profile', 'email'],
  tokenStorage: 'memory',
  signIn: 'embedded',
};

const urlOf = (input: RequestInfo | URL) => (input instanceof Request ? input.url : String(input));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('<okta-sign-in-host>', () => {
  it('says the org is unreachable, with a Retry that tries again', async () => {
    // The org is unreachable: discovery fails, with CORS and without.
    const fetch = vi.spyOn(window, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const screen = render(
      html`<okta-sign-in-host .session=${sessionFor(config, createAuthClient(config), 'signed-out')}></okta-sign-in-host>`,
    );

    const alert = screen.getByRole('alert');
    await expect.element(alert, { timeout: 15_000 }).toHaveTextContent(/^Can't reach the Okta org at http:\/\/localhost:7070/);
    // The explanation replaces the loading skeleton: nothing is busy any more.
    expect(screen.container.querySelector('.sign-in-host-skeleton')).toBeNull();
    expect(screen.container.querySelector('.sign-in-host-frame')!.getAttribute('aria-busy')).toBe('false');
    expect(fetch.mock.calls[0]?.[0]).toBe(`${config.issuer}/.well-known/openid-configuration`);
    expect(document.querySelectorAll('#okta-sign-in')).toHaveLength(0);

    const attempts = fetch.mock.calls.length;
    await screen.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => fetch.mock.calls.length).toBeGreaterThan(attempts);
    await expect.element(alert).toHaveTextContent(/^Can't reach the Okta org/);
  });

  it('holds the widget until the transaction begun for it fails, then mounts it where document lookups find it', async () => {
    // Discovery answers; the head start's /v1/interact is refused, and the widget's own never answers,
    // so the widget stays mounted (waiting) until the element goes away.
    let interacts = 0;
    const fetch = vi.spyOn(window, 'fetch').mockImplementation((input) => {
      const url = urlOf(input);
      if (url.endsWith('/.well-known/openid-configuration')) {
        return Promise.resolve(
          new Response(JSON.stringify({ issuer: config.issuer, code_challenge_methods_supported: ['S256'] }), {
            headers: { 'Content-Type': 'application/json' },
          }),
        );
      }
      if (url.endsWith('/v1/interact') && ++interacts === 1) return Promise.reject(new TypeError('Failed to fetch'));
      return new Promise<Response>(() => undefined);
    });
    const screen = render(
      html`<okta-sign-in-host .session=${sessionFor(config, createAuthClient(config), 'signed-out')}></okta-sign-in-host>`,
    );
    await expect.poll(() => document.querySelectorAll('#okta-sign-in').length, { timeout: 15_000 }).toBe(1);
    // The widget began again by itself; the page asked for discovery once.
    await expect.poll(() => interacts).toBe(2);
    expect(fetch.mock.calls.filter(([input]) => urlOf(input).endsWith('/.well-known/openid-configuration'))).toHaveLength(1);
    // No form yet: the skeleton still holds the card's place, busy, saying so in words.
    await expect.element(screen.getByRole('status')).toHaveTextContent('Loading sign-in…');
    expect(screen.container.querySelector('.sign-in-host-frame')!.getAttribute('aria-busy')).toBe('true');
    expect(screen.container.querySelector('.sign-in-host-skeleton')).not.toBeNull();

    screen.unmount();
    expect(document.querySelectorAll('#okta-sign-in')).toHaveLength(0);
  });
});

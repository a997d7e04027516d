import { html } from 'lit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-lit';
import { createAuthClient } from '../auth/auth';
import type { PortalConfig } from '../config';
import { sessionFor } from '../testing/fixtures';
import './redirect-sign-in';

const config: PortalConfig = {
  // This file's own authorization server: auth-js caches discovery in localStorage, which every browser test
  // file shares, and a discovery cached by one file's mock would let another file's real redirect navigate away.
  issuer: 'http://localhost:7070/oauth2/redirectsignintest',
  clientId: '0oadevorgportal00001',
  redirectUri: `${window.location.origin}/login/callback`,
  postLogoutRedirectUri: `${window.location.origin}/`,
  scopes: ['openid', 'profile', 'email'],
  tokenStorage: 'memory',
  signIn: 'redirect',
};

function session() {
  return sessionFor(config, createAuthClient(config), 'signed-out');
}

// The element marks the runner's history entry; give each test a clean one.
let runnerUrl: string;
beforeEach(() => {
  runnerUrl = window.location.href;
  window.history.replaceState(null, '', runnerUrl);
});
afterEach(() => {
  window.history.replaceState(null, '', runnerUrl);
  vi.restoreAllMocks();
});

describe('<redirect-sign-in>', () => {
  it('with auto-start, goes to the org at once, keeping where the user was going, and says so', async () => {
    const s = session();
    // Never resolves: the browser is leaving.
    const leave = vi.spyOn(s, 'signInWithRedirect').mockReturnValue(new Promise<void>(() => undefined));
    const screen = render(html`<redirect-sign-in .session=${s} .next=${'/dashboard?x=1'} auto-start></redirect-sign-in>`);

    await expect.element(screen.getByRole('status')).toHaveTextContent("Taking you to your organization's sign-in page…");
    expect(leave).toHaveBeenCalledExactlyOnceWith('/dashboard?x=1');
    const button = screen.getByRole('button', { name: 'Sign in' });
    await expect.element(button).toHaveAttribute('aria-disabled', 'true');
    // A second press while leaving starts nothing more (a real click: aria-disabled doesn't block one).
    (button.element() as HTMLButtonElement).click();
    expect(leave).toHaveBeenCalledOnce();
  });

  it('after Back from the org, waits for "Sign in" instead of sending the user there again', async () => {
    const first = session();
    vi.spyOn(first, 'signInWithRedirect').mockReturnValue(new Promise<void>(() => undefined));
    const screen = render(html`<redirect-sign-in .session=${first} auto-start></redirect-sign-in>`);
    await expect.element(screen.getByRole('status')).toHaveTextContent(/Taking you/);
    screen.unmount();

    // The same history entry, shown again (Back): no automatic start.
    const again = session();
    const leave = vi.spyOn(again, 'signInWithRedirect').mockReturnValue(new Promise<void>(() => undefined));
    const back = render(html`<redirect-sign-in .session=${again} auto-start></redirect-sign-in>`);
    const button = back.getByRole('button', { name: 'Sign in' });
    await expect.element(button).toHaveAttribute('aria-disabled', 'false');
    expect(leave).not.toHaveBeenCalled();
    await expect.element(back.getByRole('status')).toHaveTextContent('');

    await button.click();
    expect(leave).toHaveBeenCalledExactlyOnceWith(undefined);
  });

  it('without auto-start, goes only when asked', async () => {
    const s = session();
    const leave = vi.spyOn(s, 'signInWithRedirect').mockReturnValue(new Promise<void>(() => undefined));
    const screen = render(html`<redirect-sign-in .session=${s}></redirect-sign-in>`);
    await expect.element(screen.getByRole('button', { name: 'Sign in' })).toBeVisible();
    expect(leave).not.toHaveBeenCalled();
  });

  it('says the org is unreachable when the request cannot be made, and tries again on "Sign in"', async () => {
    // auth-js reads the org's discovery before it leaves; the org doesn't answer.
    const fetch = vi.spyOn(window, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const screen = render(html`<redirect-sign-in .session=${session()} auto-start></redirect-sign-in>`);

    const alert = screen.getByRole('alert');
    await expect.element(alert, { timeout: 15_000 }).toHaveTextContent(/^Can't reach the Okta org at http:\/\/localhost:7070/);
    expect(fetch.mock.calls[0]?.[0]).toBe(`${config.issuer}/.well-known/openid-configuration`);
    const attempts = fetch.mock.calls.length;
    await screen.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => fetch.mock.calls.length).toBeGreaterThan(attempts);
  });
});

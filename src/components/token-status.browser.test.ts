import { html } from 'lit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-lit';
import type { AuthSnapshot } from '../auth/auth-context';
import type { RenewalOutcome } from '../auth/renewal';
import { RenewTokensRequestEvent } from '../events';
import { signedInSnapshot } from '../testing/fixtures';
import './token-status';
import { durationInWords } from './token-status';

const UNREACHABLE = "Can't reach your sign-in service right now. You're still signed in; we'll retry.";

/** The same session while the renewer can't reach the org (its `failures`-th failed attempt). */
function unreachable(auth: AuthSnapshot, failures = 1): AuthSnapshot {
  return { ...auth, renewal: { state: 'unreachable', failures, retryAt: Date.now() + 5_000 } };
}

function withAccessTokenExpiringIn(seconds: number, accessToken = 'first.access.token'): AuthSnapshot {
  const auth = signedInSnapshot();
  return { ...auth, accessToken: { ...auth.accessToken, accessToken, expiresAt: Math.floor(Date.now() / 1000) + seconds } };
}

function renderStatus(auth: AuthSnapshot) {
  const screen = render(html`<token-status .auth=${auth}></token-status>`);
  const element = screen.container.querySelector('token-status')!;
  /** The announcements of events (renewed, failed); the outage message is a live region of its own. */
  const liveRegion = () => element.shadowRoot!.querySelector('.announcement[role="status"]')!.textContent.trim();
  const outageRegion = () => element.shadowRoot!.querySelector('.unreachable[role="status"]')!.textContent.trim();
  return { screen, element, liveRegion, outageRegion };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('durationInWords', () => {
  it('rounds up, drops seconds above an hour and never goes negative', () => {
    expect(durationInWords(3_725_000)).toBe('1 h 2 min');
    expect(durationInWords(252_000)).toBe('4 min 12 s');
    expect(durationInWords(45_400)).toBe('46 s');
    expect(durationInWords(-5_000)).toBe('0 s');
  });
});

describe('<token-status>', () => {
  it('counts the access token down live, without announcing the ticks', async () => {
    // Only the element's clock is faked; reads are synchronous (expect.element would poll on fake time).
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const { element, liveRegion } = renderStatus(withAccessTokenExpiringIn(125));
    const countdown = async () => {
      await element.updateComplete;
      return element.shadowRoot!.querySelector('.row p')!.textContent.replace(/\s+/g, ' ').trim();
    };
    expect(await countdown()).toBe('Access token expires in 2 min 5 s');

    vi.advanceTimersByTime(3_000);
    expect(await countdown()).toBe('Access token expires in 2 min 2 s');
    expect(element.shadowRoot!.querySelector('time')!.dateTime).toBe('PT0H2M2S');
    expect(liveRegion()).toBe('');

    vi.advanceTimersByTime(123_000);
    expect(await countdown()).toBe('Access token has expired');
    expect(liveRegion()).toBe('');
  });

  it('"Renew now" asks the shell, shows progress, and confirms the new token visibly and politely', async () => {
    const { screen, element, liveRegion } = renderStatus(withAccessTokenExpiringIn(600));
    let finish!: (outcome: RenewalOutcome) => void;
    const requests: RenewTokensRequestEvent[] = [];
    element.addEventListener(RenewTokensRequestEvent.eventName, (event) => {
      requests.push(event);
      event.respondWith(new Promise<RenewalOutcome>((resolve) => (finish = resolve)));
    });

    await screen.getByRole('button', { name: 'Renew now' }).click();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.composed).toBe(true);
    await expect.element(screen.getByRole('button', { name: 'Renewing…' })).toBeDisabled();

    // The shell's renewal lands as a new access token in the auth state.
    const renewed = withAccessTokenExpiringIn(3600, 'second.access.token');
    element.auth = renewed;
    finish('renewed');
    await expect.element(screen.getByRole('button', { name: 'Renew now' })).toBeEnabled();
    const expiresAt = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(
      new Date((renewed.accessToken?.expiresAt ?? 0) * 1000),
    );
    expect(liveRegion()).toBe(`Access token renewed. It now expires at ${expiresAt}.`);
    // Visible, not only announced.
    await expect.element(screen.getByRole('status').filter({ hasText: 'Access token renewed.' })).toBeVisible();
  });

  it('reports a failed renewal once, visibly and to screen readers', async () => {
    const { screen, element, liveRegion } = renderStatus(withAccessTokenExpiringIn(600));
    element.addEventListener(RenewTokensRequestEvent.eventName, (event) =>
      event.respondWith(Promise.reject(new Error('The refresh token is invalid or expired.'))),
    );
    await screen.getByRole('button', { name: 'Renew now' }).click();
    await expect.element(screen.getByText('Renewing the access token failed: The refresh token is invalid or expired.')).toBeVisible();
    expect(liveRegion()).toBe('Renewing the access token failed: The refresh token is invalid or expired.');
    // Said once: the visible words are the live region's.
    expect(screen.getByText(/failed/).elements()).toHaveLength(1);
  });

  it('says plainly, and once, that the org cannot be reached while the session stays, until a renewal gets through', async () => {
    const { screen, element, liveRegion, outageRegion } = renderStatus(withAccessTokenExpiringIn(20));
    element.auth = unreachable(withAccessTokenExpiringIn(20));
    await expect.element(screen.getByRole('status').filter({ hasText: UNREACHABLE })).toBeVisible();
    // Once on the page: the event announcements don't repeat it.
    expect(liveRegion()).toBe('');
    expect(screen.getByText(UNREACHABLE).elements()).toHaveLength(1);
    const region = element.shadowRoot!.querySelector('.unreachable')!;

    // The next failed retry is no news: the same words, so nothing new is announced.
    const changes: string[] = [];
    const observer = new MutationObserver(() => changes.push(outageRegion()));
    observer.observe(region, { childList: true, characterData: true, subtree: true });
    element.auth = unreachable(withAccessTokenExpiringIn(15), 2);
    await element.updateComplete;
    observer.disconnect();
    expect(changes).toEqual([]);
    expect(element.shadowRoot!.textContent).not.toMatch(/failed|sign in again|signed out/i);
    await expect.element(screen.getByRole('button', { name: 'Renew now' })).toBeEnabled();

    // A retry got through: a new access token, and no outage; the region stays, empty and taking no room.
    element.auth = withAccessTokenExpiringIn(3600, 'second.access.token');
    await expect.poll(outageRegion).toBe('');
    expect(region.matches(':empty')).toBe(true);
    expect(liveRegion()).toMatch(/^Access token renewed\./);
  });

  it('answers "Renew now" during an outage with the same plain words, never a raw error', async () => {
    const auth = withAccessTokenExpiringIn(600);
    const { screen, element, outageRegion } = renderStatus(auth);
    let requests = 0;
    element.addEventListener(RenewTokensRequestEvent.eventName, (event) => {
      requests++;
      // The shell's renewer keeps the tokens and reports the outage in the auth state.
      element.auth = unreachable(auth, requests);
      event.respondWith(Promise.resolve('unreachable'));
    });

    await screen.getByRole('button', { name: 'Renew now' }).click();
    await expect.element(screen.getByRole('status').filter({ hasText: UNREACHABLE })).toBeVisible();
    expect(element.shadowRoot!.textContent).not.toMatch(/failed|fetch/i);

    // Pressed again, still down: the region empties and fills again, so it is announced again.
    const texts: string[] = [];
    const observer = new MutationObserver(() => texts.push(outageRegion()));
    observer.observe(element.shadowRoot!.querySelector('.unreachable')!, { childList: true, characterData: true, subtree: true });
    await screen.getByRole('button', { name: 'Renew now' }).click();
    await expect.poll(() => texts.at(-1)).toBe(UNREACHABLE);
    observer.disconnect();
    expect(texts).toContain('');
    expect(requests).toBe(2);
    await expect.element(screen.getByRole('button', { name: 'Renew now' })).toBeEnabled();
  });

  it('says that the session has ended when the org refuses', async () => {
    const { screen, element, liveRegion } = renderStatus(withAccessTokenExpiringIn(600));
    element.addEventListener(RenewTokensRequestEvent.eventName, (event) => event.respondWith(Promise.resolve('refused')));
    await screen.getByRole('button', { name: 'Renew now' }).click();
    await expect.element(screen.getByText('Renewing the access token failed: your session has ended.')).toBeVisible();
    expect(liveRegion()).toBe('Renewing the access token failed: your session has ended.');
  });

  it('fails clearly when nothing handles the request', async () => {
    const { screen } = renderStatus(withAccessTokenExpiringIn(600));
    await screen.getByRole('button', { name: 'Renew now' }).click();
    await expect.element(screen.getByText('Renewing the access token failed: Nothing in the page can renew tokens.')).toBeVisible();
  });

  it('stops ticking when disconnected', () => {
    const clear = vi.spyOn(window, 'clearInterval');
    const { element } = renderStatus(withAccessTokenExpiringIn(600));
    element.remove();
    expect(clear).toHaveBeenCalled();
  });
});

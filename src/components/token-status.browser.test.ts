import { html } from 'lit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-lit';
import type { AuthSnapshot } from '../auth-context';
import { RenewTokensRequestEvent } from '../events';
import { signedInSnapshot } from '../test-fixtures';
import './token-status';
import { durationInWords } from './token-status';

function withAccessTokenExpiringIn(seconds: number, accessToken = 'first.access.token'): AuthSnapshot {
  const auth = signedInSnapshot();
  return { ...auth, accessToken: { ...auth.accessToken, accessToken, expiresAt: Math.floor(Date.now() / 1000) + seconds } };
}

function renderStatus(auth: AuthSnapshot) {
  const screen = render(html`<token-status .auth=${auth}></token-status>`);
  const element = screen.container.querySelector('token-status')!;
  const liveRegion = () => element.shadowRoot!.querySelector('[role="status"]')!.textContent.trim();
  return { screen, element, liveRegion };
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

  it('"Renew now" asks the shell, shows progress, and announces the new token', async () => {
    const { screen, element, liveRegion } = renderStatus(withAccessTokenExpiringIn(600));
    let finish!: () => void;
    const requests: RenewTokensRequestEvent[] = [];
    element.addEventListener(RenewTokensRequestEvent.eventName, (event) => {
      requests.push(event);
      event.respondWith(new Promise<void>((resolve) => (finish = resolve)));
    });

    await screen.getByRole('button', { name: 'Renew now' }).click();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.composed).toBe(true);
    await expect.element(screen.getByRole('button', { name: 'Renewing…' })).toBeDisabled();

    // The shell's renewal lands as a new access token in the auth state.
    element.auth = withAccessTokenExpiringIn(3600, 'second.access.token');
    finish();
    await expect.element(screen.getByRole('button', { name: 'Renew now' })).toBeEnabled();
    expect(liveRegion()).toMatch(/^Access token renewed\. It now expires in (59 min \d+ s|1 h 0 min)\.$/);
  });

  it('reports a failed renewal, visibly and to screen readers', async () => {
    const { screen, element, liveRegion } = renderStatus(withAccessTokenExpiringIn(600));
    element.addEventListener(RenewTokensRequestEvent.eventName, (event) =>
      event.respondWith(Promise.reject(new Error('The refresh token is invalid or expired.'))),
    );
    await screen.getByRole('button', { name: 'Renew now' }).click();
    await expect.element(screen.getByText('Renewing failed: The refresh token is invalid or expired.')).toBeVisible();
    expect(liveRegion()).toBe('Renewing the access token failed: The refresh token is invalid or expired.');
  });

  it('fails clearly when nothing handles the request', async () => {
    const { screen } = renderStatus(withAccessTokenExpiringIn(600));
    await screen.getByRole('button', { name: 'Renew now' }).click();
    await expect.element(screen.getByText('Renewing failed: Nothing in the page can renew tokens.')).toBeVisible();
  });

  it('stops ticking when disconnected', () => {
    const clear = vi.spyOn(window, 'clearInterval');
    const { element } = renderStatus(withAccessTokenExpiringIn(600));
    element.remove();
    expect(clear).toHaveBeenCalled();
  });
});

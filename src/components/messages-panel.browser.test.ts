import { html } from 'lit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-lit';
import type { ApiOutcome, Message, MessagesSource } from '../api-client';
import { ReauthenticateRequestEvent } from '../events';
import './messages-panel';
import type { MessagesPanel } from './messages-panel';

const MESSAGES: Message[] = [
  { id: 'welcome', text: 'Hello, ada@example.test!', date: '2026-11-25T12:00:00.000Z' },
  { id: 'scopes', text: 'It grants these scopes: openid, profile.', date: '2026-11-25T12:00:00.000Z' },
];

/** A MessagesSource answering from a queue; `pending` answers never settle. */
function sourceOf(...answers: (ApiOutcome<Message[]> | 'pending')[]) {
  const messages = vi.fn(() => {
    const next = answers.shift() ?? { ok: true, value: [] };
    return next === 'pending' ? new Promise<ApiOutcome<Message[]>>(() => undefined) : Promise.resolve(next);
  });
  return { messages } satisfies MessagesSource;
}

function renderPanel(api: MessagesSource | undefined) {
  const screen = render(html`<messages-panel .api=${api}></messages-panel>`);
  return { screen, element: screen.container.querySelector('messages-panel') as MessagesPanel };
}

afterEach(() => vi.restoreAllMocks());

describe('<messages-panel>', () => {
  it('announces loading, then lists the messages', async () => {
    const { screen } = renderPanel(sourceOf('pending'));
    await expect.element(screen.getByRole('status')).toHaveTextContent('Loading messages…');
    await expect.element(screen.getByRole('region', { name: 'Messages' })).toHaveAttribute('aria-busy', 'true');

    const loaded = renderPanel(sourceOf({ ok: true, value: MESSAGES }));
    await expect.element(loaded.screen.getByText('Hello, ada@example.test!')).toBeVisible();
    expect(
      loaded.screen
        .getByRole('listitem')
        .elements()
        .map((li) => li.querySelector('p')?.textContent),
    ).toEqual(MESSAGES.map((m) => m.text));
    expect(loaded.element.shadowRoot!.querySelector('time')?.dateTime).toBe('2026-11-25T12:00:00.000Z');
  });

  it('says when there are no messages', async () => {
    const { screen } = renderPanel(sourceOf({ ok: true, value: [] }));
    await expect.element(screen.getByText('No messages yet.')).toBeVisible();
  });

  it('shows a failure as an alert, and reloads on request', async () => {
    const api = sourceOf(
      { ok: false, reason: 'failed', message: 'The API at http://localhost:8000 could not be reached.' },
      { ok: true, value: MESSAGES },
    );
    const { screen } = renderPanel(api);
    await expect
      .element(screen.getByRole('alert'))
      .toHaveTextContent('Messages could not be loaded: The API at http://localhost:8000 could not be reached.');

    await screen.getByRole('button', { name: 'Reload messages' }).click();
    await expect.element(screen.getByText('Hello, ada@example.test!')).toBeVisible();
    expect(screen.getByRole('alert').elements()).toHaveLength(0);
    expect(api.messages).toHaveBeenCalledTimes(2);
  });

  it("words a failure that escapes the source plainly, never as the browser's message", async () => {
    const api: MessagesSource = { messages: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')) };
    const { screen, element } = renderPanel(api);
    await expect.element(screen.getByRole('alert')).toHaveTextContent('Messages could not be loaded: Check your connection and try again.');
    expect(element.shadowRoot!.textContent).not.toMatch(/fetch/i);
  });

  it('asks the shell to sign the user in again when the token is refused, instead of showing an error', async () => {
    const requested = vi.fn();
    document.addEventListener(ReauthenticateRequestEvent.eventName, requested);
    try {
      const { screen } = renderPanel(sourceOf({ ok: false, reason: 'unauthenticated' }));
      await expect.element(screen.getByRole('status')).toHaveTextContent('Your session has ended. Taking you to sign in…');
      expect(requested).toHaveBeenCalledOnce();
      expect(screen.getByRole('alert').elements()).toHaveLength(0);
    } finally {
      document.removeEventListener(ReauthenticateRequestEvent.eventName, requested);
    }
  });

  it('renders hostile message text as text, never as markup', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    const { screen, element } = renderPanel(sourceOf({ ok: true, value: [{ id: 'x', text: payload, date: 'not a date' }] }));
    await expect.element(screen.getByText(payload)).toBeVisible();
    expect(element.shadowRoot!.querySelector('img')).toBeNull();
    expect(element.shadowRoot!.querySelector('time')).toBeNull();
  });

  it('explains itself when no API is configured', async () => {
    const { screen } = renderPanel(undefined);
    await expect.element(screen.getByText('No protected API is configured (set VITE_API_URL).')).toBeVisible();
    expect(screen.getByRole('button').elements()).toHaveLength(0);
  });

  it('aborts the request in flight when it leaves the page', async () => {
    let signal: AbortSignal | undefined;
    const api: MessagesSource = {
      messages: (s) => {
        signal = s;
        return new Promise(() => undefined);
      },
    };
    const { element } = renderPanel(api);
    await expect.poll(() => signal).toBeDefined();
    element.remove();
    expect(signal?.aborted).toBe(true);
  });
});

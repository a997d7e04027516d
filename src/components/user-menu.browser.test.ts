import { html } from 'lit';
import { describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import { SignOutRequestEvent } from '../events';
import { initialsOf } from './user-menu';
import './user-menu';

/** The element focused inside the menu's shadow root. */
const focusedIn = (host: Element) => host.shadowRoot?.activeElement?.textContent?.trim();

describe('initialsOf', () => {
  it('takes the first letters of the first and last words, as text', () => {
    expect(initialsOf('Ada Lovelace')).toBe('AL');
    expect(initialsOf('ada king lovelace')).toBe('AL');
    expect(initialsOf('Ada Tester 2')).toBe('AT');
    expect(initialsOf('Agent 007')).toBe('A');
    expect(initialsOf('Ümit')).toBe('Ü');
    expect(initialsOf('grace.hopper@example.test')).toBe('GH');
    expect(initialsOf('<img src=x>')).toBe('IS');
    expect(initialsOf('  ')).toBe('?');
  });
});

describe('<user-menu>', () => {
  it('names the user on its button and opens on the first item from the keyboard', async () => {
    const screen = render(html`<user-menu name="Ada Lovelace" email="ada@example.test"></user-menu>`);
    const host = screen.container.querySelector('user-menu')!;
    const trigger = screen.getByRole('button', { name: 'Account menu: Ada Lovelace' });
    await expect.element(trigger).toHaveAttribute('aria-expanded', 'false');
    await expect.element(screen.getByRole('menu')).not.toBeInTheDocument();

    (trigger.element() as HTMLElement).focus();
    await userEvent.keyboard('{ArrowDown}');
    await expect.element(trigger).toHaveAttribute('aria-expanded', 'true');
    await expect.element(screen.getByRole('menu', { name: 'Account menu' })).toBeVisible();
    expect(focusedIn(host)).toBe('Dashboard');

    await userEvent.keyboard('{ArrowDown}');
    expect(focusedIn(host)).toBe('Account');
    await userEvent.keyboard('{ArrowDown}');
    expect(focusedIn(host)).toBe('Sign out');
    await userEvent.keyboard('{ArrowDown}');
    expect(focusedIn(host)).toBe('Dashboard');
    await userEvent.keyboard('{End}');
    expect(focusedIn(host)).toBe('Sign out');

    await userEvent.keyboard('{Escape}');
    await expect.element(trigger).toHaveAttribute('aria-expanded', 'false');
    expect(host.shadowRoot?.activeElement).toBe(trigger.element());
  });

  it('opens on the last item with ArrowUp, and closes on a click elsewhere', async () => {
    const screen = render(
      html`<p>elsewhere</p>
        <user-menu name="Ada Lovelace"></user-menu>`,
    );
    const host = screen.container.querySelector('user-menu')!;
    const trigger = screen.getByRole('button', { name: /Account menu/ });
    await expect.element(trigger).toBeVisible();
    (trigger.element() as HTMLElement).focus();
    await userEvent.keyboard('{ArrowUp}');
    await expect.poll(() => focusedIn(host)).toBe('Sign out');

    await screen.getByText('elsewhere').click();
    await expect.element(screen.getByRole('menu')).not.toBeInTheDocument();
  });

  it('asks the shell to sign out, once, and says it is signing out', async () => {
    const screen = render(html`<user-menu name="Ada Lovelace"></user-menu>`);
    const host = screen.container.querySelector('user-menu')!;
    const asked = vi.fn();
    host.addEventListener(SignOutRequestEvent.eventName, asked);

    await screen.getByRole('button', { name: /Account menu/ }).click();
    await screen.getByRole('menuitem', { name: 'Sign out' }).click();
    expect(asked).toHaveBeenCalledTimes(1);
    await expect.element(screen.getByRole('menu')).not.toBeInTheDocument();

    host.signingOut = true;
    await screen.getByRole('button', { name: /Account menu/ }).click();
    const item = screen.getByRole('menuitem', { name: 'Signing out…' });
    await expect.element(item).toHaveAttribute('aria-disabled', 'true');
    // What a click on it does (Playwright won't click an aria-disabled control).
    (item.element() as HTMLElement).click();
    expect(asked).toHaveBeenCalledTimes(1);
  });

  it('shows the name as text, never as markup', async () => {
    const screen = render(html`<user-menu .name=${'<b>Ada</b>'}></user-menu>`);
    const host = screen.container.querySelector('user-menu')!;
    await expect.element(screen.getByRole('button', { name: 'Account menu: <b>Ada</b>' })).toBeVisible();
    expect(host.shadowRoot?.querySelector('b')).toBeNull();
  });
});

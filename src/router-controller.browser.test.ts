import { LitElement, html } from 'lit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-lit';
import type { AuthStatus } from './auth/auth-context';
import { RouterController } from './router-controller';

/** A host with links of every kind the router must tell apart, in light DOM like the shell's. */
class RouterTestHost extends LitElement {
  status: AuthStatus | undefined = undefined;
  readonly linkFollowed = vi.fn();
  readonly router = new RouterController(this, { status: () => this.status, linkFollowed: this.linkFollowed });

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render() {
    return html`
      <a href="/dashboard?tab=tokens#raw">Dashboard</a>
      <a href="/file.txt" download>Download</a>
      <a href="/dashboard" target="_blank">New tab</a>
      <a href="https://example.test/elsewhere">Elsewhere</a>
      <a href="#main">Same page</a>
      <div id="okta-sign-in"><a href="/login?widget-view">Widget link</a></div>
    `;
  }
}
customElements.define('router-test-host', RouterTestHost);

async function renderHost(path: string) {
  window.history.replaceState(null, '', path);
  const screen = render(html`<router-test-host></router-test-host>`);
  const host = screen.container.querySelector('router-test-host') as RouterTestHost;
  await host.updateComplete;
  return { screen, host };
}

/** Clicks `link` and says whether the router took it; the browser's own handling is cancelled either way. */
function click(link: Element, init: MouseEventInit = {}): boolean {
  let taken = false;
  const record = (event: Event) => {
    taken = event.defaultPrevented;
    event.preventDefault();
  };
  document.addEventListener('click', record, { once: true });
  link.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true, button: 0, ...init }));
  document.removeEventListener('click', record);
  return taken;
}

let runnerUrl: string;
beforeEach(() => {
  runnerUrl = window.location.href;
});
afterEach(() => {
  window.history.replaceState(null, '', runnerUrl);
});

describe('RouterController', () => {
  it('turns a same-origin link into History API navigation, and tells the host', async () => {
    const { screen, host } = await renderHost('/');
    const entries = window.history.length;

    expect(click(screen.getByRole('link', { name: 'Dashboard' }).element())).toBe(true);

    expect(`${window.location.pathname}${window.location.search}${window.location.hash}`).toBe('/dashboard?tab=tokens#raw');
    expect(window.history.length).toBe(entries + 1);
    expect(host.router.url.href).toBe(window.location.href);
    expect(host.router.route.name).toBe('dashboard');
    expect(host.linkFollowed).toHaveBeenCalledOnce();
    await host.updateComplete;
  });

  it.each([
    ['with a modifier key', 'Dashboard', { ctrlKey: true }],
    ['with another button', 'Dashboard', { button: 1 }],
    ['to download', 'Download', {}],
    ['for another target', 'New tab', {}],
    ['to another origin', 'Elsewhere', {}],
    ['within the page', 'Same page', {}],
    ['inside the widget, whose links drive its own views', 'Widget link', {}],
  ])('leaves a link clicked %s to the browser', async (_, name, init) => {
    const { screen, host } = await renderHost('/');

    expect(click(screen.getByRole('link', { name }).element(), init)).toBe(false);

    expect(window.location.pathname).toBe('/');
    expect(host.router.route.name).toBe('landing');
    expect(host.linkFollowed).not.toHaveBeenCalled();
  });

  it('follows Back and Forward', async () => {
    const { host } = await renderHost('/');
    host.router.navigate('/dashboard');
    window.history.replaceState(null, '', '/login');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(host.router.route.name).toBe('login');
    await host.updateComplete;
  });

  it('runs the guard of the route before each update once there is a status, replacing the history entry', async () => {
    const { host } = await renderHost('/dashboard');
    expect(window.location.pathname).toBe('/dashboard'); // no status yet: nothing is guarded

    const entries = window.history.length;
    host.status = 'signed-out';
    host.requestUpdate();
    await host.updateComplete;

    expect(`${window.location.pathname}${window.location.search}`).toBe('/login?next=/dashboard');
    expect(host.router.route.name).toBe('login');
    expect(window.history.length).toBe(entries);
  });

  it('stops listening when the host disconnects', async () => {
    const { screen, host } = await renderHost('/');
    const link = screen.getByRole('link', { name: 'Dashboard' }).element();
    host.remove();

    // A listener left behind on the host would cancel the click before this one, added after it, sees it.
    // This one cancels it in turn: Chromium follows a click on a link even outside the document, and that
    // navigation would reload the test's frame.
    let cancelledBefore: boolean | undefined;
    host.addEventListener('click', (event) => {
      cancelledBefore = event.defaultPrevented;
      event.preventDefault();
    });
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true, button: 0 }));
    expect(cancelledBefore).toBe(false);
    window.history.replaceState(null, '', '/login');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(host.router.route.name).toBe('landing');
  });
});

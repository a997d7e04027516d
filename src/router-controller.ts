import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AuthStatus } from './auth/auth-context';
import { pathOf, resolveRoute, routeFor, ROUTES, type RouteRecord } from './routes';

export interface RouterOptions {
  /** The auth status the guards decide by; undefined while there is no session (nothing is guarded or loaded). */
  status(): AuthStatus | undefined;
  /** A same-origin link was followed (not Back/Forward, not a redirect): like a page load, for the host. */
  linkFollowed?(): void;
}

/**
 * The URL state of its host (the shell), over the History API: Back/Forward, `navigate()`, and clicks on
 * same-origin links turned into navigation. Before each host update it reads the route table for the
 * current URL, runs the route's guard (a redirect replaces the history entry, so Back does not loop)
 * and starts loading the page the visitor is about to see.
 */
export class RouterController implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: RouterOptions;
  private current = new URL(window.location.href);

  constructor(host: ReactiveControllerHost & HTMLElement, options: RouterOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  get url(): URL {
    return this.current;
  }

  /** The route of the current URL; after the host's update began, its guard has had its say. */
  get route(): RouteRecord {
    return ROUTES[routeFor(this.current.pathname)];
  }

  hostConnected(): void {
    window.addEventListener('popstate', this.handlePopState);
    this.host.addEventListener('click', this.handleClick);
  }

  hostDisconnected(): void {
    window.removeEventListener('popstate', this.handlePopState);
    this.host.removeEventListener('click', this.handleClick);
  }

  /** Runs every update, so the guards follow the auth state as well as the URL. */
  hostUpdate(): void {
    const status = this.options.status();
    if (!status) return;
    const { url, preload } = resolveRoute(status, this.current);
    this.navigate(pathOf(url), { replace: true });
    // Failures are not the router's to show: `once` forgets them, so the next update tries again.
    preload.load().catch(() => undefined);
  }

  navigate(path: string, { replace = false } = {}): void {
    const url = new URL(path, window.location.href);
    if (url.href === window.location.href) return;
    if (replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    this.current = url;
    this.host.requestUpdate();
  }

  private readonly handlePopState = (): void => {
    this.current = new URL(window.location.href);
    this.host.requestUpdate();
  };

  /** Same-origin links become History API navigation; everything else keeps the browser's behaviour. */
  private readonly handleClick = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    // The widget's own links drive its internal views.
    if (
      !anchor?.href ||
      anchor.hasAttribute('download') ||
      (anchor.target && anchor.target !== '_self') ||
      anchor.closest('#okta-sign-in')
    ) {
      return;
    }
    const url = new URL(anchor.href);
    if (url.origin !== window.location.origin) return;
    if (url.pathname === this.current.pathname && url.search === this.current.search && url.hash) return;
    event.preventDefault();
    this.navigate(pathOf(url));
    this.options.linkFollowed?.();
  };
}

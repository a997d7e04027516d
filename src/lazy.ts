/**
 * What the first screen does not need, loaded on demand: each route's page, and the Sign-In Widget.
 * Memoized, so main.ts can start a download at boot and the element that needs it later awaits the same
 * promise. No static imports: this module is on the boot path.
 */
import type { Route } from './navigation';

const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let promise: Promise<T> | undefined;
  return () => {
    promise ??= load().catch((error: unknown) => {
      promise = undefined; // a failed download may succeed on retry
      throw error;
    });
    return promise;
  };
};

/** ~1 MB of widget and its CSS: only ever fetched when someone is about to sign in. */
export const loadWidget = once(() =>
  Promise.all([import('@okta/okta-signin-widget/oie'), import('@okta/okta-signin-widget/css/okta-sign-in.min.css')]).then(
    ([widget]) => widget,
  ),
);

const routeModules: Record<Route, () => Promise<unknown>> = {
  landing: once(() => import('./pages/landing-page')),
  login: once(() => import('./pages/login-page')),
  callback: once(() => import('./pages/callback-page')),
  dashboard: once(() => import('./pages/dashboard-page')),
  'not-found': once(() => import('./pages/not-found-page')),
};

/** Starts loading the elements `route` renders; resolves when they are defined. */
export function loadRoute(route: Route): Promise<unknown> {
  return routeModules[route]();
}

/**
 * What the first screen does not need, loaded on demand: the Sign-In Widget here, each route's page
 * through the route table (routes.ts). Memoized, so main.ts can start a download at boot and the
 * element that needs it later awaits the same promise. No static imports: this module is on the boot
 * path.
 */

/** `load`, memoized: every caller shares one download; after a failure the next caller tries again. */
export const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let promise: Promise<T> | undefined;
  return () => {
    promise ??= load().catch((error: unknown) => {
      promise = undefined; // a failed download may succeed on retry
      throw error;
    });
    return promise;
  };
};

/**
 * ~1 MB of widget and its CSS: only ever fetched when someone is about to sign in. With it the portal's
 * theme for the widget card (styles/widget-theme.css, every rule under `#okta-sign-in`, so the order the
 * two stylesheets arrive in doesn't matter), which no other page needs.
 */
export const loadWidget = once(() =>
  Promise.all([
    import('@okta/okta-signin-widget/oie'),
    import('@okta/okta-signin-widget/css/okta-sign-in.min.css'),
    import('../styles/widget-theme.css'),
  ]).then(([widget]) => widget),
);

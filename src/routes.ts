/**
 * The portal's routes, one record each: where it lives, its title, its guard, the lazy module of its
 * page and the page's tag. The router controller reads it for the shell, and main.ts at boot to start
 * the downloads the first screen needs; so this module is on the boot path: no Lit, no auth-js, and
 * pages only ever `import()`ed.
 *
 * Adding a page: a name in RouteName, a record in ROUTES, and its element in src/pages/.
 */
import { msg, str } from '@lit/localize';
import type { AuthStatus } from './auth/auth-context';
import type { PortalSession } from './auth/session';
import { BRAND } from './brand';
import { once } from './lazy';

/** The portal's name in titles and the header: the brand's (VITE_PORTAL_BRAND_NAME) or "Identity Portal". */
export const PRODUCT = BRAND.brand.name;

export type RouteName = 'landing' | 'login' | 'callback' | 'dashboard' | 'account' | 'not-found';

/** What the shell hands every page; each page declares, as properties, the ones it needs. */
export interface PageInputs {
  session: PortalSession;
  status: AuthStatus;
  url: URL;
  signingOut: boolean;
  /** devorg's console; set only when the portal runs against devorg. */
  devorgConsoleUrl: string | undefined;
  /** Why a redirect-based sign-in could not be completed. */
  callbackError: string | undefined;
}

/**
 * A page element's tag: it ends in `-page`, and whichever of the PageInputs its element declares have
 * the types the shell binds.
 */
export type PageTag = {
  [Tag in keyof HTMLElementTagNameMap]: Tag extends `${string}-page`
    ? HTMLElementTagNameMap[Tag] extends Partial<PageInputs>
      ? Tag
      : never
    : never;
}[keyof HTMLElementTagNameMap];

/** A guard's verdict; none means "show this route, load its page". */
export interface GuardResult {
  /** Go here instead (a same-origin path), replacing the history entry; that route's guard runs in turn. */
  redirect?: string;
  /** Load this route's page meanwhile instead of this one's: where the visitor is about to be sent. */
  preload?: RouteName;
}

export interface RouteRecord<Name extends RouteName = RouteName> {
  readonly name: Name;
  /** Matched exactly (trailing slashes aside); only not-found has none: it takes every other path. */
  readonly path: string | undefined;
  readonly title: string;
  /** Decides by the auth status and the URL; absent: anyone may see the route. */
  readonly guard?: (status: AuthStatus, url: URL) => GuardResult | undefined;
  /** Loads the page's module, which defines `tag`; memoized, so boot and router share one download. */
  readonly load: () => Promise<unknown>;
  /** The page element the shell renders. */
  readonly tag: PageTag;
}

export const ROUTES: { readonly [Name in RouteName]: RouteRecord<Name> } = {
  landing: {
    name: 'landing',
    path: '/',
    title: PRODUCT,
    load: once(() => import('./pages/landing-page')),
    tag: 'landing-page',
  },
  login: {
    name: 'login',
    path: '/login',
    get title() {
      return msg(str`Sign in · ${PRODUCT}`, { id: 'title.login' });
    },
    // Signed in: on to `next` or the dashboard. Not known yet: a stored session usually is one, so the
    // dashboard is the likely next page.
    guard: (status, url) => {
      if (status === 'signed-in') return { redirect: safeNextPath(url.searchParams.get('next'), url.origin) ?? '/dashboard' };
      return status === 'pending' ? { preload: 'dashboard' } : undefined;
    },
    load: once(() => import('./pages/login-page')),
    tag: 'login-page',
  },
  callback: {
    name: 'callback',
    path: '/login/callback',
    get title() {
      return msg(str`Signing in · ${PRODUCT}`, { id: 'title.callback' });
    },
    // Only a redirect from the org has anything to complete here: an interaction code (embedded sign-in,
    // e.g. an emailed magic link), an authorization code with its state (redirect sign-in), an error, or
    // the state alone an enrollment request (auth-js's enrollAuthenticator) comes back with.
    guard: (_status, url) => (isSignInRedirect(url) ? undefined : { redirect: '/login' }),
    load: once(() => import('./pages/callback-page')),
    tag: 'callback-page',
  },
  dashboard: {
    name: 'dashboard',
    path: '/dashboard',
    get title() {
      return msg(str`Dashboard · ${PRODUCT}`, { id: 'title.dashboard' });
    },
    // Signed out: to sign in, and back here afterwards.
    guard: (status, url) => (status === 'signed-out' ? { redirect: loginPath(pathOf(url)) } : undefined),
    load: once(() => import('./pages/dashboard-page')),
    tag: 'dashboard-page',
  },
  account: {
    name: 'account',
    path: '/account',
    get title() {
      return msg(str`Your account · ${PRODUCT}`, { id: 'title.account' });
    },
    // Signed out: to sign in, and back here afterwards.
    guard: (status, url) => (status === 'signed-out' ? { redirect: loginPath(pathOf(url)) } : undefined),
    load: once(() => import('./pages/account-page')),
    tag: 'account-page',
  },
  'not-found': {
    name: 'not-found',
    path: undefined,
    get title() {
      return msg(str`Page not found · ${PRODUCT}`, { id: 'title.not-found' });
    },
    load: once(() => import('./pages/not-found-page')),
    tag: 'not-found-page',
  },
};

const byPath = new Map<string, RouteName>();
for (const route of Object.values(ROUTES)) if (route.path) byPath.set(route.path, route.name);

/** The route at `pathname`, before any guard. */
export function routeFor(pathname: string): RouteName {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return byPath.get(path) ?? 'not-found';
}

/** Guards redirecting in a loop (a bug) stop after this many hops rather than hang the page. */
const MAX_REDIRECTS = 5;

/** Where `url` leads for a visitor of this status, once every guard on the way has had its say. */
export interface Resolution {
  route: RouteRecord;
  /** `url` itself, or where the guards sent the visitor. */
  url: URL;
  /** The page to load now. */
  preload: RouteRecord;
}

export function resolveRoute(status: AuthStatus, url: URL): Resolution {
  let here = url;
  for (let hops = 0; ; hops++) {
    const route: RouteRecord = ROUTES[routeFor(here.pathname)];
    const result = route.guard?.(status, here);
    if (!result?.redirect || hops === MAX_REDIRECTS) return { route, url: here, preload: ROUTES[result?.preload ?? route.name] };
    here = new URL(result.redirect, here);
  }
}

/**
 * `next` comes from the URL, so anyone can craft it: accept only a path on this origin (never
 * `//evil.example` or `https://…`, an open redirect) and never the sign-in routes themselves.
 */
export function safeNextPath(raw: string | null, origin: string): string | undefined {
  if (!raw?.startsWith('/')) return undefined;
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return undefined;
  }
  if (url.origin !== origin) return undefined;
  const route = routeFor(url.pathname);
  if (route === 'login' || route === 'callback') return undefined;
  return pathOf(url);
}

/** `/login?next=/dashboard`: slashes stay readable, everything else is encoded. */
export function loginPath(next: string): string {
  return `/login?next=${encodeURIComponent(next).replace(/%2F/g, '/')}`;
}

/**
 * A URL the org sent back to complete a sign-in (the callback route's parameters), whichever the flow:
 * a code of either kind, an error, or a state alone (the end of an enrollment request, `response_type=none`).
 */
export function isSignInRedirect(url: URL): boolean {
  const params = url.searchParams;
  return params.has('interaction_code') || params.has('state') || params.has('error');
}

/** The part of a same-origin URL that navigation needs. */
export function pathOf(url: URL): string {
  return `${url.pathname}${url.search}${url.hash}`;
}

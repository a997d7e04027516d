/** The portal's routes and the `next` parameter that brings a user back after signing in. */

export type Route = 'landing' | 'login' | 'callback' | 'dashboard' | 'not-found';

const ROUTES: Readonly<Record<string, Route>> = {
  '/': 'landing',
  '/login': 'login',
  '/login/callback': 'callback',
  '/dashboard': 'dashboard',
};

export function routeFor(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return ROUTES[path] ?? 'not-found';
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
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `/login?next=/dashboard`: slashes stay readable, everything else is encoded. */
export function loginPath(next: string): string {
  return `/login?next=${encodeURIComponent(next).replace(/%2F/g, '/')}`;
}

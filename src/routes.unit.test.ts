import { describe, expect, it } from 'vitest';
import type { AuthStatus } from './auth/auth-context';
import { loginPath, resolveRoute, routeFor, ROUTES, safeNextPath } from './routes';

const ORIGIN = 'http://localhost:8080';

describe('routeFor', () => {
  it.each([
    ['/', 'landing'],
    ['/login', 'login'],
    ['/login/', 'login'],
    ['/login/callback', 'callback'],
    ['/dashboard', 'dashboard'],
    ['/dashboard//', 'dashboard'],
    ['/dashboards', 'not-found'],
    ['/admin', 'not-found'],
  ])('%s → %s', (path, route) => {
    expect(routeFor(path)).toBe(route);
  });
});

describe('safeNextPath', () => {
  it('keeps a same-origin path with its query and fragment', () => {
    expect(safeNextPath('/dashboard?tab=tokens#raw', ORIGIN)).toBe('/dashboard?tab=tokens#raw');
  });

  it.each([
    ['absent', null],
    ['empty', ''],
    ['an absolute URL', 'https://evil.example/dashboard'],
    ['protocol-relative', '//evil.example/dashboard'],
    ['a backslash trick', '/\\evil.example'],
    ['a tab trick', '/\t/evil.example'],
    ['javascript:', 'javascript:alert(1)'],
    ['relative', 'dashboard'],
    ['the sign-in page', '/login?next=/login'],
    ['the callback', '/login/callback?interaction_code=x'],
  ])('rejects %s', (_, raw) => {
    expect(safeNextPath(raw, ORIGIN)).toBeUndefined();
  });
});

describe('loginPath', () => {
  it('keeps slashes readable and encodes the rest', () => {
    expect(loginPath('/dashboard')).toBe('/login?next=/dashboard');
    expect(loginPath('/dashboard?a=1&b=2')).toBe('/login?next=/dashboard%3Fa%3D1%26b%3D2');
  });
});

describe('ROUTES', () => {
  it.each(Object.values(ROUTES).filter((route) => route.path !== undefined))('$path is the $name route', (route) => {
    expect(routeFor(route.path!)).toBe(route.name);
  });

  it('names each record by its key and renders it with a page element', () => {
    for (const [name, route] of Object.entries(ROUTES)) {
      expect(route.name).toBe(name);
      expect(route.tag).toMatch(/^[a-z]+(-[a-z]+)*-page$/);
    }
  });
});

describe('resolveRoute', () => {
  const at = (path: string) => new URL(path, ORIGIN);
  const resolved = (status: AuthStatus, path: string) => {
    const { route, url, preload } = resolveRoute(status, at(path));
    return { route: route.name, path: url.href.slice(ORIGIN.length), preload: preload.name };
  };

  it('sends a signed-out visitor from the dashboard to sign in, and back afterwards', () => {
    expect(resolved('signed-out', '/dashboard?tab=tokens')).toEqual({
      route: 'login',
      path: '/login?next=/dashboard%3Ftab%3Dtokens',
      preload: 'login',
    });
  });

  it('shows the dashboard to anyone not known to be signed out', () => {
    expect(resolved('pending', '/dashboard')).toEqual({ route: 'dashboard', path: '/dashboard', preload: 'dashboard' });
    expect(resolved('signed-in', '/dashboard')).toEqual({ route: 'dashboard', path: '/dashboard', preload: 'dashboard' });
  });

  it('keeps a session being checked on /login, loading the dashboard it will most likely lead to', () => {
    expect(resolved('pending', '/login')).toEqual({ route: 'login', path: '/login', preload: 'dashboard' });
    expect(resolved('signed-out', '/login')).toEqual({ route: 'login', path: '/login', preload: 'login' });
  });

  it('takes a signed-in user from /login to a safe `next`, else to the dashboard', () => {
    expect(resolved('signed-in', '/login?next=/dashboard%3Ftab%3Dtokens').path).toBe('/dashboard?tab=tokens');
    expect(resolved('signed-in', '/login?next=//evil.example/steal')).toEqual({
      route: 'dashboard',
      path: '/dashboard',
      preload: 'dashboard',
    });
  });

  it('completes a callback only with a code, an error or a state from the org, and follows the guards on from /login', () => {
    expect(resolved('signed-out', '/login/callback?interaction_code=abc&state=xyz').route).toBe('callback');
    expect(resolved('signed-out', '/login/callback?error=access_denied').route).toBe('callback');
    expect(resolved('signed-out', '/login/callback?code=abc&state=xyz').route).toBe('callback');
    // The end of an enrollment request (response_type=none): its state alone.
    expect(resolved('signed-in', '/login/callback?state=xyz').route).toBe('callback');
    // An authorization code means nothing without the state that ties it to this browser's request.
    expect(resolved('signed-out', '/login/callback?code=abc').route).toBe('login');
    expect(resolved('signed-out', '/login/callback')).toEqual({ route: 'login', path: '/login', preload: 'login' });
    expect(resolved('signed-in', '/login/callback')).toEqual({ route: 'dashboard', path: '/dashboard', preload: 'dashboard' });
  });

  it('guards nothing else', () => {
    expect(resolved('signed-out', '/')).toEqual({ route: 'landing', path: '/', preload: 'landing' });
    expect(resolved('signed-in', '/admin#x')).toEqual({ route: 'not-found', path: '/admin#x', preload: 'not-found' });
  });
});

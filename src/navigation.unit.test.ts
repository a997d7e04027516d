import { describe, expect, it } from 'vitest';
import { loginPath, routeFor, safeNextPath } from './navigation';

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

import { describe, expect, it } from 'vitest';
import viteConfig from '../vite.config';
import { contentSecurityPolicy, originOf, securityHeaders } from './csp';

function directives(policy: string): Record<string, string> {
  return Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.slice(d.indexOf(' ') + 1)]));
}

describe('contentSecurityPolicy', () => {
  it('is strict and lets the org in only where the widget and auth-js need it', () => {
    const policy = contentSecurityPolicy({ orgOrigin: 'http://localhost:7070' });
    expect(policy).not.toMatch(/unsafe-|ws:|nonce/);
    expect(directives(policy)).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data:",
      'font-src': "'self'",
      'connect-src': "'self' http://localhost:7070",
      'frame-src': 'http://localhost:7070',
      'object-src': "'none'",
      'base-uri': "'self'",
      'form-action': "'self'",
      'frame-ancestors': "'none'",
    });
  });

  it('adds the style nonce and HMR socket for the dev server only', () => {
    const policy = directives(
      contentSecurityPolicy({ orgOrigin: 'https://x.okta.com', dev: { styleNonce: 'abc', hmrOrigins: ['ws://localhost:*'] } }),
    );
    expect(policy['style-src']).toBe("'self' 'nonce-abc'");
    expect(policy['connect-src']).toBe("'self' https://x.okta.com ws://localhost:*");
    expect(policy['script-src']).toBe("'self'");
  });

  it('lets the portal call the protected API, and nothing more', () => {
    const policy = directives(contentSecurityPolicy({ orgOrigin: 'http://localhost:7070', apiOrigin: 'http://localhost:8000' }));
    expect(policy['connect-src']).toBe("'self' http://localhost:7070 http://localhost:8000");
    expect(policy['frame-src']).toBe('http://localhost:7070');
  });

  it('frames nothing when there is no valid org', () => {
    expect(directives(contentSecurityPolicy({}))['frame-src']).toBe("'none'");
  });
});

describe('securityHeaders', () => {
  it('is the CSP plus nosniff, a referrer policy that keeps callback codes in the origin, and no framing', () => {
    const options = { orgOrigin: 'http://localhost:7070', apiOrigin: 'http://localhost:8000' };
    expect(securityHeaders(options)).toEqual({
      'Content-Security-Policy': contentSecurityPolicy(options),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'X-Frame-Options': 'DENY',
    });
    expect(directives(securityHeaders(options)['Content-Security-Policy'] ?? '')['frame-ancestors']).toBe("'none'");
  });

  it('passes the dev-server options on to the CSP', () => {
    const dev = { styleNonce: 'abc', hmrOrigins: ['ws://localhost:*'] };
    expect(securityHeaders({ dev })['Content-Security-Policy']).toBe(contentSecurityPolicy({ dev }));
  });

  // The dev server and `vite preview` (what e2e tests) must not drift apart: both send the whole set.
  it.each([
    ['the dev server', false, 'server'],
    ['vite preview', true, 'preview'],
  ] as const)('vite.config.ts gives %s every header of the set', (_, isPreview, section) => {
    const config = viteConfig({ command: 'serve', mode: 'test', isPreview });
    const headers = config[section]?.headers ?? {};
    expect(Object.keys(headers).sort()).toEqual(Object.keys(securityHeaders({})).sort());
    expect(headers).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'X-Frame-Options': 'DENY',
    });
  });
});

describe('originOf', () => {
  it.each([
    ['http://localhost:7070/oauth2/default', 'http://localhost:7070'],
    ['https://x.okta.com/oauth2/default/', 'https://x.okta.com'],
    ['not a url', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (url, origin) => {
    expect(originOf(url)).toBe(origin);
  });
});

import { describe, expect, it } from 'vitest';
import { resolveConfig, type ConfigResult } from './config';

const ORIGIN = 'http://localhost:8080';
const GOOD = {
  VITE_OKTA_ISSUER: 'https://example.okta.com/oauth2/default',
  VITE_OKTA_CLIENT_ID: '0oa1b2c3d4EXAMPLE697',
};

function problemsFor(env: Record<string, string | undefined>): string[] {
  const result: ConfigResult = resolveConfig({ ...GOOD, ...env }, ORIGIN);
  if (result.ok) throw new Error(`expected problems, got ${JSON.stringify(result.config)}`);
  return result.problems;
}

describe('resolveConfig', () => {
  it('fills in the defaults around a minimal valid env', () => {
    expect(resolveConfig(GOOD, ORIGIN)).toEqual({
      ok: true,
      config: {
        issuer: 'https://example.okta.com/oauth2/default',
        clientId: '0oa1b2c3d4EXAMPLE697',
        redirectUri: 'http://localhost:8080/login/callback',
        postLogoutRedirectUri: 'http://localhost:8080/',
        scopes: ['openid', 'profile', 'email', 'offline_access'],
        tokenStorage: 'localStorage',
        signIn: 'embedded',
      },
    });
  });

  it('reads every setting, normalises the issuer and adds the devorg console', () => {
    const result = resolveConfig(
      {
        VITE_OKTA_ISSUER: ' http://localhost:7070/oauth2/default/ ',
        VITE_OKTA_CLIENT_ID: '0oadevorgportal00001',
        VITE_OKTA_REDIRECT_URI: 'http://localhost:8080/login/callback',
        VITE_OKTA_SCOPES: 'openid profile, email offline_access openid',
        VITE_OKTA_TOKEN_STORAGE: 'sessionStorage',
        VITE_DEVORG_URL: 'http://localhost:7070/',
      },
      ORIGIN,
    );
    expect(result).toMatchObject({
      ok: true,
      config: {
        issuer: 'http://localhost:7070/oauth2/default',
        scopes: ['openid', 'profile', 'email', 'offline_access'],
        tokenStorage: 'sessionStorage',
        devorgConsoleUrl: 'http://localhost:7070/dev/console',
      },
    });
  });

  it('accepts http for 127.0.0.1 too', () => {
    expect(resolveConfig({ ...GOOD, VITE_OKTA_ISSUER: 'http://127.0.0.1:7070/oauth2/aus123' }, ORIGIN).ok).toBe(true);
  });

  it('suggests the org domain, not the admin one, for an admin org URL', () => {
    expect(problemsFor({ VITE_OKTA_ISSUER: 'https://example-admin.okta.com' })).toEqual([
      expect.stringMatching(/Admin Console domain.*e\.g\. https:\/\/example\.okta\.com\/oauth2\/default\.$/),
      expect.stringMatching(/is the org URL.*e\.g\. https:\/\/example\.okta\.com\/oauth2\/default\.$/),
    ]);
  });

  it.each([
    ['missing', undefined, /VITE_OKTA_ISSUER is not set.*https:\/\/\{yourOktaDomain\}\/oauth2\/default/],
    ['blank', '   ', /VITE_OKTA_ISSUER is not set/],
    ['not a URL', 'example.okta.com/oauth2/default', /"example\.okta\.com\/oauth2\/default" is not an absolute http\(s\) URL/],
    ['not http(s)', 'ftp://example.okta.com/oauth2/default', /is not an absolute http\(s\) URL/],
    [
      'plain http off localhost',
      'http://example.okta.com/oauth2/default',
      /uses http\. .*plain http is accepted for localhost and 127\.0\.0\.1 only/,
    ],
    [
      'the org URL',
      'https://example.okta.com',
      /is the org URL, not an authorization server.*e\.g\. https:\/\/example\.okta\.com\/oauth2\/default/,
    ],
    [
      'an endpoint URL',
      'https://example.okta.com/oauth2/default/v1/authorize',
      /does not look like an issuer \(path "\/oauth2\/default\/v1\/authorize"\)/,
    ],
    [
      'the admin domain',
      'https://example-admin.okta.com/oauth2/default',
      /Admin Console domain.*https:\/\/example\.okta\.com\/oauth2\/default/,
    ],
    ['a query string', 'https://example.okta.com/oauth2/default?x=1', /must not contain credentials, a query string or a fragment/],
  ])('rejects an issuer that is %s', (_, issuer, message) => {
    const problems = problemsFor({ VITE_OKTA_ISSUER: issuer });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it.each([
    ['missing', undefined, /VITE_OKTA_CLIENT_ID is not set.*Client ID of your Single-Page App/],
    ['with spaces', '0oa1 b2c3', /"0oa1 b2c3" contains whitespace/],
    ['a URL', 'https://example.okta.com/app', /contains characters a client ID never has/],
  ])('rejects a client id that is %s', (_, clientId, message) => {
    const problems = problemsFor({ VITE_OKTA_CLIENT_ID: clientId });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it.each([
    ['relative', '/login/callback', /"\/login\/callback" is not an absolute URL\. Expected http:\/\/localhost:8080\/login\/callback/],
    [
      'on another origin',
      'https://app.example.com/login/callback',
      /is not on this page's origin \(http:\/\/localhost:8080\).*registered as a Sign-in redirect URI/,
    ],
    ['on another port', 'http://localhost:3000/login/callback', /is not on this page's origin/],
    ['on another path', 'http://localhost:8080/callback', /must have the path \/login\/callback/],
  ])('rejects a redirect URI that is %s', (_, redirectUri, message) => {
    const problems = problemsFor({ VITE_OKTA_REDIRECT_URI: redirectUri });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('rejects scopes without openid', () => {
    expect(problemsFor({ VITE_OKTA_SCOPES: 'profile email' })).toEqual([expect.stringMatching(/"profile email" must include openid/)]);
  });

  it('rejects an unknown token storage', () => {
    expect(problemsFor({ VITE_OKTA_TOKEN_STORAGE: 'cookie' })).toEqual([
      'VITE_OKTA_TOKEN_STORAGE "cookie" is not supported; use one of localStorage, sessionStorage, memory.',
    ]);
  });

  it.each([
    ['embedded', 'embedded'],
    ['redirect', 'redirect'],
    [' Redirect ', 'redirect'],
    ['', 'embedded'],
  ])('reads the sign-in mode %j', (value, mode) => {
    expect(resolveConfig({ ...GOOD, VITE_OKTA_SIGN_IN: value }, ORIGIN)).toMatchObject({ ok: true, config: { signIn: mode } });
  });

  it.each(['hosted', 'widget', 'popup'])('rejects the sign-in mode %j, naming the ones there are', (value) => {
    expect(problemsFor({ VITE_OKTA_SIGN_IN: value })).toEqual([
      `VITE_OKTA_SIGN_IN "${value}" is not a sign-in mode; use embedded (the Sign-In Widget on this portal's page, the default) ` +
        "or redirect (your org's own sign-in page, then back to /login/callback).",
    ]);
  });

  it('rejects a devorg URL that is not a URL', () => {
    expect(problemsFor({ VITE_DEVORG_URL: 'localhost:7070' })).toEqual([
      expect.stringMatching(/VITE_DEVORG_URL "localhost:7070" is not an absolute/),
    ]);
  });

  it('reads the protected API URL, normalised, and refuses one that would leak the access token', () => {
    expect(resolveConfig({ ...GOOD, VITE_API_URL: 'https://api.example.com/v1/' }, ORIGIN)).toMatchObject({
      ok: true,
      config: { apiUrl: 'https://api.example.com/v1' },
    });
    expect(resolveConfig({ ...GOOD, VITE_API_URL: 'http://localhost:8000' }, ORIGIN)).toMatchObject({
      config: { apiUrl: 'http://localhost:8000' },
    });
    expect(problemsFor({ VITE_API_URL: 'http://api.example.com' })).toEqual([
      expect.stringMatching(/VITE_API_URL "http:\/\/api\.example\.com" uses http/),
    ]);
    expect(problemsFor({ VITE_API_URL: 'localhost:8000' })).toEqual([
      expect.stringMatching(/VITE_API_URL "localhost:8000" is not an absolute/),
    ]);
  });

  it('reports every problem at once', () => {
    const problems = problemsFor({
      VITE_OKTA_ISSUER: '',
      VITE_OKTA_CLIENT_ID: '',
      VITE_OKTA_SCOPES: 'email',
      VITE_OKTA_TOKEN_STORAGE: 'x',
      VITE_OKTA_SIGN_IN: 'x',
    });
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'VITE_OKTA_ISSUER',
      'VITE_OKTA_CLIENT_ID',
      'VITE_OKTA_SCOPES',
      'VITE_OKTA_TOKEN_STORAGE',
      'VITE_OKTA_SIGN_IN',
    ]);
  });
});

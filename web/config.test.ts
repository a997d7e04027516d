import { describe, expect, it } from 'vitest';
import { loadWebConfig } from './config';
import { html } from './html';
import { profilePage } from './views';

const SECRET = { WEB_OKTA_CLIENT_SECRET: 'a-client-secret-of-the-app' };

describe('web app configuration', () => {
  it('defaults to the local devorg’s web app on port 3000', () => {
    expect(loadWebConfig(SECRET)).toMatchObject({
      issuer: 'http://localhost:7070/oauth2/default',
      clientId: '0oadevorgwebapp00001',
      clientSecret: 'a-client-secret-of-the-app',
      appBaseUrl: 'http://localhost:3000',
      host: '127.0.0.1',
      port: 3000,
    });
  });

  it('derives the base URL from the port, and makes a session secret when none is given', () => {
    const a = loadWebConfig({ ...SECRET, WEB_PORT: '3100' });
    expect(a.appBaseUrl).toBe('http://localhost:3100');
    expect(a.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadWebConfig(SECRET).sessionSecret).not.toBe(a.sessionSecret);
  });

  it('names every problem at once, by the variable to set', () => {
    expect(() =>
      loadWebConfig({
        WEB_OKTA_ISSUER: 'http://example.com/oauth2/default',
        WEB_APP_BASE_URL: 'http://localhost:3000/',
        WEB_PORT: 'x',
        WEB_SESSION_SECRET: 'short',
      }),
    ).toThrow(
      /WEB_OKTA_ISSUER "http:\/\/example.com\/oauth2\/default" uses http.*WEB_OKTA_CLIENT_SECRET is not set.*WEB_SESSION_SECRET must be at least 32.*WEB_PORT must be a port number.*WEB_APP_BASE_URL "http:\/\/localhost:3000\/" must be an origin/,
    );
  });

  it('accepts an https org and strips a trailing slash from the issuer', () => {
    expect(loadWebConfig({ ...SECRET, WEB_OKTA_ISSUER: 'https://dev-1.okta.com/oauth2/default/' }).issuer).toBe(
      'https://dev-1.okta.com/oauth2/default',
    );
  });

  it('listens on loopback unless WEB_ALLOW_REMOTE=1', () => {
    expect(() => loadWebConfig({ ...SECRET, WEB_HOST: '0.0.0.0' })).toThrow(/WEB_ALLOW_REMOTE=1/);
    expect(loadWebConfig({ ...SECRET, WEB_HOST: '0.0.0.0', WEB_ALLOW_REMOTE: '1' }).host).toBe('0.0.0.0');
  });
});

describe('pages', () => {
  it('escape every interpolated value, fragments excepted', () => {
    expect(html`<p title="${'"><x'}">${'<b>&'}${html`<i>ok</i>`}${null}${[1, '<']}</p>`.markup).toBe(
      '<p title="&quot;&gt;&lt;x">&lt;b&gt;&amp;<i>ok</i>1&lt;</p>',
    );
  });

  it('show every claim of the userinfo as text, objects as JSON', () => {
    const page = profilePage(
      { signedIn: true, name: '<Ada>' },
      { name: '<script>x</script>', address: { locality: '<L>' }, email_verified: true },
      'openid',
    );
    expect(page).not.toContain('<script>x');
    expect(page).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(page).toContain('{&quot;locality&quot;:&quot;&lt;L&gt;&quot;}');
    expect(page).toContain('<td>true</td>');
  });
});

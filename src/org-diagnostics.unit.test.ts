import { describe, expect, it } from 'vitest';
import type { PortalConfig } from './config';
import { checkDiscovery, explainOrgError } from './org-diagnostics';

const config: PortalConfig = {
  issuer: 'https://dev-123.okta.com/oauth2/default',
  clientId: '0oaPortal',
  redirectUri: 'http://localhost:8080/login/callback',
  postLogoutRedirectUri: 'http://localhost:8080/',
  scopes: ['openid', 'profile', 'email'],
  tokenStorage: 'localStorage',
  signIn: 'embedded',
};
const PAGE = 'http://localhost:8080';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('checkDiscovery', () => {
  it('passes a matching discovery document', async () => {
    expect(await checkDiscovery(config, PAGE, () => Promise.resolve(json({ issuer: config.issuer })))).toBeUndefined();
  });

  it('tells an unreachable org from one that refuses CORS', async () => {
    const down = await checkDiscovery(config, PAGE, () => Promise.reject(new TypeError('Failed to fetch')));
    expect(down?.title).toBe("Can't reach the Okta org at https://dev-123.okta.com");
    // A real org: the issuer and the network, in words (no markup such as backticks).
    expect(down?.detail).toBe(
      "Check that VITE_OKTA_ISSUER (https://dev-123.okta.com/oauth2/default) is your org's issuer and that this computer can reach https://dev-123.okta.com, then retry.",
    );
    const cors = await checkDiscovery(config, PAGE, (_url, init) =>
      init?.mode === 'no-cors' ? Promise.resolve(new Response(null, { status: 200 })) : Promise.reject(new TypeError('Failed to fetch')),
    );
    expect(cors?.title).toBe('https://dev-123.okta.com does not accept requests from this portal');
    expect(cors?.detail).toContain(`Add ${PAGE} as a Trusted Origin`);
  });

  it('says to start devorg when the portal is built for it and it is down', async () => {
    const local = { ...config, issuer: 'http://localhost:7070/oauth2/default', devorgConsoleUrl: 'http://localhost:7070/dev/console' };
    const down = await checkDiscovery(local, PAGE, () => Promise.reject(new TypeError('Failed to fetch')));
    expect(down).toEqual({
      title: "Can't reach the Okta org at http://localhost:7070",
      detail:
        "This portal uses devorg, the local Okta org, and it isn't answering. Start it with npm start (or npm run devorg), then retry.",
    });
    expect(down?.detail).not.toContain('`');
  });

  it('explains a 404 (wrong authorization server) and an issuer mismatch', async () => {
    const missing = await checkDiscovery(config, PAGE, () => Promise.resolve(json({ errorCode: 'E0000007' }, 404)));
    expect(missing?.title).toBe(`No authorization server at ${config.issuer}`);
    const other = await checkDiscovery(config, PAGE, () => Promise.resolve(json({ issuer: 'https://dev-123.okta.com' })));
    expect(other?.title).toBe('The issuer does not match');
    expect(other?.detail).toContain('The org calls itself https://dev-123.okta.com');
  });

  it('reports a non-JSON answer and a server error', async () => {
    const html = await checkDiscovery(config, PAGE, () => Promise.resolve(new Response('<html>', { status: 200 })));
    expect(html?.title).toContain('is not an Okta discovery document');
    const boom = await checkDiscovery(config, PAGE, () => Promise.resolve(new Response('', { status: 503 })));
    expect(boom?.title).toBe('The Okta org answered 503');
  });
});

describe('explainOrgError', () => {
  const fromInteract = (error: string, error_description: string) => ({ xhr: { responseJSON: { error, error_description } } });

  it('names the unknown client id', () => {
    expect(explainOrgError(fromInteract('invalid_client', 'The client_id provided is invalid.'), config)?.title).toBe(
      "The org doesn't know the client id 0oaPortal",
    );
  });

  it('names the unregistered redirect URI', () => {
    const problem = explainOrgError(
      fromInteract('invalid_request', "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings"),
      config,
    );
    expect(problem?.title).toBe('The redirect URI http://localhost:8080/login/callback is not registered');
  });

  it('reads auth-js OAuthError fields too, and leaves unrelated errors alone', () => {
    expect(explainOrgError({ errorCode: 'invalid_scope', errorSummary: 'Unsupported scopes: admin.' }, config)?.detail).toContain(
      'VITE_OKTA_SCOPES',
    );
    expect(explainOrgError({ errorSummary: 'Password is incorrect' }, config)).toBeUndefined();
    expect(explainOrgError(undefined, config)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { isLocalHttp, loadApiConfig } from './config';

describe('loadApiConfig', () => {
  it('defaults to devorg and the portal on their npm start ports', () => {
    expect(loadApiConfig({})).toEqual({
      issuer: 'http://localhost:7070/oauth2/default',
      audience: 'api://default',
      requiredScopes: ['profile'],
      portalOrigin: 'http://localhost:8080',
      adminGroup: 'Admins',
      host: '127.0.0.1',
      port: 8000,
    });
  });

  it('takes a real org from the environment', () => {
    const config = loadApiConfig({
      API_ISSUER: 'https://dev-123.okta.com/oauth2/aus1/',
      API_AUDIENCE: 'api://portal',
      API_REQUIRED_SCOPES: 'messages:read, profile',
      API_PORTAL_ORIGIN: 'https://portal.example.com/',
      API_PORT: '18000',
    });
    expect(config).toMatchObject({
      issuer: 'https://dev-123.okta.com/oauth2/aus1',
      audience: 'api://portal',
      requiredScopes: ['messages:read', 'profile'],
      portalOrigin: 'https://portal.example.com',
      port: 18000,
    });
  });

  it('refuses what would leak tokens or expose the API, naming every problem', () => {
    expect(() =>
      loadApiConfig({
        API_ISSUER: 'http://dev-123.okta.com/oauth2/default',
        API_PORTAL_ORIGIN: 'http://localhost:8080/app',
        API_PORT: 'x',
        API_HOST: '0.0.0.0',
      }),
    ).toThrow(
      /API_ISSUER .* uses http.*API_PORTAL_ORIGIN .* must be an origin.*API_PORT must be a port number.*API_HOST "0.0.0.0" is not loopback/,
    );
    expect(loadApiConfig({ API_HOST: '0.0.0.0', API_ALLOW_REMOTE: '1' }).host).toBe('0.0.0.0');
  });

  it('takes the default for a blank variable and names an invalid issuer', () => {
    expect(loadApiConfig({ API_PORT: ' ', API_ISSUER: '  ', API_REQUIRED_SCOPES: '' })).toEqual(loadApiConfig({}));
    expect(() => loadApiConfig({ API_ISSUER: 'nope' })).toThrow(
      'API configuration: API_ISSUER "nope" is not an absolute http(s) URL, e.g. https://{yourOktaDomain}/oauth2/default',
    );
  });

  it('allows plain http for a local issuer only', () => {
    expect(isLocalHttp('http://localhost:7070/oauth2/default')).toBe(true);
    expect(isLocalHttp('http://127.0.0.1:17070/oauth2/default')).toBe(true);
    expect(isLocalHttp('https://localhost/oauth2/default')).toBe(false);
    expect(isLocalHttp('http://okta.example/oauth2/default')).toBe(false);
  });
});

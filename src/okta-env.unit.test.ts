import { describe, expect, it } from 'vitest';
import { DEVORG_DEFAULTS, parseOktaEnv, resolvePortalEnv } from './okta-env';

describe('parseOktaEnv', () => {
  it('reads the lines the Okta CLI writes', () => {
    const text = [
      'export OKTA_OAUTH2_ISSUER="https://dev-123.okta.com/oauth2/default"',
      "export OKTA_OAUTH2_CLIENT_ID='0oa1b2c3d4EXAMPLE697'",
      'export OKTA_OAUTH2_CLIENT_SECRET=',
    ].join('\n');
    expect(parseOktaEnv(text)).toEqual({
      OKTA_OAUTH2_ISSUER: 'https://dev-123.okta.com/oauth2/default',
      OKTA_OAUTH2_CLIENT_ID: '0oa1b2c3d4EXAMPLE697',
      OKTA_OAUTH2_CLIENT_SECRET: '',
    });
  });

  it('accepts bare values, CRLF, comments and lines without export', () => {
    const text =
      '# from okta start\r\n\r\nOKTA_OAUTH2_ISSUER = https://x.okta.com/oauth2/aus1  # custom AS\r\n  export  A="b c" trailing\r\n';
    expect(parseOktaEnv(text)).toEqual({ OKTA_OAUTH2_ISSUER: 'https://x.okta.com/oauth2/aus1', A: 'b c' });
  });

  it('skips what it does not understand instead of guessing', () => {
    expect(parseOktaEnv('export\nnot a line\n1BAD=x\nOPEN="unterminated\nOK=yes')).toEqual({ OK: 'yes' });
  });
});

describe('resolvePortalEnv', () => {
  const oktaEnv = { OKTA_OAUTH2_ISSUER: 'https://cli.okta.com/oauth2/default', OKTA_OAUTH2_CLIENT_ID: 'cli-client' };

  it('falls back to devorg when nothing names an issuer', () => {
    expect(resolvePortalEnv({})).toEqual(DEVORG_DEFAULTS);
    expect(resolvePortalEnv({ VITE_OKTA_ISSUER: '' }, {})).toEqual(DEVORG_DEFAULTS);
  });

  it('uses .okta.env when the env has no issuer, and never mixes in devorg', () => {
    expect(resolvePortalEnv({}, oktaEnv)).toEqual({
      VITE_OKTA_ISSUER: 'https://cli.okta.com/oauth2/default',
      VITE_OKTA_CLIENT_ID: 'cli-client',
    });
  });

  it('lets the env win per variable over .okta.env', () => {
    expect(resolvePortalEnv({ VITE_OKTA_CLIENT_ID: 'env-client' }, oktaEnv)).toEqual({
      VITE_OKTA_ISSUER: 'https://cli.okta.com/oauth2/default',
    });
  });

  it('fills nothing when the env configures a real org', () => {
    expect(
      resolvePortalEnv({ VITE_OKTA_ISSUER: 'https://env.okta.com/oauth2/default', VITE_OKTA_CLIENT_ID: 'env-client' }, oktaEnv),
    ).toEqual({});
  });

  it('leaves a missing client id missing for an env issuer without .okta.env, so the portal reports it', () => {
    expect(resolvePortalEnv({ VITE_OKTA_ISSUER: 'https://env.okta.com/oauth2/default' })).toEqual({});
  });
});

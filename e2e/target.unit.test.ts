import { describe, expect, it } from 'vitest';
import { resolveTarget, TargetConfigError, unmetNeeds } from './target';

describe('e2e target resolution', () => {
  it('defaults to devorg with every capability', () => {
    const t = resolveTarget({});
    expect(t.kind).toBe('devorg');
    expect(t.orgUrl).toBe('http://localhost:17070');
    expect(unmetNeeds(t, ['outbox', 'clock', 'registration', 'mfa'])).toBeUndefined();
  });

  it('targets a real org with only the declared capabilities', () => {
    const t = resolveTarget({
      E2E_OKTA_ISSUER: 'https://dev-1.okta.com/oauth2/default/',
      E2E_OKTA_CLIENT_ID: '0oa1',
      E2E_OKTA_API_TOKEN: 'tok',
      E2E_CAPABILITIES: 'registration, mfa',
    });
    expect(t).toMatchObject({
      kind: 'org',
      label: 'dev-1.okta.com',
      issuer: 'https://dev-1.okta.com/oauth2/default',
      orgUrl: 'https://dev-1.okta.com',
    });
    expect(t.portalUrl).toBe('http://localhost:8080');
    expect(unmetNeeds(t, ['registration'])).toBeUndefined();
    expect(unmetNeeds(t, ['outbox', 'registration'])).toBe(
      'dev-1.okta.com does not offer: outbox (read the codes the org emails and texts (devorg outbox API))',
    );
  });

  it('says which setting is missing or malformed', () => {
    expect(() => resolveTarget({ E2E_OKTA_ISSUER: 'https://dev-1.okta.com/oauth2/default' })).toThrow(
      'it also needs E2E_OKTA_CLIENT_ID and E2E_OKTA_API_TOKEN',
    );
    expect(() => resolveTarget({ E2E_OKTA_ISSUER: 'dev-1', E2E_OKTA_CLIENT_ID: 'a', E2E_OKTA_API_TOKEN: 'b' })).toThrow(TargetConfigError);
    expect(() => resolveTarget({ E2E_OKTA_ISSUER: 'https://dev-1.okta.com', E2E_OKTA_CLIENT_ID: 'a', E2E_OKTA_API_TOKEN: 'b' })).toThrow(
      'should name an authorization server',
    );
    expect(() =>
      resolveTarget({
        E2E_OKTA_ISSUER: 'https://dev-1.okta.com/oauth2/default',
        E2E_OKTA_CLIENT_ID: 'a',
        E2E_OKTA_API_TOKEN: 'b',
        E2E_CAPABILITIES: 'teleport',
      }),
    ).toThrow('unknown "teleport"');
  });
});

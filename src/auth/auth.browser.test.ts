import { OktaAuth } from '@okta/okta-auth-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PortalConfig } from '../config';
import { parseIonErrorBody } from '../ion-errors';
import { createAuthClient } from './auth';
import { createIdxClient, IDX_HANDOFF_KEY } from './idx-auth';
import { classifyOrgError, ORG_UNREACHABLE, ORG_UNREACHABLE_SIGNING_IN } from './org-errors';

const config: PortalConfig = {
  issuer: 'http://localhost:7070/oauth2/default',
  clientId: '0oadevorgportal00001',
  redirectUri: 'http://localhost:8080/login/callback',
  postLogoutRedirectUri: 'http://localhost:8080/',
  scopes: ['openid', 'profile', 'email'],
  tokenStorage: 'memory',
  signIn: 'embedded',
};

/** What Okta answers when the saved interaction handle has expired (widget playground mock). */
const sessionExpired = {
  version: '1.0.0',
  stateHandle: '01OCl7uyAUC4CUqHsObI9bvFiq01cRFgbnpJQ1bz82',
  intent: 'LOGIN',
  messages: {
    type: 'array',
    value: [{ message: 'You have been logged out due to inactivity.', i18n: { key: 'idx.session.expired' }, class: 'ERROR' }],
  },
};

function answerIntrospectWithExpiredSession() {
  return vi.spyOn(window, 'fetch').mockImplementation((input) => {
    expect(input instanceof Request ? input.url : input.toString()).toBe('http://localhost:7070/idp/idx/introspect');
    return Promise.resolve(
      new Response(JSON.stringify(sessionExpired), {
        status: 401,
        headers: { 'Content-Type': 'application/ion+json; okta-version=1.0.0' },
      }),
    );
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createAuthClient', () => {
  it('configures PKCE, storage, cross-tab sync and the error transform from the portal config', () => {
    const client = createAuthClient(config);
    expect(client.options).toMatchObject({
      issuer: config.issuer,
      clientId: config.clientId,
      redirectUri: config.redirectUri,
      postLogoutRedirectUri: config.postLogoutRedirectUri,
      scopes: config.scopes,
      pkce: true,
      transformErrorXHR: parseIonErrorBody,
      tokenManager: { storage: 'memory' },
      services: { syncStorage: false },
    });
  });

  it('syncs tokens across tabs only with localStorage, the one storage tabs share', () => {
    const sync = (tokenStorage: PortalConfig['tokenStorage']) =>
      createAuthClient({ ...config, tokenStorage }).options.services?.syncStorage;
    expect(sync('localStorage')).toBe(true);
    expect(sync('sessionStorage')).toBe(false);
    expect(sync('memory')).toBe(false);
  });

  it('is auth-js core: no IDX half on the dashboard', () => {
    expect(createAuthClient(config)).not.toHaveProperty('idx');
  });
});

describe('createIdxClient', () => {
  it('keeps what it obtains away from the token storage the core client reads', () => {
    const client = createIdxClient({ ...config, tokenStorage: 'localStorage' });
    expect(client.options).toMatchObject({
      issuer: config.issuer,
      clientId: config.clientId,
      pkce: true,
      transformErrorXHR: parseIonErrorBody,
    });
    expect(client.tokenManager.getOptions()).toMatchObject({ storage: 'memory', storageKey: IDX_HANDOFF_KEY, autoRenew: false });
  });

  it('turns an expired transaction into the IDX error state the widget shows as "session expired"', async () => {
    const fetch = answerIntrospectWithExpiredSession();
    const state = await createIdxClient(config).idx.introspect({ interactionHandle: 'expired-handle' });
    expect(fetch).toHaveBeenCalledOnce();
    expect(state.requestDidSucceed).toBe(false);
    expect(state.rawIdxState.messages?.value[0]?.i18n?.key).toBe('idx.session.expired');
  });

  it('(control) without the transform the same answer is a bare error', async () => {
    answerIntrospectWithExpiredSession();
    const plain = new OktaAuth({ issuer: config.issuer, clientId: config.clientId, redirectUri: config.redirectUri, pkce: true });
    await expect(plain.idx.introspect({ interactionHandle: 'expired-handle' })).rejects.toMatchObject({ name: 'AuthApiError' });
  });
});

describe('network failures (both clients)', () => {
  it('never reach the widget or the portal as the browser\'s bare "Failed to fetch"', async () => {
    vi.spyOn(window, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const failure = await createIdxClient(config)
      .idx.introspect({ interactionHandle: 'any-handle' })
      .catch((e: unknown) => e);
    // What the widget renders: the error's summary, as it is.
    expect(failure).toMatchObject({ name: 'AuthApiError', errorSummary: ORG_UNREACHABLE_SIGNING_IN });
    expect(classifyOrgError(failure)).toBe('transient');

    const core = createAuthClient(config);
    const revoke = await core.revokeRefreshToken({ ...refreshTokenFixture() }).catch((e: unknown) => e);
    expect(revoke).toMatchObject({ name: 'AuthApiError', errorSummary: ORG_UNREACHABLE });
    expect(classifyOrgError(revoke)).toBe('transient');
  });

  it('(control) auth-js on its own hands the widget the raw message', async () => {
    vi.spyOn(window, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const plain = new OktaAuth({ issuer: config.issuer, clientId: config.clientId, redirectUri: config.redirectUri, pkce: true });
    await expect(plain.idx.introspect({ interactionHandle: 'any-handle' })).rejects.toMatchObject({ errorSummary: 'Failed to fetch' });
  });
});

describe('renewal (createAuthClient leaves it to the TokenRenewer)', () => {
  it("switches off auth-js's autoRenew and autoRemove, which drop tokens the org could not renew", () => {
    expect(createAuthClient(config).tokenManager.getOptions()).toMatchObject({ autoRenew: false, autoRemove: false });
  });
});

function refreshTokenFixture() {
  return {
    refreshToken: 'rt',
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
    scopes: ['openid', 'offline_access'],
    tokenUrl: `${config.issuer}/v1/token`,
    authorizeUrl: `${config.issuer}/v1/authorize`,
    issuer: config.issuer,
  };
}

import type { IDToken, PKCETransactionMeta, RefreshToken } from '@okta/okta-auth-js';
import { html } from 'lit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-lit';
import { createAuthClient } from '../auth/auth';
import type { PortalConfig } from '../config';
import { SignedInEvent } from '../events';
import { sessionFor, signedInSnapshot } from '../testing/fixtures';
import './portal-app';
import type { PortalSetup } from './portal-app';

const origin = window.location.origin;
const config: PortalConfig = {
  issuer: 'http://localhost:7070/oauth2/default',
  clientId: '0oadevorgportal00001',
  redirectUri: `${origin}/login/callback`,
  postLogoutRedirectUri: `${origin}/`,
  scopes: ['openid', 'profile', 'email'],
  tokenStorage: 'memory',
  signIn: 'embedded',
  devorgConsoleUrl: 'http://localhost:7070/dev/console',
};

/**
 * A real OktaAuth on memory storage; signed in means tokens in its tokenManager, as after the widget.
 * The boot status is what main.ts derives from the storage: pending with tokens, signed out without.
 */
function setupWith({
  signedIn,
  apiUrl,
  refreshToken,
  signIn = 'embedded',
}: {
  signedIn: boolean;
  apiUrl?: string;
  refreshToken?: boolean;
  signIn?: PortalConfig['signIn'];
}) {
  const portalConfig = { ...config, signIn, ...(apiUrl ? { apiUrl } : {}) };
  const authClient = createAuthClient(portalConfig);
  if (signedIn) {
    const { idToken, accessToken } = signedInSnapshot();
    authClient.tokenManager.setTokens({ idToken, accessToken, ...(refreshToken ? { refreshToken: refreshTokenFor(idToken) } : {}) });
  }
  const session = sessionFor(portalConfig, authClient, signedIn ? 'pending' : 'signed-out');
  const setup: PortalSetup = { ok: true, session };
  return { authClient, session, setup };
}

function refreshTokenFor(idToken: IDToken): RefreshToken {
  return {
    refreshToken: 'rt.jwt',
    expiresAt: idToken.expiresAt,
    scopes: ['openid', 'offline_access'],
    tokenUrl: `${config.issuer}/v1/token`,
    authorizeUrl: `${config.issuer}/v1/authorize`,
    issuer: config.issuer,
  };
}

/** Every text of the page, shadow roots included (where the dashboard's elements render). */
function allText(root: Node = document.body): string {
  let text = '';
  for (const node of root.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) text += node.textContent;
    else if (node instanceof Element) text += allText(node.shadowRoot ?? node) + (node.shadowRoot ? allText(node) : '');
  }
  return text;
}

function renderAt(path: string, setup: PortalSetup) {
  window.history.replaceState(null, '', path);
  return render(html`<portal-app .setup=${setup}></portal-app>`);
}

// The router drives the test page's own URL; put the runner's back afterwards.
let runnerUrl: string;
beforeEach(() => {
  runnerUrl = window.location.href;
});
afterEach(() => {
  window.history.replaceState(null, '', runnerUrl);
  vi.restoreAllMocks();
});

describe('<portal-app>', () => {
  it('shows what is misconfigured instead of a blank page', async () => {
    const problems = ['VITE_OKTA_CLIENT_ID is not set.', 'VITE_OKTA_SCOPES "email" must include openid.'];
    const screen = render(html`<portal-app .setup=${{ ok: false as const, problems }}></portal-app>`);

    await expect.element(screen.getByRole('heading', { level: 1, name: 'The portal is misconfigured' })).toBeVisible();
    const items = screen.getByRole('listitem');
    await expect.element(items.first()).toHaveTextContent(problems[0]!);
    expect(items.elements().map((li) => li.textContent)).toEqual(problems);
  });

  it('offers sign-in on the landing page and routes the link without reloading', async () => {
    vi.spyOn(window, 'fetch').mockReturnValue(new Promise<Response>(() => undefined)); // the widget's org calls
    const { setup } = setupWith({ signedIn: false });
    const screen = renderAt('/', setup);
    await expect.element(screen.getByRole('link', { name: 'devorg console' })).toHaveAttribute('href', config.devorgConsoleUrl);

    await screen.getByRole('link', { name: 'Sign in' }).click();
    expect(window.location.pathname).toBe('/login');
    await expect.element(screen.getByRole('heading', { level: 1, name: 'Access your account' })).toBeVisible();
    expect(screen.container.querySelector('okta-sign-in-host')).not.toBeNull();
  });

  it('sends a signed-out visitor from the dashboard to sign-in, remembering where they were going', async () => {
    vi.spyOn(window, 'fetch').mockReturnValue(new Promise<Response>(() => undefined)); // the widget's org calls
    const { setup } = setupWith({ signedIn: false });
    const screen = renderAt('/dashboard', setup);
    await expect.element(screen.getByRole('heading', { level: 1, name: 'Access your account' })).toBeVisible();
    expect(`${window.location.pathname}${window.location.search}`).toBe('/login?next=/dashboard');
  });

  it('signs in by redirect when so configured: no widget, straight to the org, back to where the user was going', async () => {
    const fetchSpy = vi.spyOn(window, 'fetch');
    const { session, setup } = setupWith({ signedIn: false, signIn: 'redirect' });
    const leave = vi.spyOn(session, 'signInWithRedirect').mockReturnValue(new Promise<void>(() => undefined));
    const screen = renderAt('/dashboard?x=1', setup);

    await expect.element(screen.getByRole('heading', { level: 1, name: 'Access your account' })).toBeVisible();
    expect(`${window.location.pathname}${window.location.search}`).toBe('/login?next=/dashboard%3Fx%3D1');
    await expect.poll(() => leave.mock.calls).toEqual([['/dashboard?x=1']]);
    await expect.element(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.container.querySelector('okta-sign-in-host')).toBeNull();
    expect(document.querySelectorAll('#okta-sign-in')).toHaveLength(0);
    expect(fetchSpy).not.toHaveBeenCalledWith(expect.stringContaining('/v1/interact'), expect.anything());
  });

  it('takes a signed-in user from /login to a safe `next`, and ignores an unsafe one', async () => {
    const { setup } = setupWith({ signedIn: true });
    const screen = renderAt('/login?next=//evil.example/steal', setup);
    await expect.element(screen.getByRole('heading', { level: 1, name: 'Welcome, Ada Lovelace' })).toBeVisible();
    expect(window.location.href).toBe(`${origin}/dashboard`);
  });

  it('signs out locally, in plain words, when Okta cannot be reached', async () => {
    const { authClient, setup } = setupWith({ signedIn: true, refreshToken: true });
    // What the browser says when the revocation request gets no answer.
    vi.spyOn(window, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const screen = renderAt('/dashboard', setup);

    await screen.getByRole('button', { name: 'Sign out' }).click();

    await expect.element(screen.getByRole('link', { name: 'Sign in' })).toBeVisible();
    expect(window.location.pathname).toBe('/');
    expect(authClient.tokenManager.getTokensSync()).toEqual({});
    await expect
      .element(screen.getByRole('status').filter({ hasText: 'You are signed out of this portal' }))
      .toHaveTextContent(
        "You are signed out of this portal, but your sign-in service can't be reached right now, so your Okta session could not be ended.",
      );
    expect(allText()).not.toMatch(/fetch/i);
    expect(allText()).not.toContain('You are signed in.');
  });

  it('shows the signed-in user in the header, with a menu to the account page, and nobody when signed out', async () => {
    const { setup } = setupWith({ signedIn: true });
    const screen = renderAt('/dashboard', setup);
    const menuButton = screen.getByRole('button', { name: 'Account menu: Ada Lovelace' });
    await expect.element(menuButton).toBeVisible();

    await menuButton.click();
    await screen.getByRole('menuitem', { name: 'Account' }).click();
    expect(window.location.pathname).toBe('/account');
    await expect.element(screen.getByRole('menu')).not.toBeInTheDocument();

    screen.unmount();
    const signedOut = renderAt('/', setupWith({ signedIn: false }).setup);
    await expect.element(signedOut.getByRole('link', { name: 'Sign in' })).toBeVisible();
    await expect.element(signedOut.getByRole('button', { name: /Account menu/ })).not.toBeInTheDocument();
  });

  it('says "You have signed out" once the org sends the user back, and only once', async () => {
    const { session, setup } = setupWith({ signedIn: true });
    const authClient = await session.client();
    // The org's /v1/logout would take the browser away; stand in for the round trip.
    const leave = vi.spyOn(authClient, 'signOut').mockResolvedValue(true);
    const screen = renderAt('/dashboard', setup);
    await screen.getByRole('button', { name: 'Account menu: Ada Lovelace' }).click();
    await screen.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect.poll(() => leave.mock.calls.length).toBe(1);
    screen.unmount();

    authClient.tokenManager.clear();
    const back = renderAt('/', setupWith({ signedIn: false }).setup);
    await expect.element(back.getByRole('status').filter({ hasText: 'You have signed out.' })).toBeVisible();
    back.unmount();

    const reloaded = renderAt('/', setupWith({ signedIn: false }).setup);
    await expect.element(reloaded.getByRole('link', { name: 'Sign in' })).toBeVisible();
    expect(allText()).not.toContain('You have signed out.');
  });

  it('keeps the session when "Renew now" cannot reach the org, says so plainly, and never shows "Failed to fetch"', async () => {
    const { authClient, setup } = setupWith({ signedIn: true, refreshToken: true });
    const before = authClient.tokenManager.getTokensSync();
    const fetchSpy = vi.spyOn(window, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const screen = renderAt('/dashboard', setup);
    await expect.element(screen.getByRole('heading', { level: 1, name: 'Welcome, Ada Lovelace' })).toBeVisible();

    await screen.getByRole('button', { name: 'Renew now' }).click();

    await expect
      .element(
        screen.getByRole('status').filter({ hasText: "Can't reach your sign-in service right now. You're still signed in; we'll retry." }),
      )
      .toBeVisible();
    expect(fetchSpy).toHaveBeenCalledWith(`${config.issuer}/v1/token`, expect.anything());
    expect(window.location.pathname).toBe('/dashboard');
    expect(authClient.tokenManager.getTokensSync()).toEqual(before);
    await expect.element(screen.getByRole('heading', { level: 1, name: 'Welcome, Ada Lovelace' })).toBeVisible();
    expect(allText()).not.toMatch(/fetch|sign in again/i);
    (await setup.session.renewer()).stop();
  });

  it('ends the session when the org refuses to renew it, and says so without claiming the user is signed in', async () => {
    const { authClient, setup } = setupWith({ signedIn: true, refreshToken: true });
    vi.spyOn(window, 'fetch').mockImplementation(
      (input) =>
        (input instanceof Request ? input.url : input.toString()).endsWith('/v1/token')
          ? Promise.resolve(
              Response.json({ error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' }, { status: 400 }),
            )
          : new Promise<Response>(() => undefined), // the widget's org calls
    );
    const screen = renderAt('/dashboard', setup);
    await expect.element(screen.getByRole('heading', { level: 1, name: 'Welcome, Ada Lovelace' })).toBeVisible();
    // As after signing in here: the shell has announced it.
    screen.container.querySelector('user-dashboard')!.dispatchEvent(new SignedInEvent());
    await expect.poll(() => allText()).toContain('You are signed in.');

    await screen.getByRole('button', { name: 'Renew now' }).click();

    await expect.element(screen.getByRole('heading', { level: 1, name: 'Access your account' })).toBeVisible();
    expect(authClient.tokenManager.getTokensSync()).toEqual({});
    await expect
      .element(screen.getByRole('status').filter({ hasText: 'Your session could not be renewed, so it has ended. Please sign in again.' }))
      .toBeVisible();
    expect(allText()).not.toContain('You are signed in.');
  });

  it('shows the messages from the protected API on the dashboard, with the access token', async () => {
    const { authClient, setup } = setupWith({ signedIn: true, apiUrl: 'http://localhost:8000' });
    const isApi = (input: RequestInfo | URL) =>
      (input instanceof Request ? input.url : input.toString()).startsWith('http://localhost:8000/');
    // Only the API answers: a sign-in form of an earlier test may still be talking to the org, and an answer
    // to that would end up in auth-js's discovery cache (localStorage), breaking later tests.
    const fetchSpy = vi
      .spyOn(window, 'fetch')
      .mockImplementation((input) =>
        isApi(input)
          ? Promise.resolve(
              Response.json({ messages: [{ id: 'welcome', text: 'Hello, ada@example.test!', date: '2026-11-25T12:00:00.000Z' }] }),
            )
          : new Promise<Response>(() => undefined),
      );
    const screen = renderAt('/dashboard', setup);

    await expect.element(screen.getByText('Hello, ada@example.test!')).toBeVisible();
    const [url, init] = fetchSpy.mock.calls.find(([input]) => isApi(input))!;
    expect(url).toBe('http://localhost:8000/api/messages');
    expect(new Headers(init?.headers).get('Authorization')).toBe(`Bearer ${authClient.getAccessToken()!}`);
  });

  it('keeps the session when the access token has expired and the org cannot be reached to renew it', async () => {
    const { authClient, setup } = setupWith({ signedIn: true, refreshToken: true, apiUrl: 'http://localhost:8000' });
    // Expired (auth-js counts 30 s early), not yet renewed: the org went away first.
    const { accessToken } = authClient.tokenManager.getTokensSync();
    authClient.tokenManager.setTokens({
      ...authClient.tokenManager.getTokensSync(),
      accessToken: { ...accessToken!, expiresAt: Math.floor(Date.now() / 1000) + 10 },
    });
    const before = authClient.tokenManager.getTokensSync();
    const api = vi.fn(() => Response.json({ messages: [] }));
    vi.spyOn(window, 'fetch').mockImplementation((input) =>
      (input instanceof Request ? input.url : input.toString()).startsWith('http://localhost:8000/')
        ? Promise.resolve(api())
        : Promise.reject(new TypeError('Failed to fetch')),
    );
    const screen = renderAt('/dashboard', setup);

    await expect
      .element(screen.getByRole('alert'))
      .toHaveTextContent(/^Messages could not be loaded: Can't reach your sign-in service right now\./);
    expect(api).not.toHaveBeenCalled();
    expect(window.location.pathname).toBe('/dashboard');
    expect(authClient.tokenManager.getTokensSync()).toEqual(before);
    expect(allText()).not.toMatch(/fetch|sign in again|no longer valid/i);
    (await setup.session.renewer()).stop();
  });

  it('has the user sign in again, and come back, when the API refuses the access token', async () => {
    const { authClient, setup } = setupWith({ signedIn: true, apiUrl: 'http://localhost:8000' });
    vi.spyOn(window, 'fetch').mockImplementation(
      (input) =>
        (input instanceof Request ? input.url : input.toString()).endsWith('/api/messages')
          ? Promise.resolve(Response.json({ error: 'invalid_token', error_description: 'The access token expired.' }, { status: 401 }))
          : new Promise<Response>(() => undefined), // the widget's org calls
    );
    const revoke = vi.spyOn(authClient, 'revokeRefreshToken').mockResolvedValue(null);
    const screen = renderAt('/dashboard', setup);

    await expect.element(screen.getByRole('heading', { level: 1, name: 'Access your account' })).toBeVisible();
    expect(revoke).toHaveBeenCalledOnce();
    expect(`${window.location.pathname}${window.location.search}`).toBe('/login?next=/dashboard');
    expect(authClient.tokenManager.getTokensSync()).toEqual({});
    await expect.element(screen.getByRole('status').filter({ hasText: 'Your session is no longer valid' })).toBeVisible();
  });

  it('completes a redirect-based sign-in on the callback URL, once, and goes on to the dashboard', async () => {
    const { session, setup } = setupWith({ signedIn: false });
    let exchanged!: () => void;
    const exchange = new Promise<void>((resolve) => (exchanged = resolve));
    // As the session does once the org has exchanged the code: the tokens go to the core client.
    const complete = vi.spyOn(session, 'completeRedirect').mockImplementation(async () => {
      const client = await session.client();
      await exchange;
      const { idToken, accessToken } = signedInSnapshot();
      client.tokenManager.setTokens({ idToken, accessToken });
      await client.authStateManager.updateAuthState();
      return undefined;
    });
    const screen = renderAt('/login/callback?interaction_code=abc&state=xyz', setup);
    await expect.element(screen.getByRole('status').filter({ hasText: 'Completing sign-in…' })).toBeVisible();

    exchanged();
    await expect.element(screen.getByRole('heading', { level: 1, name: 'Welcome, Ada Lovelace' })).toBeVisible();
    expect(window.location.href).toBe(`${origin}/dashboard`);
    expect(complete).toHaveBeenCalledExactlyOnceWith(`${origin}/login/callback?interaction_code=abc&state=xyz`);
  });

  it('says why a redirect-based sign-in could not be completed', async () => {
    const { session, setup } = setupWith({ signedIn: false });
    vi.spyOn(session, 'completeRedirect').mockRejectedValue(new Error("OAuth flow response state doesn't match request state"));
    const screen = renderAt('/login/callback?interaction_code=abc&state=forged', setup);

    await expect.element(screen.getByRole('heading', { level: 1, name: 'Sign-in could not be completed' })).toBeVisible();
    await expect
      .element(screen.getByText("This sign-in response doesn't belong to the sign-in started in this browser, so it was not accepted."))
      .toBeVisible();
    await expect.element(screen.getByRole('link', { name: 'Back to sign in' })).toHaveAttribute('href', '/login');
    expect(window.location.pathname).toBe('/login/callback');
  });

  it('completes a redirect sign-in (authorization code) and goes back to where the user was going', async () => {
    const { session, setup } = setupWith({ signedIn: false, signIn: 'redirect' });
    const complete = vi.spyOn(session, 'completeRedirect').mockImplementation(async () => {
      const client = await session.client();
      const { idToken, accessToken } = signedInSnapshot();
      client.tokenManager.setTokens({ idToken, accessToken });
      await client.authStateManager.updateAuthState();
      return '/dashboard?tab=profile';
    });
    const screen = renderAt('/login/callback?code=abc&state=xyz', setup);

    await expect.element(screen.getByRole('heading', { level: 1, name: 'Welcome, Ada Lovelace' })).toBeVisible();
    expect(`${window.location.pathname}${window.location.search}`).toBe('/dashboard?tab=profile');
    expect(complete).toHaveBeenCalledExactlyOnceWith(`${origin}/login/callback?code=abc&state=xyz`);
  });

  it('never follows a saved destination off the portal after a redirect sign-in', async () => {
    const { session, setup } = setupWith({ signedIn: false, signIn: 'redirect' });
    vi.spyOn(session, 'completeRedirect').mockImplementation(async () => {
      const client = await session.client();
      const { idToken, accessToken } = signedInSnapshot();
      client.tokenManager.setTokens({ idToken, accessToken });
      await client.authStateManager.updateAuthState();
      return 'https://evil.example/steal';
    });
    const screen = renderAt('/login/callback?code=abc&state=xyz', setup);
    await expect.element(screen.getByRole('heading', { level: 1, name: 'Welcome, Ada Lovelace' })).toBeVisible();
    expect(window.location.href).toBe(`${origin}/dashboard`);
  });

  it('refuses, through auth-js, an authorization code this browser never asked for', async () => {
    // The real core client: no saved request (state, PKCE verifier) for this state, so nothing is redeemed.
    const fetchSpy = vi.spyOn(window, 'fetch');
    const { authClient, setup } = setupWith({ signedIn: false, signIn: 'redirect' });
    const screen = renderAt('/login/callback?code=stolen&state=someone-elses', setup);

    await expect.element(screen.getByRole('heading', { level: 1, name: 'Sign-in could not be completed' })).toBeVisible();
    await expect.element(screen.getByText(/There is no sign-in in progress in this browser to complete/)).toBeVisible();
    expect(fetchSpy.mock.calls.map(([input]) => String(input instanceof Request ? input.url : input))).not.toContainEqual(
      expect.stringContaining('/v1/token'),
    );
    expect(authClient.tokenManager.getTokensSync()).toEqual({});
  });

  it("shows the org's refusal of a redirect sign-in in words", async () => {
    const { authClient, setup } = setupWith({ signedIn: false, signIn: 'redirect' });
    // What signInWithRedirect saved before leaving (auth-js's transaction storage), for this state.
    const saved: PKCETransactionMeta = {
      issuer: config.issuer,
      clientId: config.clientId,
      redirectUri: config.redirectUri,
      responseType: 'code',
      responseMode: 'query',
      scopes: config.scopes,
      state: 'xyz',
      nonce: 'n',
      codeVerifier: 'v'.repeat(43),
      codeChallenge: 'c',
      codeChallengeMethod: 'S256',
      pkce: true,
      urls: { issuer: config.issuer, authorizeUrl: `${config.issuer}/v1/authorize`, tokenUrl: `${config.issuer}/v1/token` },
    };
    authClient.transactionManager.save(saved);
    const screen = renderAt(
      '/login/callback?error=access_denied&error_description=User+is+not+assigned+to+the+client+application.&state=xyz',
      setup,
    );
    await expect.element(screen.getByText(/Your organization didn't let this account sign in to the portal/)).toBeVisible();
    expect(authClient.transactionManager.exists()).toBe(false);
  });

  it('comes back from setting up a method on the org’s page (its state alone) to the account page, tokens kept', async () => {
    const { authClient, setup } = setupWith({ signedIn: true });
    // What enrollAuthenticator saved before leaving (createEnrollAuthenticatorMeta), and where to return.
    authClient.transactionManager.save({
      issuer: config.issuer,
      clientId: config.clientId,
      redirectUri: config.redirectUri,
      responseType: 'none',
      state: 'enr',
      acrValues: 'urn:okta:2fa:any:ifpossible',
      enrollAmrValues: ['google_otp'],
      urls: { issuer: config.issuer, authorizeUrl: `${config.issuer}/v1/authorize` },
    } as never);
    authClient.setOriginalUri('/account', 'enr');
    const before = authClient.tokenManager.getTokensSync();
    renderAt('/login/callback?state=enr', setup);
    await expect.poll(() => window.location.pathname).toBe('/account');
    expect(authClient.tokenManager.getTokensSync()).toEqual(before);
    expect(authClient.transactionManager.exists({ state: 'enr' })).toBe(false);
  });

  it('refuses a state alone that no request of this browser sent', async () => {
    const { setup } = setupWith({ signedIn: true });
    const screen = renderAt('/login/callback?state=never-sent', setup);
    await expect.element(screen.getByText(/There is no sign-in in progress in this browser to complete/)).toBeVisible();
  });

  it('sends a callback without an interaction code to sign-in', async () => {
    const { setup } = setupWith({ signedIn: false });
    renderAt('/login/callback', setup);
    await expect.poll(() => window.location.pathname).toBe('/login');
  });
});

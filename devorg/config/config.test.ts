import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, issuerOf, loadConfig, portalApp } from '.';

const dir = mkdtempSync(join(tmpdir(), 'devorg-config-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The ConfigError message `loadConfig` throws for this config file (JSON text), or '' if it loads. */
function problemsWith(json: string, env: Record<string, string> = {}): string {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, json);
  try {
    loadConfig({ DEVORG_CONFIG: file, ...env });
    return '';
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
}

describe('devorg config', () => {
  it('binds to loopback by default and refuses another address unless told to', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(() => loadConfig({ DEVORG_HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ DEVORG_HOST: '0.0.0.0' })).toThrow(/not loopback/);
    expect(loadConfig({ DEVORG_HOST: '0.0.0.0', DEVORG_ALLOW_REMOTE: '1' }).host).toBe('0.0.0.0');
  });

  it('derives the app and trusted origin from DEVORG_PORTAL_ORIGIN, and rejects a bad port', () => {
    const cfg = loadConfig({ DEVORG_PORT: '17070', DEVORG_PORTAL_ORIGIN: 'http://localhost:18080/' });
    expect(cfg.publicOrigin).toBe('http://localhost:17070');
    expect(portalApp(cfg).redirectUris).toEqual(['http://localhost:18080/login/callback']);
    expect(cfg.trustedOrigins).toEqual(['http://localhost:18080']);
    expect(() => loadConfig({ DEVORG_PORT: 'eighty' })).toThrow(/DEVORG_PORT/);
  });

  it('the default demo user satisfies the default password policy (or npm start could not seed it)', async () => {
    const { passwordProblems } = await import('../authenticators/password');
    const cfg = loadConfig({});
    const demo = cfg.demoUser!;
    expect(
      passwordProblems(demo.password, cfg.passwordPolicy, { login: demo.login, firstName: demo.firstName, lastName: demo.lastName }),
    ).toEqual([]);
  });

  it('names every wrong field of a config file in one error at start-up', () => {
    const message = problemsWith(
      JSON.stringify({
        passwordPolicy: { lockoutAttempts: 'ten', historyCount: 30 },
        policies: { enrollment: { required: ['okta_password', 'okta_email', 'okta_verify'] } },
        tokens: { refreshTokenGraceSeconds: 90 },
        passwordHashCost: 1000,
        session: { maxIdleMinutes: -1 },
        apps: [{ clientId: 'x', label: 'X', scopes: ['profile'], redirectUris: ['http://localhost:1/cb'] }],
      }),
    );
    expect(message).toMatch(/^devorg config: /);
    const problems = message.slice('devorg config: '.length).split('; ');
    expect(problems).toHaveLength(7);
    expect(problems).toEqual(
      expect.arrayContaining([
        'passwordPolicy.lockoutAttempts: expected a number',
        'policies.enrollment.required[2]: unknown authenticator "okta_verify"',
        'passwordPolicy.historyCount: must be 0–24 (as on Okta)',
        'tokens.refreshTokenGraceSeconds: must be 0–60 (as on Okta)',
        'passwordHashCost: must be a power of two',
        'session.maxIdleMinutes: must be positive',
        'apps[0].scopes: must include openid',
      ]),
    );
  });

  it('names an unknown key (a typo) at any depth', () => {
    expect(problemsWith('{"passwordPolicy": {"lockoutAtempts": 3}}')).toBe('devorg config: passwordPolicy.lockoutAtempts: unknown key');
    expect(problemsWith('{"hots": "127.0.0.1", "__proto__": {}}')).toBe('devorg config: hots: unknown key; __proto__: unknown key');
  });

  it('reports the cross-field rules like any other problem, together with them', () => {
    const message = problemsWith(
      JSON.stringify({
        host: '0.0.0.0',
        passwordPolicy: { recoveryAuthenticators: ['okta_email', 'google_otp'] },
        policies: { profileAttributes: [{ name: 'email', label: 'Email', required: false, maxLength: 100 }] },
        codes: { maxSends: 0 },
        demoUser: { login: 7 },
      }),
    );
    expect(message).toContain('host: "0.0.0.0" is not loopback; set allowRemote (or DEVORG_ALLOW_REMOTE=1) to expose devorg');
    expect(message).toContain('passwordPolicy.recoveryAuthenticators: may list okta_email and phone_number');
    expect(message).toContain(
      'policies.profileAttributes: must include a required "email" attribute (the login, unless a "login" attribute is on the form too)',
    );
    expect(message).toContain('codes.maxSends: must be positive');
    expect(message).toContain('demoUser.login: expected a string');
    expect(problemsWith('{"host": "0.0.0.0", "allowRemote": true}')).toBe('');
  });

  it('names what is wrong with a declared inline hook, as the API would refuse it', () => {
    const hook = (over: Record<string, unknown>, config: Record<string, unknown> = {}) => ({
      id: 'calregistrationhk001',
      name: 'Rules',
      type: 'com.okta.user.pre-registration',
      version: '1.0.0',
      channel: { type: 'HTTP', version: '1.0.0', config: { uri: 'https://hooks.example.com/registration', ...config } },
      ...over,
    });
    const message = problemsWith(
      JSON.stringify({
        inlineHooks: [
          hook({ id: 'hook1' }),
          hook({ type: 'com.okta.oauth2.tokens.transform' }, { uri: 'http://hooks.example.com/r' }),
          hook({}, { athScheme: {} }),
        ],
        policies: { registrationInlineHook: 'not-an-id' },
      }),
    );
    expect(message).toContain('inlineHooks[0].id: must be an inline hook id (cal + 17 letters or digits)');
    expect(message).toContain('inlineHooks[1].type: devorg runs com.okta.user.pre-registration inline hooks only');
    expect(message).toContain('inlineHooks[1].channel.config.uri: must be an https URL (devorg also accepts http on localhost)');
    expect(message).toContain('inlineHooks[2].channel.config.athScheme: unknown key');
    expect(message).toContain('policies.registrationInlineHook: must be an inline hook id');
    expect(problemsWith(JSON.stringify({ inlineHooks: [hook({}), hook({})] }))).toBe('devorg config: inlineHooks: an id may appear once');
    expect(problemsWith(JSON.stringify({ inlineHooks: [hook({}, { uri: 'http://127.0.0.1:19100/r' })] }))).toBe('');
  });

  it('refuses a second-factor sign-on policy with nothing but the password to enroll', () => {
    const passwordOnly = { enrollment: { required: ['okta_password'], optional: [] } };
    expect(problemsWith(JSON.stringify({ policies: { ...passwordOnly, signOn: { secondFactor: true } } }))).toContain(
      'policies.signOn.secondFactor: needs an authenticator besides the password in policies.enrollment.required or .optional',
    );
    expect(problemsWith(JSON.stringify({ policies: { ...passwordOnly, signOn: { secondFactor: false } } }))).toBe('');
  });

  it('takes a Username on the registration form only as Okta does: required, at most 100 characters, once', () => {
    const form = (login: object) =>
      JSON.stringify({
        policies: {
          profileAttributes: [
            { name: 'email', label: 'Email', required: true, maxLength: 100 },
            { name: 'login', label: 'Username', ...login },
          ],
        },
      });
    expect(problemsWith(form({ required: true, maxLength: 100 }))).toBe('');
    expect(problemsWith(form({ required: false, maxLength: 100 }))).toBe(
      'devorg config: policies.profileAttributes[1].required: must be true: the username ("login") identifies the account',
    );
    expect(problemsWith(form({ required: true, maxLength: 200 }))).toBe(
      "devorg config: policies.profileAttributes[1].maxLength: may be at most 100 (Okta's username limit)",
    );
    const twice = { policies: { profileAttributes: [{ name: 'email', label: 'Email', required: true, maxLength: 100 }] } };
    twice.policies.profileAttributes.push({ ...twice.policies.profileAttributes[0]! });
    expect(problemsWith(JSON.stringify(twice))).toBe('devorg config: policies.profileAttributes[1].name: "email" is on the form twice');
  });

  it("takes Okta's login pattern forms only", () => {
    for (const loginPattern of [null, '.+', '[a-z0-9._-]+', '[^@ ]+', '[-a-zA-Z0-9\\.]+'])
      expect(problemsWith(JSON.stringify({ userSchema: { loginPattern }, demoUser: null }))).toBe('');
    for (const loginPattern of ['^admin$', '[]+', '[a-z]', '.*', '[a-z]+|x'])
      expect(problemsWith(JSON.stringify({ userSchema: { loginPattern } }))).toBe(
        `devorg config: userSchema.loginPattern: must be null (an email address), ".+", "[…]+" or "[^…]+" (Okta's login pattern forms)`,
      );
  });

  it('names a demo user or persona whose login the login pattern refuses, at start-up', () => {
    expect(problemsWith(JSON.stringify({ userSchema: { loginPattern: '[a-z0-9._-]+' } }))).toBe(
      'devorg config: demoUser.login: "demo@devorg.test" does not obey userSchema.loginPattern ("[a-z0-9._-]+")',
    );
    expect(problemsWith(JSON.stringify({ userSchema: { loginPattern: '[a-z0-9._-]+' }, demoUser: { login: 'dana.demo' } }))).toBe('');
  });

  it('puts the password on the registration form only when the password is a required authenticator', () => {
    expect(problemsWith(JSON.stringify({ policies: { enrollAuthenticatorTypes: ['password'] } }))).toBe('');
    const optional = { required: ['okta_email'], optional: ['okta_password', 'google_otp'] };
    expect(problemsWith(JSON.stringify({ policies: { enrollAuthenticatorTypes: ['password'], enrollment: optional } }))).toBe(
      'devorg config: policies.enrollAuthenticatorTypes: the password on the registration form needs "okta_password" in policies.enrollment.required',
    );
    expect(problemsWith(JSON.stringify({ policies: { enrollAuthenticatorTypes: ['email'] } }))).toBe(
      'devorg config: policies.enrollAuthenticatorTypes[0]: may only list "password" (as on Okta)',
    );
  });

  it('refuses a config file that is not an object of settings', () => {
    expect(problemsWith('[]')).toMatch(/expected a JSON object of settings/);
    expect(problemsWith('{"apps": 5}', { DEVORG_PORTAL_ORIGIN: 'http://localhost:18080' })).toBe('devorg config: apps: expected an array');
  });

  it('accepts the config files the e2e runs start devorg with', () => {
    for (const file of ['e2e/devorg.e2e.json', 'e2e/devorg.as-org.json']) expect(() => loadConfig({ DEVORG_CONFIG: file })).not.toThrow();
  });
});

describe('devorg config: HTTPS', () => {
  it('is off by default; DEVORG_HTTPS=1 turns it on with an https public origin and issuer', () => {
    expect(loadConfig({}).https).toBe(false);
    expect(loadConfig({}).publicOrigin).toBe('http://localhost:7070');
    const cfg = loadConfig({ DEVORG_HTTPS: '1' });
    expect(cfg.https).toBe(true);
    expect(issuerOf(cfg)).toBe('https://localhost:7070/oauth2/default');
    expect(loadConfig({ DEVORG_HTTPS: '1', DEVORG_PORT: '17443' }).publicOrigin).toBe('https://localhost:17443');
    expect(problemsWith('{"https": true}')).toBe('');
    expect(loadConfig({ DEVORG_HTTPS: '1', DEVORG_PUBLIC_ORIGIN: 'https://devorg.localhost:7070' }).publicOrigin).toBe(
      'https://devorg.localhost:7070',
    );
  });

  it('refuses an http public origin for an org served over https', () => {
    expect(problemsWith('{"https": true, "publicOrigin": "http://127.0.0.1:7070"}')).toBe(
      'devorg config: publicOrigin: "http://127.0.0.1:7070" must be an https origin when https is on',
    );
    expect(problemsWith('{"https": "yes"}')).toBe('devorg config: https: expected a boolean');
  });
});

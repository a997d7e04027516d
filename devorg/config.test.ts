import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

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
    expect(cfg.app.redirectUris).toEqual(['http://localhost:18080/login/callback']);
    expect(cfg.trustedOrigins).toEqual(['http://localhost:18080']);
    expect(() => loadConfig({ DEVORG_PORT: 'eighty' })).toThrow(/DEVORG_PORT/);
  });

  it('the default demo user satisfies the default password policy (or npm start could not seed it)', async () => {
    const { passwordProblems } = await import('./authenticators/password');
    const cfg = loadConfig({});
    const demo = cfg.demoUser!;
    expect(
      passwordProblems(demo.password, cfg.passwordPolicy, { login: demo.login, firstName: demo.firstName, lastName: demo.lastName }),
    ).toEqual([]);
  });
});

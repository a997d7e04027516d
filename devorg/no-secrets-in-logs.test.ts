/**
 * Nothing secret reaches devorg's output: passwords, one-time codes, API tokens, PKCE verifiers,
 * interaction codes and issued tokens are used in a full MFA sign-in, a refresh, a revoke, management
 * calls and a server fault, while everything written to the console and stdout/stderr is captured.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  begin,
  exchange,
  form,
  json,
  makeUser,
  ORG_POLICIES,
  PASSWORD,
  passMfa,
  remediate,
  startHarness,
  type Harness,
  type IdxDoc,
} from './testing/harness';
import { portalApp } from './config';

let h: Harness;
const output: string[] = [];

beforeAll(async () => {
  h = await startHarness(ORG_POLICIES);
  const record = (...args: unknown[]) =>
    void output.push(args.map((a) => (a instanceof Error ? `${a.name} ${a.message} ${a.stack}` : String(a))).join(' '));
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation(record);
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      record(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  }
});
afterAll(() => {
  vi.restoreAllMocks();
  h.close();
});

describe('logs', () => {
  it('never contain passwords, codes, API tokens, verifiers or issued tokens', async () => {
    const secrets: string[] = [PASSWORD, 'Wrong-Passw0rd-42', h.config.apiTokens[0] ?? 'missing-token'];
    const user = await makeUser(h);

    // Sign-in: wrong password, right password, email enrollment by code, optional step skipped.
    const start = await begin(h, { scope: 'openid profile email offline_access' });
    secrets.push(start.verifier, start.interactionHandle);
    let step = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
    await remediate(h, step.doc, 'challenge-authenticator', { credentials: { passcode: 'Wrong-Passw0rd-42' } });
    step = await remediate(h, step.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
    for (let i = 0; i < 5 && !step.doc.successWithInteractionCode; i++) step = await passMfa(h, step.doc);
    const issue = step.doc.successWithInteractionCode as IdxDoc;
    const code = issue.value.find((f: IdxDoc) => f.name === 'interaction_code').value as string;
    secrets.push(code, ...(await h.ctx.store.outbox({ to: user.profile.email, limit: 10 })).map((m) => m.code));
    const tokens = await exchange(h, code, start.verifier);
    expect(tokens.status).toBe(200);
    const { access_token, id_token, refresh_token } = tokens.body as Record<string, string>;
    secrets.push(access_token!, id_token!, refresh_token!);

    // Refresh, reuse of the spent refresh token, revoke.
    const refreshed = await h.app.request(
      '/oauth2/default/v1/token',
      form({
        client_id: portalApp(h.config).clientId,
        grant_type: 'refresh_token',
        scope: 'openid profile email offline_access',
        refresh_token: refresh_token!,
      }),
    );
    const next = (await refreshed.json()) as Record<string, string>;
    secrets.push(next.access_token!, next.refresh_token!);
    await h.app.request('/oauth2/default/v1/revoke', {
      ...form({ token: next.refresh_token!, token_type_hint: 'refresh_token' }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${btoa(portalApp(h.config).clientId)}` },
    });

    // Management: a user with a password, and a wrong API token.
    const created = await h.app.request('/api/v1/users?activate=true', {
      ...json({
        profile: { login: 'logs@example.test', email: 'logs@example.test', firstName: 'Lo', lastName: 'Gs' },
        credentials: { password: { value: 'Mgmt-Secret-Pw1' } },
      }),
      headers: { 'Content-Type': 'application/json', Authorization: `SSWS ${h.config.apiTokens[0]}` },
    });
    expect(created.status).toBe(200);
    secrets.push('Mgmt-Secret-Pw1');
    await h.app.request('/api/v1/users', { headers: { Authorization: 'SSWS not-the-token-but-secret' } });
    secrets.push('not-the-token-but-secret');

    // A server fault while a password is in the request: the boundary logs it — without the password.
    const again = await begin(h);
    const identified = await remediate(h, again.doc, 'identify', { identifier: user.profile.login });
    h.ctx.store.close();
    const fault = await h.app.request(
      '/idp/idx/challenge/answer',
      json({ credentials: { passcode: 'Fault-Time-Passw0rd' }, stateHandle: identified.doc.stateHandle }),
    );
    secrets.push('Fault-Time-Passw0rd');
    expect(fault.status).toBe(500);

    const all = output.join('\n');
    expect(all, 'the fault was logged (so capture works)').toContain('devorg: unexpected error');
    for (const secret of secrets) expect(all.includes(secret), `a secret (${secret.slice(0, 4)}…) was logged`).toBe(false);
  });
});

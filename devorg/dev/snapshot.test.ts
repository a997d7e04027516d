import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpAt } from '../authenticators/lib/totp';
import { parseCliArgs } from '../cli';
import { portalApp } from '../config';
import { hashPassword } from '../crypto/password';
import { seedPersonas } from '../personas';
import type { UserRecord } from '../store';
import { begin, makeUser, ORG_POLICIES, PASSWORD, remediate, startHarness, type Harness, type IdxDoc } from '../testing/harness';
import { exportSnapshotFile, importSnapshotFile } from './snapshot';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const PERSONA = {
  login: 'snap.totp@example.test',
  email: 'snap.totp@example.test',
  firstName: 'Snap',
  lastName: 'Shot',
  password: 'Persona-Passw0rd!',
  factors: { totp: { secret: SECRET }, securityQuestion: { questionKey: 'disliked_food', answer: 'Brussels sprouts' } },
  groups: ['Snapshotted'],
};

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await startHarness({ ...ORG_POLICIES, personas: [PERSONA] });
  dir = mkdtempSync(join(tmpdir(), 'devorg-snapshot-'));
});
afterAll(() => {
  h.close();
  rmSync(dir, { recursive: true, force: true });
});

const auth = (org: Harness) => ({ Authorization: `SSWS ${org.config.apiTokens[0]}` });
type Snapshot = Record<string, unknown> & { users: UserRecord[] };

async function getSnapshot(org: Harness): Promise<Snapshot> {
  const res = await org.app.request('/dev/api/snapshot', { headers: auth(org) });
  expect(res.status).toBe(200);
  return (await res.json()) as Snapshot;
}

async function putSnapshot(org: Harness, body: unknown) {
  const res = await org.app.request('/dev/api/snapshot', {
    method: 'PUT',
    headers: { ...auth(org), 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const withoutTime = ({ exportedAt: _exportedAt, ...rest }: Record<string, unknown>) => rest;

/** Password, then TOTP: the sign-in a restored persona must still be able to do. */
async function signInWithTotp(org: Harness, login: string, password: string) {
  const start = await begin(org);
  const challenge = await remediate(org, start.doc, 'identify', { identifier: login });
  const after = await remediate(org, challenge.doc, 'challenge-authenticator', { credentials: { passcode: password } });
  const otp = after.doc.authenticatorEnrollments?.value.find((a: IdxDoc) => a.key === 'google_otp')?.authenticatorId;
  const picked = await remediate(org, after.doc, 'select-authenticator-authenticate', { authenticator: { id: otp } });
  return remediate(org, picked.doc, 'challenge-authenticator', { credentials: { passcode: totpAt(SECRET, org.clock.now()) } });
}

describe('dev snapshot and restore', () => {
  it('round-trips users, password digests, factors, passkeys, groups, memberships and app assignments, with no plaintext secret', async () => {
    await seedPersonas(h.ctx);
    const plain = await makeUser(h);
    const persona = await h.ctx.store.userByLogin(PERSONA.login);
    await h.ctx.store.assignApp(portalApp(h.config).clientId, plain.id, h.clock.now());
    await h.ctx.store.saveEnrollment({
      id: 'fwfsnapshotpasskey01',
      userId: plain.id,
      authenticator: 'webauthn',
      profile: { credentialId: 'cred-1', transports: ['internal'], aaguid: null },
      secret: { publicKey: 'cHVibGljLWtleQ' },
      failures: 0,
      lastUsedStep: 3,
      createdAt: h.clock.now(),
      lastVerifiedAt: null,
    });
    const hook = {
      id: 'whosnapshothook00001',
      name: 'Snapshot hook',
      description: null,
      status: 'ACTIVE' as const,
      verificationStatus: 'VERIFIED' as const,
      events: ['user.lifecycle.create'],
      channel: {
        uri: 'https://hooks.example.test/okta',
        version: '1.0.0',
        headers: [],
        authScheme: { type: 'HEADER' as const, key: 'Authorization', value: 'hook-secret-value' },
      },
      createdAt: h.clock.now(),
      lastUpdatedAt: h.clock.now(),
    };
    await h.ctx.store.createEventHook(hook);
    const before = await getSnapshot(h);
    expect(before).toMatchObject({ format: 'devorg-snapshot', version: 1 });
    expect(before.eventHooks).toEqual([{ ...hook, channel: { ...hook.channel, authScheme: { type: 'HEADER', key: 'Authorization' } } }]);
    expect(before.users.map((u) => u.profile.login)).toEqual(expect.arrayContaining([PERSONA.login, plain.profile.login]));
    const text = JSON.stringify(before);
    for (const plaintext of [PASSWORD, PERSONA.password, 'Brussels', 'hook-secret-value']) expect(text).not.toContain(plaintext);
    expect(before.groups).toEqual([expect.objectContaining({ profile: expect.objectContaining({ name: 'Snapshotted' }) })]);
    expect(before.webauthnCredentials).toEqual([expect.objectContaining({ credentialId: 'cred-1', signCount: 3, userId: plain.id })]);

    // Into a fresh org: the same data, and a restored persona signs in with its password and TOTP.
    const other = await startHarness(ORG_POLICIES);
    try {
      await makeUser(other);
      const restored = await putSnapshot(other, before);
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({
        restored: { users: 2, groups: 1, groupMembers: 1, appAssignments: 1, webauthnCredentials: 1 },
      });
      const { eventHooks: _hooks, ...data } = withoutTime(await getSnapshot(other));
      const { eventHooks: _sent, ...sent } = withoutTime(before);
      expect(data).toEqual(sent);
      const done = await signInWithTotp(other, PERSONA.login, PERSONA.password);
      expect(done.doc.successWithInteractionCode).toBeDefined();
      expect((await other.ctx.store.groupsOfUser(persona?.id ?? '')).map((g) => g.profile.name)).toContain('Snapshotted');
      // Another org never had the hook's secret: the hook waits, inactive, for an admin to set it.
      expect(await other.ctx.store.eventHookById(hook.id)).toMatchObject({
        status: 'INACTIVE',
        verificationStatus: 'UNVERIFIED',
        channel: { authScheme: { key: 'Authorization', value: '' } },
      });
    } finally {
      other.close();
    }
    // Back into the org it came from, the hook keeps its own secret and state.
    expect((await putSnapshot(h, before)).status).toBe(200);
    expect(await h.ctx.store.eventHookById(hook.id)).toEqual(hook);
  });

  it('refuses a snapshot of another version, of the wrong shape or with dangling references, with a clear 400, changing nothing', async () => {
    const good = await getSnapshot(h);
    const userId = good.users[0]?.id;
    const cases: [unknown, RegExp][] = [
      [{ ...good, version: 2 }, /version: this devorg reads snapshot version 1/],
      [{ ...good, format: 'firebase' }, /format: must be "devorg-snapshot"/],
      [{ ...good, users: [{ ...good.users[0], status: 'HAPPY' }] }, /users\[0\]\.status: must be one of/],
      [{ ...good, users: [{ ...good.users[0], profile: { email: 'x@example.test' } }] }, /users\[0\]\.profile\.login: required/],
      [{ ...good, users: [{ ...good.users[0], shoeSize: 9 }] }, /users\[0\]\.shoeSize: unknown key/],
      [{ ...good, users: [good.users[0], good.users[0]] }, /users\[1\]\.id: appears twice/],
      [{ ...good, users: [] }, /enrollments\[0\]\.userId: names no user of the snapshot/],
      [{ ...good, groupMembers: [{ groupId: '00gnope', userId, createdAt: 1 }] }, /groupMembers\[0\]\.groupId: names no group/],
      ['[]', /not well-formed/],
    ];
    for (const [body, cause] of cases) {
      const res = await putSnapshot(h, body);
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
      const causes = (res.body.errorCauses as { errorSummary: string }[]).map((c) => c.errorSummary);
      expect([String(res.body.errorSummary), ...causes].join('\n'), String(cause)).toMatch(cause);
    }
    expect(withoutTime(await getSnapshot(h))).toEqual(withoutTime(good));
    expect((await h.app.request('/dev/api/snapshot')).status).toBe(401);
  });

  it('restores 10 000 users in one request, exactly as they were', async () => {
    const big = await startHarness();
    const target = await startHarness();
    try {
      const hash = await hashPassword(PASSWORD, big.config.passwordHashCost);
      const now = big.clock.now();
      const users: UserRecord[] = Array.from({ length: 10_000 }, (_, i) => ({
        id: `00ubulk${String(i).padStart(13, '0')}`,
        status: i % 10 === 0 ? 'LOCKED_OUT' : 'ACTIVE',
        profile: {
          login: `bulk.${i}@example.test`,
          email: `bulk.${i}@example.test`,
          firstName: 'Bulk',
          lastName: `User ${i}`,
          city: i % 2 ? 'Oslo' : null,
        },
        passwordHash: hash,
        passwordChangedAt: now,
        failedLogins: i % 10 === 0 ? 10 : 0,
        createdAt: now + i,
        activatedAt: now,
        statusChangedAt: now,
        lastLoginAt: i % 3 ? now : null,
        lastUpdatedAt: now + i,
      }));
      await big.ctx.store.insertUsersBulk(users);
      const snapshot = await getSnapshot(big);
      expect(snapshot.users).toHaveLength(10_000);
      const restored = await putSnapshot(target, snapshot);
      expect(restored.body).toMatchObject({ restored: { users: 10_000 } });
      const again = await getSnapshot(target);
      expect(again.users).toEqual(snapshot.users);
      expect(await target.ctx.store.userByLogin('BULK.9999@example.test')).toEqual(users[9999]);
      // The restored password digests work: a restored user signs in.
      const start = await begin(target);
      const challenge = await remediate(target, start.doc, 'identify', { identifier: 'bulk.1@example.test' });
      const done = await remediate(target, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
      expect(done.doc.successWithInteractionCode).toBeDefined();
    } finally {
      big.close();
      target.close();
    }
  }, 60_000);

  it('exports to a file on request and imports one at start-up, naming what is wrong with a bad one', async () => {
    const file = join(dir, 'org.json');
    await exportSnapshotFile(h.ctx, file);
    const other = await startHarness();
    try {
      expect(await importSnapshotFile(other.ctx, file)).toMatchObject({ users: (await getSnapshot(h)).users.length });
      expect(await other.ctx.store.userByLogin(PERSONA.login)).toBeDefined();
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), version: 7 }));
      await expect(importSnapshotFile(other.ctx, broken)).rejects.toThrow(
        /--import .*broken\.json: not a devorg snapshot: version: this devorg reads snapshot version 1/,
      );
      writeFileSync(broken, '{');
      await expect(importSnapshotFile(other.ctx, broken)).rejects.toThrow(/--import .*broken\.json: .*JSON/);
    } finally {
      other.close();
    }
    expect(parseCliArgs(['--import', 'a.json', '--export-on-exit', 'b.json'])).toEqual({ import: 'a.json', exportOnExit: 'b.json' });
    expect(parseCliArgs([])).toEqual({});
    expect(() => parseCliArgs(['--imports', 'a'])).toThrow(/usage: npm run devorg/);
    expect(() => parseCliArgs(['--import'])).toThrow(/usage/);
  });
});

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpAt } from './authenticators/lib/totp';
import { cosePublicKey, SoftAuthenticator } from './authenticators/webauthn/soft-authenticator';
import { defaultConfig, loadConfig, type PersonaSeed } from './config';
import { PersonaError, seedPersonas } from './personas';
import { begin, exchange, ORG_POLICIES, PORTAL, remediate, startHarness, type Harness, type IdxDoc } from './testing/harness';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const TOTP_PERSONA: PersonaSeed = {
  login: 'tess.totp@example.test',
  email: 'tess.totp@example.test',
  firstName: 'Tess',
  lastName: 'Totp',
  password: 'Persona-Passw0rd!',
  factors: {
    totp: { secret: SECRET },
    phone: { phoneNumber: '+1 415 555 0100' },
    securityQuestion: { questionKey: 'disliked_food', answer: 'Brussels sprouts' },
  },
  groups: ['Personas'],
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ ...ORG_POLICIES, personas: [TOTP_PERSONA] });
  await seedPersonas(h.ctx);
});
afterAll(() => h.close());

const auth = () => ({ Authorization: `SSWS ${h.config.apiTokens[0]}` });

async function passwordStep(login: string, password: string) {
  const start = await begin(h);
  const challenge = await remediate(h, start.doc, 'identify', { identifier: login });
  return remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: password } });
}

describe('personas', () => {
  it('exist with their factors set up: the first sign-in asks for a second factor, not an enrollment, and TOTP passes it', async () => {
    const after = await passwordStep(TOTP_PERSONA.login, TOTP_PERSONA.password);
    expect(after.doc.remediation.value.map((r: IdxDoc) => r.name)).toEqual(['select-authenticator-authenticate']);
    const keys = after.doc.authenticatorEnrollments.value.map((a: IdxDoc) => a.key);
    expect(keys).toEqual(expect.arrayContaining(['okta_email', 'google_otp', 'phone_number', 'security_question']));
    const otp = after.doc.authenticatorEnrollments.value.find((a: IdxDoc) => a.key === 'google_otp').authenticatorId;
    const challenge = await remediate(h, after.doc, 'select-authenticator-authenticate', { authenticator: { id: otp } });
    const done = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: totpAt(SECRET, h.clock.now()) } });
    expect(done.doc.successWithInteractionCode).toBeDefined();
  });

  it('answer their security question, keep no plaintext secret, and are in their groups', async () => {
    const user = await h.ctx.store.userByLogin(TOTP_PERSONA.login);
    const after = await passwordStep(TOTP_PERSONA.login, TOTP_PERSONA.password);
    const question = after.doc.authenticatorEnrollments.value.find((a: IdxDoc) => a.key === 'security_question').authenticatorId;
    const challenge = await remediate(h, after.doc, 'select-authenticator-authenticate', { authenticator: { id: question } });
    const done = await remediate(h, challenge.doc, 'challenge-authenticator', {
      credentials: { questionKey: 'disliked_food', answer: 'brussels sprouts' },
    });
    expect(done.doc.successWithInteractionCode).toBeDefined();
    const stored = JSON.stringify(await h.ctx.store.enrollments(user?.id ?? ''));
    expect(stored).not.toContain('Brussels');
    expect(stored).toContain('+14155550100');
    expect((await h.ctx.store.groupsOfUser(user?.id ?? '')).map((g) => g.profile.name)).toContain('Personas');
  });

  it('are left as they are on a restart, and come back after a reset', async () => {
    const before = await h.ctx.store.userByLogin(TOTP_PERSONA.login);
    expect(await seedPersonas(h.ctx)).toEqual([]);
    expect((await h.ctx.store.userByLogin(TOTP_PERSONA.login))?.id).toBe(before?.id);
    expect((await h.app.request('/dev/api/reset', { method: 'POST', headers: auth() })).status).toBe(204);
    const after = await h.ctx.store.userByLogin(TOTP_PERSONA.login);
    expect(after?.id).toBeDefined();
    expect(after?.id).not.toBe(before?.id);
    expect((await h.ctx.store.enrollments(after?.id ?? '')).map((e) => e.authenticator).sort()).toEqual(
      ['google_otp', 'okta_email', 'phone_number', 'security_question'].sort(),
    );
  });

  it('refuses, naming the field, a persona the schema or the org’s rules refuse', async () => {
    expect(() => loadConfig({}, { personas: [{ ...TOTP_PERSONA, factors: { totp: { secret: 'not base32!' } } }] })).toThrow(
      /personas\[0\]\.factors\.totp\.secret: must be a base32 secret/,
    );
    expect(() => loadConfig({}, { personas: [TOTP_PERSONA, { ...TOTP_PERSONA, login: TOTP_PERSONA.login.toUpperCase() }] })).toThrow(
      /personas: a login may appear once/,
    );
    const weak = await startHarness({ personas: [{ ...TOTP_PERSONA, password: 'short' }] });
    try {
      await expect(seedPersonas(weak.ctx)).rejects.toThrow(PersonaError);
      await expect(seedPersonas(weak.ctx)).rejects.toThrow(/personas\[0\]\.password: /);
    } finally {
      weak.close();
    }
    const badPhone = await startHarness({ personas: [{ ...TOTP_PERSONA, factors: { phone: { phoneNumber: 'call me' } } }] });
    try {
      await expect(seedPersonas(badPhone.ctx)).rejects.toThrow(/personas\[0\]\.factors\.phone\.phoneNumber: /);
      expect(await badPhone.ctx.store.userByLogin(TOTP_PERSONA.login)).toBeUndefined();
    } finally {
      badPhone.close();
    }
  });
});

describe('a passkey persona', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const credentialId = randomBytes(32).toString('base64url');
  const PASSKEY_PERSONA: PersonaSeed = {
    login: 'pia.passkey@example.test',
    email: 'pia.passkey@example.test',
    firstName: 'Pia',
    lastName: 'Passkey',
    password: 'Persona-Passw0rd!',
    factors: { passkey: { credentialId, publicKey: cosePublicKey(publicKey), transports: ['internal', 'hybrid'], signCount: 5 } },
  };
  const policies = {
    ...defaultConfig().policies,
    enrollment: { required: ['okta_password' as const, 'okta_email' as const], optional: ['webauthn' as const] },
  };

  it('signs in with the declared credential, by whoever holds its private key', async () => {
    const org = await startHarness({ policies, personas: [PASSKEY_PERSONA] });
    try {
      await seedPersonas(org.ctx);
      const user = await org.ctx.store.userByLogin(PASSKEY_PERSONA.login);
      expect(await org.ctx.store.webauthnCredentials(user?.id ?? '')).toMatchObject([
        { credentialId, signCount: 5, transports: ['internal', 'hybrid'] },
      ]);
      const start = await begin(org);
      const challenge = await remediate(org, start.doc, 'identify', { identifier: PASSKEY_PERSONA.login });
      const after = await remediate(org, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSKEY_PERSONA.password } });
      const passkey = after.doc.authenticatorEnrollments.value.find((a: IdxDoc) => a.key === 'webauthn');
      expect(passkey).toMatchObject({ credentialId });
      const picked = await remediate(org, after.doc, 'select-authenticator-authenticate', {
        authenticator: { id: passkey.authenticatorId },
      });
      const challengeData = picked.doc.currentAuthenticatorEnrollment.value.contextualData.challengeData;

      const stranger = new SoftAuthenticator();
      stranger.adopt(credentialId, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'localhost', 5);
      const refused = await remediate(org, picked.doc, 'challenge-authenticator', {
        credentials: stranger.get(challengeData, { origin: PORTAL }),
      });
      expect(refused.doc.successWithInteractionCode).toBeUndefined();

      const holder = new SoftAuthenticator();
      holder.adopt(credentialId, privateKey, 'localhost', 5);
      const done = await remediate(org, refused.doc, 'challenge-authenticator', {
        credentials: holder.get(challengeData, { origin: PORTAL }),
      });
      const code = done.doc.successWithInteractionCode?.value.find((f: IdxDoc) => f.name === 'interaction_code').value as string;
      expect((await exchange(org, code, start.verifier)).status).toBe(200);
    } finally {
      org.close();
    }
  });

  it('refuses, naming the field, a key that is no key, an id twice, or a malformed one', async () => {
    const cases: [NonNullable<PersonaSeed['factors']>['passkey'], RegExp][] = [
      [{ credentialId, publicKey: 'AAAA' }, /personas\[0\]\.factors\.passkey\.publicKey: is not a COSE key/],
      [{ credentialId, publicKey: Buffer.from([0xa1, 0x01, 0x01]).toString('base64url') }, /publicKey: must be an ES256 key/],
    ];
    for (const [passkey, message] of cases) {
      const org = await startHarness({ policies, personas: [{ ...PASSKEY_PERSONA, factors: { passkey } }] });
      try {
        await expect(seedPersonas(org.ctx)).rejects.toThrow(message);
        expect(await org.ctx.store.userByLogin(PASSKEY_PERSONA.login)).toBeUndefined();
      } finally {
        org.close();
      }
    }
    const twice = await startHarness({
      policies,
      personas: [PASSKEY_PERSONA, { ...PASSKEY_PERSONA, login: 'pia2@example.test', email: 'pia2@example.test' }],
    });
    try {
      await expect(seedPersonas(twice.ctx)).rejects.toThrow(/personas\[1\]\.factors\.passkey\.credentialId: registered already/);
    } finally {
      twice.close();
    }
    expect(() =>
      loadConfig({}, { personas: [{ ...PASSKEY_PERSONA, factors: { passkey: { credentialId: 'short', publicKey: 'AAAA' } } }] }),
    ).toThrow(/personas\[0\]\.factors\.passkey\.credentialId: must be a base64url credential id/);
  });
});

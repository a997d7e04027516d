/**
 * Hostile input at the passkey forms: whatever lands in `credentials` (wrong types, huge strings,
 * base64 of random bytes, CBOR-looking garbage), the answer is a 4xx IDX document and never a success.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config';
import { latestCode, makeUser, PASSWORD, begin, remediate, signIn, startHarness, type Harness, type IdxDoc } from '../../testing/harness';

/** The org's default policies with the passkey among the optional authenticators (whatever the default offers). */
const PASSKEY_POLICIES = {
  policies: {
    ...defaultConfig().policies,
    enrollment: { required: ['okta_password', 'okta_email'], optional: ['google_otp', 'webauthn'] },
  },
} satisfies Parameters<typeof startHarness>[0];

let h: Harness;
beforeAll(async () => {
  // Generous failure limit: the property sends hundreds of wrong answers at one passkey challenge.
  h = await startHarness({ ...PASSKEY_POLICIES, codes: { lifetimeSeconds: 300, maxSends: 5, maxFailures: 100_000, pollMs: 4000 } });
});
afterAll(() => h.close());

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const weird = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 2000, maxLength: 70_000 }),
  fc.uint8Array({ maxLength: 300 }).map(b64),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('base64url')),
  // CBOR map headers and authenticator-data-sized prefixes followed by noise.
  fc.uint8Array({ maxLength: 120 }).map((b) => b64(new Uint8Array([0xa3, 0x63, 0x66, 0x6d, 0x74, ...b]))),
  fc.uint8Array({ minLength: 37, maxLength: 120 }).map(b64),
  fc.json().map((j) => Buffer.from(j).toString('base64')),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 5 }),
);

const ENROLL_FIELDS = ['clientData', 'attestation', 'transports', 'clientExtensions', 'id'];
const CHALLENGE_FIELDS = ['clientData', 'authenticatorData', 'signatureData', 'userHandle', 'id'];

function optionId(doc: IdxDoc, list: 'authenticators' | 'authenticatorEnrollments'): string {
  const i = (doc[list].value as IdxDoc[]).findIndex((a) => a.key === 'webauthn');
  const r = (doc.remediation.value as IdxDoc[]).find((x) => x.value[0]?.name === 'authenticator');
  const option = (r?.value[0].options as IdxDoc[]).find((o) => o.relatesTo === `$.${list}.value[${i}]`);
  return option?.value.form.value.find((f: IdxDoc) => f.name === 'id').value as string;
}

async function passkeyEnrollForm() {
  const user = await makeUser(h);
  const start = await begin(h);
  const challenge = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
  const email = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
  const offered = await remediate(h, email.doc, 'enroll-authenticator', {
    credentials: { passcode: await latestCode(h, user.profile.email) },
  });
  return remediate(h, offered.doc, 'select-authenticator-enroll', { authenticator: { id: optionId(offered.doc, 'authenticators') } });
}

function expectIdxRefusal(status: number, doc: IdxDoc) {
  expect(status).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
  expect(doc.version).toBe('1.0.0');
  expect(Array.isArray(doc.messages?.value)).toBe(true);
  expect(doc.successWithInteractionCode).toBeUndefined();
}

describe('hostile passkey answers', { timeout: 120_000 }, () => {
  it('at enrollment: a 4xx IDX document, the form kept', async () => {
    const enroll = await passkeyEnrollForm();
    expect(enroll.doc.currentAuthenticator.value.key).toBe('webauthn');
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...ENROLL_FIELDS), weird, { maxKeys: 5 }), async (credentials) => {
        const res = await remediate(h, enroll.doc, 'enroll-authenticator', { credentials });
        expectIdxRefusal(res.status, res.doc);
      }),
      { numRuns: 150 },
    );
  });

  it('at a sign-in challenge: a 4xx IDX document, never a success', async () => {
    // A user whose only second factor is a passkey stored with a real-looking public key.
    const user = await makeUser(h);
    const now = h.clock.now();
    const base = { userId: user.id, failures: 0, lastUsedStep: 3, createdAt: now, lastVerifiedAt: now };
    await h.ctx.store.saveEnrollment({
      ...base,
      id: 'fwfHOSTILE' + now,
      authenticator: 'webauthn',
      profile: { credentialId: Buffer.alloc(32, 7).toString('base64url'), transports: ['internal'] },
      // A COSE EC2 P-256 key shape with zero coordinates: decodable, never verifying anything.
      secret: {
        publicKey: Buffer.from(
          'pQECAyYgASFYIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAIlggAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
          'base64',
        ).toString('base64url'),
      },
    });
    await h.ctx.store.saveEnrollment({
      ...base,
      id: 'emlHOSTILE' + now,
      authenticator: 'okta_email',
      profile: { email: user.profile.email },
      secret: null,
    });
    const start = await begin(h);
    const id = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
    const list = await remediate(h, id.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
    const challenge = await remediate(h, list.doc, 'select-authenticator-authenticate', {
      authenticator: { id: optionId(list.doc, 'authenticatorEnrollments') },
    });
    expect(challenge.doc.currentAuthenticatorEnrollment.value.key).toBe('webauthn');
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...CHALLENGE_FIELDS), weird, { maxKeys: 5 }), async (credentials) => {
        const res = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials });
        expectIdxRefusal(res.status, res.doc);
      }),
      { numRuns: 150 },
    );
  });
});

describe('hostile answers to the passkey promotion after sign-in', { timeout: 120_000 }, () => {
  let hp: Harness;
  beforeAll(async () => {
    hp = await startHarness({
      policies: { ...PASSKEY_POLICIES.policies, signOn: { secondFactor: true, passkeyPromotion: true } },
      codes: { lifetimeSeconds: 300, maxSends: 5, maxFailures: 100_000, pollMs: 4000 },
    });
  });
  afterAll(() => hp.close());

  it('whatever `credentials` holds (or is): a 4xx IDX document, never a success', async () => {
    const user = await makeUser(hp);
    await signIn(hp, user.profile.login);
    const start = await begin(hp);
    const id = await remediate(hp, start.doc, 'identify', { identifier: user.profile.login });
    const email = await remediate(hp, id.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
    const promotion = await remediate(hp, email.doc, 'challenge-authenticator', {
      credentials: { passcode: await latestCode(hp, user.profile.email) },
    });
    expect(promotion.doc.remediation.value[0].name).toBe('enroll-authenticator-promotion');
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.dictionary(fc.constantFrom(...ENROLL_FIELDS), weird, { maxKeys: 5 }), weird), async (credentials) => {
        const res = await remediate(hp, promotion.doc, 'enroll-authenticator-promotion', { credentials });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.doc.version).toBe('1.0.0');
        expect(res.doc.successWithInteractionCode).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });
});

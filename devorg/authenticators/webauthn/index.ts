/**
 * `webauthn` (Okta's "Passkey (FIDO2 WebAuthn)"): registration and assertion checked for real by
 * @simplewebauthn/server (`ceremony.ts`). Enrollment offers `contextualData.activationData`
 * (PublicKeyCredentialCreationOptions: ES256 and RS256, attestation "none", the org's user
 * verification) and signs a challenge derived from the enrollment step's random secret; a sign-in
 * challenge (`contextualData.challengeData`) signs one derived from the nonce its step holds, so each
 * challenge belongs to one step of one transaction and is gone once that step is left.
 *
 * Stored as one enrollment per user: `profile` {credentialId, transports, aaguid, createdAt} (what the
 * widget and the factors API show), `secret` {publicKey} (COSE, base64url) and the signature counter
 * in the enrollment's `lastUsedStep`, whose compare-and-set (`recordEnrollmentSuccess`) makes a counter
 * that does not grow — a cloned authenticator, or a replayed assertion — lose even under racing
 * requests. The enrollments table keeps one row per user and authenticator, so a user has one passkey;
 * enrolling again replaces it.
 */
import { MESSAGES } from '../../idx/messages';
import type { TxData } from '../../idx/machine/types';
import type { EnrollmentRecord } from '../../store';
import { verifyAgainstEnrollment } from '../lib/enrollment-check';
import type { Authenticator, IdxField } from '../types';
import {
  ALGORITHMS,
  challengeFor,
  counterAccepted,
  relyingParty,
  verifyAssertion,
  verifyRegistration,
  type RelyingParty,
  type StoredCredential,
} from './ceremony';
import { parseTransports, toBase64Url } from './encoding';

export const WEBAUTHN_AUTHENTICATOR_ID = 'autdevorgwebauthn001';

const hidden = (name: string, label: string, required = true): IdxField => ({ name, label, required, visible: false });

/** What the widget posts to `challenge/answer` at a sign-in (`ChallengeWebauthnView`). */
const CHALLENGE_FIELDS: IdxField[] = [
  hidden('clientData', 'Client Data'),
  hidden('authenticatorData', 'Authenticator Data'),
  hidden('signatureData', 'Signature Data'),
];

/** What the widget posts at enrollment (`EnrollWebauthnView`); transports and extensions only when the browser has them. */
const ENROLL_FIELDS: IdxField[] = [
  hidden('clientData', 'Client Data'),
  hidden('attestation', 'Attestation'),
  hidden('transports', 'Transports', false),
  hidden('clientExtensions', 'clientExtensions', false),
];

/** The relying party as `media()` drew it for this reply (render is pure; the org's settings come this way). */
function rpOf(media: Record<string, unknown> | undefined): RelyingParty | undefined {
  const rp = media?.relyingParty;
  return rp !== null && typeof rp === 'object' ? (rp as RelyingParty) : undefined;
}

/** The user's passkey as the transaction knows it (its public profile, from identify). */
function enrolledProfile(tx: TxData): { credentialId: string; transports: string[] } | undefined {
  const p = tx.profiles?.webauthn;
  return typeof p?.credentialId === 'string' ? { credentialId: p.credentialId, transports: parseTransports(p.transports) } : undefined;
}

function storedCredential(e: EnrollmentRecord): StoredCredential | undefined {
  const { credentialId } = e.profile;
  const publicKey = e.secret?.publicKey;
  if (typeof credentialId !== 'string' || typeof publicKey !== 'string') return undefined;
  return { credentialId, publicKey, signCount: e.lastUsedStep ?? 0, transports: parseTransports(e.profile.transports) };
}

/** The WebAuthn user handle: the Okta user id's bytes (the widget decodes `user.id` from base64). */
const userHandle = (userId: string) => Buffer.from(userId, 'utf8').toString('base64url');

export const webauthnAuthenticator: Authenticator = {
  wire: {
    key: 'webauthn',
    id: WEBAUTHN_AUTHENTICATOR_ID,
    type: 'security_key',
    // The widget's passkey wording ("Set up a passkey", "Verify with a passkey") keys on exactly this name.
    displayName: 'Passkeys',
    methods: [{ type: 'webauthn' }],
    // RFC 8176 proof of possession of a hardware-secured key, as Okta reports FIDO2 WebAuthn.
    amr: 'hwk',
    factor: { factorType: 'webauthn', provider: 'FIDO', vendorName: 'FIDO' },
    enrollmentPrefix: 'fwf',
  },
  // The step's random "secret" is what the registration challenge is derived from.
  enrollWith: 'secret',
  challengeNonce: true,
  verify: (input) =>
    verifyAgainstEnrollment('webauthn', input, async (enrollment) => {
      const stored = storedCredential(enrollment);
      const nonce = input.step.nonce;
      if (!stored || !nonce) return { ok: false };
      // auth-js names the credential it used (`id`); the widget does not. Naming another one fails.
      const named = input.credentials.id;
      if (named !== undefined && toBase64Url(named) !== stored.credentialId) return { ok: false };
      const asserted = await verifyAssertion(relyingParty(input.ctx), nonce, stored, {
        clientData: input.credentials.clientData,
        authenticatorData: input.credentials.authenticatorData,
        signatureData: input.credentials.signatureData,
      });
      if (!asserted || !counterAccepted(stored.signCount, asserted.signCount)) return { ok: false };
      // A counting authenticator's counter is spent through the store's compare-and-set on `lastUsedStep`.
      return asserted.signCount > 0 ? { ok: true, usedStep: asserted.signCount } : { ok: true };
    }),
  enroll: async ({ ctx, step, credentials, now }) => {
    if (!step.secret) return { ok: false, reason: 'invalid' };
    const transports = parseTransports(credentials.transports);
    const created = await verifyRegistration(relyingParty(ctx), step.secret, {
      clientData: credentials.clientData,
      attestation: credentials.attestation,
      transports,
    });
    if (!created) return { ok: false, reason: 'invalid' };
    return {
      ok: true,
      enrollment: {
        key: 'webauthn',
        profile: { credentialId: created.credentialId, authenticatorName: 'Passkey', transports, aaguid: created.aaguid, createdAt: now },
        secret: { publicKey: created.publicKey },
        lastUsedStep: created.signCount,
      },
    };
  },
  wrongAnswer: (_reason, phase) => ({
    messages: [phase === 'challenge' ? MESSAGES.webauthnAssertionFailed() : MESSAGES.webauthnEnrollmentFailed()],
  }),
  idx: {
    challengeFields: () => CHALLENGE_FIELDS,
    enrollCredentials: () => ({ name: 'credentials', type: 'object', required: true, form: { value: ENROLL_FIELDS } }),
    challengeExtras: (tx, media) => {
      const rp = rpOf(media);
      const step = tx.step;
      if (!rp || step.name !== 'challenge' || !step.nonce) return {};
      return {
        contextualData: {
          challengeData: { challenge: challengeFor(step.nonce), userVerification: rp.userVerification, rpId: rp.rpId },
        },
      };
    },
    enrollExtras: ({ tx, media }) => {
      const rp = rpOf(media);
      const step = tx.step;
      const userId = tx.userId ?? tx.registration?.userId;
      if (!rp || step.name !== 'enroll' || !step.secret || !userId) return {};
      const name = tx.identifier ?? tx.registration?.profile.email ?? userId;
      const profile = tx.registration?.profile;
      const displayName = [profile?.firstName, profile?.lastName].filter(Boolean).join(' ') || name;
      return {
        contextualData: {
          activationData: {
            rp: { name: rp.rpName, id: rp.rpId },
            user: { id: userHandle(userId), name, displayName },
            pubKeyCredParams: ALGORITHMS.map((alg) => ({ type: 'public-key', alg })),
            challenge: challengeFor(step.secret),
            attestation: 'none',
            authenticatorSelection: { userVerification: rp.userVerification, residentKey: 'preferred', requireResidentKey: false },
          },
        },
      };
    },
    // The widget builds allowCredentials / excludeCredentials from these entries.
    enrollmentEntry: (tx) => {
      const p = enrolledProfile(tx);
      return p ? { credentialId: p.credentialId, transports: p.transports } : {};
    },
    media: (ctx) => Promise.resolve({ relyingParty: relyingParty(ctx) }),
  },
};

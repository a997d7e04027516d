/**
 * `webauthn` (Okta's "Passkey (FIDO2 WebAuthn)"): registration and assertion checked for real by
 * @simplewebauthn/server (`ceremony.ts`). Enrollment offers `contextualData.activationData`
 * (PublicKeyCredentialCreationOptions: ES256 and RS256, attestation "none", the org's user
 * verification) and signs a challenge derived from the enrollment step's random secret; a sign-in
 * challenge (`contextualData.challengeData`) signs one derived from the nonce its step holds, so each
 * challenge belongs to one step of one transaction and is gone once that step is left.
 *
 * A user may have several passkeys: each is a row of `webauthn_credentials` (public key, counter,
 * transports, AAGUID) beside the user's one `webauthn` enrollment, which counts wrong answers for them
 * all. Enrolling adds one (the enrollment this authenticator returns carries the new credential, the
 * store files it); the enrollment's profile lists them (`credentials`), which the widget gets as one
 * `authenticatorEnrollments` entry each (its allowCredentials and excludeCredentials). An assertion is
 * checked against the credential it names (auth-js) or each of the user's (the widget names none), and
 * the counter's compare-and-set (`recordWebauthnAssertion`) makes one that does not grow — a cloned
 * authenticator, or a replayed assertion — lose even under racing requests.
 */
import { MESSAGES } from '../../idx/messages';
import { registrantLogin } from '../../idx/machine/registrant';
import type { TxData } from '../../idx/machine/types';
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

/** A challenge's relying party: the sign-on policy may require user verification beyond the org's setting. */
function forChallenge(rp: RelyingParty, step: { userVerification?: 'required' }): RelyingParty {
  return step.userVerification ? { ...rp, userVerification: step.userVerification } : rp;
}

/** The user's passkeys as the transaction knows them (the enrollment's public profile, from identify). */
function enrolledCredentials(tx: TxData): { credentialId: string; transports: string[] }[] {
  const stored = tx.profiles?.webauthn?.credentials;
  // Those set up in this transaction too (a registrant's are stored with the user at the end).
  const setUpHere = (tx.newEnrollments ?? []).filter((e) => e.key === 'webauthn').map((e) => e.profile);
  const listed: unknown[] = [...(Array.isArray(stored) ? stored : []), ...setUpHere];
  const seen = new Set<string>();
  return listed.flatMap((c: unknown) => {
    if (c === null || typeof c !== 'object') return [];
    const { credentialId, transports } = c as Record<string, unknown>;
    if (typeof credentialId !== 'string' || seen.has(credentialId)) return [];
    seen.add(credentialId);
    return [{ credentialId, transports: parseTransports(transports) }];
  });
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
  multipleEnrollments: true,
  challengeNonce: true,
  // A phishing-resistant possession factor: Okta's "any 1 factor type" rule lets it sign in alone.
  signsInAlone: true,
  // Each of the user's passkeys is a factor of its own, under the credential's factor id (never its key).
  factorsOf: (e) => {
    const listed = e.profile.credentials;
    if (!Array.isArray(listed)) return [e];
    return listed.flatMap((c: unknown) => {
      if (c === null || typeof c !== 'object') return [];
      const { id, credentialId, transports, aaguid, createdAt, lastUsedAt } = c as Record<string, unknown>;
      if (typeof id !== 'string' || typeof createdAt !== 'number') return [];
      return [
        {
          ...e,
          id,
          profile: { credentialId, authenticatorName: e.profile.authenticatorName ?? 'Passkey', transports, aaguid },
          createdAt,
          lastVerifiedAt: typeof lastUsedAt === 'number' ? lastUsedAt : null,
        },
      ];
    });
  },
  verify: (input) =>
    verifyAgainstEnrollment('webauthn', input, async (enrollment) => {
      const nonce = input.step.nonce;
      if (!nonce) return { ok: false };
      // auth-js names the credential it used (`id`); the widget does not, so each of the user's is tried.
      // Naming one the user doesn't have fails.
      const named = input.credentials.id === undefined ? undefined : toBase64Url(input.credentials.id);
      const candidates = (await input.ctx.store.webauthnCredentials(enrollment.userId)).filter(
        (c) => named === undefined || c.credentialId === named,
      );
      const rp = forChallenge(relyingParty(input.ctx), input.step);
      for (const candidate of candidates) {
        const stored: StoredCredential = candidate;
        const asserted = await verifyAssertion(rp, nonce, stored, {
          clientData: input.credentials.clientData,
          authenticatorData: input.credentials.authenticatorData,
          signatureData: input.credentials.signatureData,
        });
        if (!asserted) continue;
        // Signed by this passkey: its counter must grow, spent by the store's compare-and-set.
        const counted =
          counterAccepted(stored.signCount, asserted.signCount) &&
          (await input.ctx.store.recordWebauthnAssertion(candidate.id, asserted.signCount, input.now));
        return { ok: counted };
      }
      return { ok: false };
    }),
  enroll: async ({ ctx, step, credentials, now }) => {
    if (!step.secret) return { ok: false, reason: 'invalid' };
    const transports = parseTransports(credentials.transports);
    const created = await verifyRegistration(relyingParty(ctx), step.secret, {
      clientData: credentials.clientData,
      attestation: credentials.attestation,
      transports,
    });
    // A credential registered already (the browser honours excludeCredentials; a replayed answer doesn't).
    if (!created || (await ctx.store.webauthnCredentialExists(created.credentialId))) return { ok: false, reason: 'invalid' };
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
      const drawn = rpOf(media);
      const step = tx.step;
      if (!drawn || step.name !== 'challenge' || !step.nonce) return {};
      const rp = forChallenge(drawn, step);
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
      const name = tx.identifier ?? (tx.registration ? registrantLogin(tx.registration) : undefined) ?? userId;
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
            // The widget and auth-js build it from authenticatorEnrollments; sent here too for other clients.
            excludeCredentials: enrolledCredentials(tx).map((c) => ({ type: 'public-key', id: c.credentialId, transports: c.transports })),
          },
        },
      };
    },
    // The widget builds allowCredentials / excludeCredentials from these entries: one per passkey.
    enrollmentEntry: (tx) => {
      const [first] = enrolledCredentials(tx);
      return first ? { credentialId: first.credentialId, transports: first.transports } : {};
    },
    moreEnrollmentEntries: (tx) => enrolledCredentials(tx).slice(1),
    media: (ctx) => Promise.resolve({ relyingParty: relyingParty(ctx) }),
  },
};

/**
 * The two WebAuthn ceremonies, judged by @simplewebauthn/server: registration (attestation "none"
 * or a self-attested "packed" one; no attestation trust policy) and authentication against one stored
 * credential. Everything here returns a verdict and never throws on what a client sent: a malformed
 * clientData, attestation or authenticatorData is a failed ceremony, not a 500.
 */
import { createHash, createPublicKey, type JsonWebKey } from 'node:crypto';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { decodeAttestationObject, decodeCredentialPublicKey, parseAuthenticatorData } from '@simplewebauthn/server/helpers';
import type { OrgContext } from '../../context';
import { toBase64Url } from './encoding';

/** COSE algorithms offered at enrollment, as Okta offers them: ES256 and RS256. */
export const ALGORITHMS = [-7, -257] as const;

export type UserVerification = 'required' | 'preferred' | 'discouraged';

const b64u = (v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64url') : '');

/**
 * What is wrong with a COSE public key (base64url) a registration did not produce (a persona's), if
 * anything: it must be one this org verifies (ES256 on P-256, or RS256) and a real key of that kind.
 */
export function coseKeyProblem(publicKey: string): string | undefined {
  let cose: Map<number, unknown>;
  try {
    cose = decodeCredentialPublicKey(Buffer.from(publicKey, 'base64url')) as unknown as Map<number, unknown>;
    if (!(cose instanceof Map)) return 'is not a COSE key (a CBOR map)';
  } catch {
    return 'is not a COSE key (a CBOR map)';
  }
  const [kty, alg] = [cose.get(1), cose.get(3)];
  let jwk: JsonWebKey;
  if (kty === 2 && alg === -7 && cose.get(-1) === 1) jwk = { kty: 'EC', crv: 'P-256', x: b64u(cose.get(-2)), y: b64u(cose.get(-3)) };
  else if (kty === 3 && alg === -257) jwk = { kty: 'RSA', n: b64u(cose.get(-1)), e: b64u(cose.get(-2)) };
  else return 'must be an ES256 key on P-256 (kty 2, alg -7, crv 1) or an RS256 key (kty 3, alg -257)';
  try {
    createPublicKey({ key: jwk, format: 'jwk' });
    return undefined;
  } catch {
    return `is not a valid ${alg === -7 ? 'P-256' : 'RSA'} public key`;
  }
}

/** The relying party as this org is one: its id, the origins a ceremony may come from, the UV policy. */
export interface RelyingParty {
  rpId: string;
  rpName: string;
  origins: string[];
  userVerification: UserVerification;
}

/**
 * rpId: configured, else the org's host (as on Okta: the org's domain; an embedded page must be on it or
 * below it — `localhost` for the portal and devorg alike). Origins: the trusted origins (the embedded
 * widget's pages) and the org's own (its hosted page).
 */
export function relyingParty(ctx: OrgContext): RelyingParty {
  const { webauthn, publicOrigin, trustedOrigins, orgName } = ctx.config;
  return {
    rpId: webauthn.rpId ?? new URL(publicOrigin).hostname,
    rpName: orgName,
    origins: [...new Set([...trustedOrigins, publicOrigin])],
    userVerification: webauthn.userVerification,
  };
}

/**
 * The challenge a ceremony signs, derived from the random value its step holds (the enrollment's
 * secret, the challenge's nonce): bound to this transaction's step, gone once the step is left.
 */
export function challengeFor(stepSecret: string): string {
  return createHash('sha256').update(`webauthn:${stepSecret}`).digest('base64url');
}

export interface NewCredential {
  credentialId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  signCount: number;
  aaguid: string;
  userVerified: boolean;
  backedUp: boolean;
}

/** The credential id inside an attestation's authenticator data (the widget does not send it separately). */
function credentialIdOf(attestationObject: string): string | undefined {
  try {
    const decoded = decodeAttestationObject(Buffer.from(attestationObject, 'base64url'));
    const authData = decoded.get('authData');
    const id = parseAuthenticatorData(authData).credentialID;
    return id && id.length ? Buffer.from(id).toString('base64url') : undefined;
  } catch {
    return undefined;
  }
}

/** A registration answer: its clientData and attestation (either encoding); the new credential, or undefined. */
export async function verifyRegistration(
  rp: RelyingParty,
  stepSecret: string,
  answer: { clientData: unknown; attestation: unknown; transports: string[] },
): Promise<NewCredential | undefined> {
  const clientDataJSON = toBase64Url(answer.clientData);
  const attestationObject = toBase64Url(answer.attestation);
  if (!clientDataJSON || !attestationObject) return undefined;
  const id = credentialIdOf(attestationObject);
  if (!id) return undefined;
  try {
    const result = await verifyRegistrationResponse({
      response: {
        id,
        rawId: id,
        type: 'public-key',
        response: { clientDataJSON, attestationObject, transports: answer.transports },
        clientExtensionResults: {},
      },
      expectedChallenge: challengeFor(stepSecret),
      expectedOrigin: rp.origins,
      expectedRPID: rp.rpId,
      requireUserVerification: rp.userVerification === 'required',
      supportedAlgorithmIDs: [...ALGORITHMS],
    });
    if (!result.verified) return undefined;
    const info = result.registrationInfo;
    return {
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
      signCount: info.credential.counter,
      aaguid: info.aaguid,
      userVerified: info.userVerified,
      backedUp: info.credentialBackedUp,
    };
  } catch {
    return undefined;
  }
}

export interface StoredCredential {
  credentialId: string;
  publicKey: string;
  signCount: number;
  transports: string[];
}

/**
 * An assertion for `credential`: verified (signature, challenge, origin, rpId, UP, UV by policy) with
 * the counter it reports, or undefined. The counter rule (a cloned authenticator reports one that does
 * not grow) is the caller's, so it can be applied atomically in the store.
 */
export async function verifyAssertion(
  rp: RelyingParty,
  nonce: string,
  credential: StoredCredential,
  answer: { clientData: unknown; authenticatorData: unknown; signatureData: unknown },
): Promise<{ signCount: number; userVerified: boolean } | undefined> {
  const clientDataJSON = toBase64Url(answer.clientData);
  const authenticatorData = toBase64Url(answer.authenticatorData);
  const signature = toBase64Url(answer.signatureData);
  if (!clientDataJSON || !authenticatorData || !signature) return undefined;
  try {
    const result = await verifyAuthenticationResponse({
      response: {
        id: credential.credentialId,
        rawId: credential.credentialId,
        type: 'public-key',
        response: { clientDataJSON, authenticatorData, signature },
        clientExtensionResults: {},
      },
      expectedChallenge: challengeFor(nonce),
      expectedOrigin: rp.origins,
      expectedRPID: rp.rpId,
      // Counter 0 here: the library's own counter check is replaced by the caller's atomic one.
      credential: {
        id: credential.credentialId,
        publicKey: Buffer.from(credential.publicKey, 'base64url'),
        counter: 0,
        transports: credential.transports,
      },
      requireUserVerification: rp.userVerification === 'required',
    });
    if (!result.verified) return undefined;
    return { signCount: result.authenticationInfo.newCounter, userVerified: result.authenticationInfo.userVerified };
  } catch {
    return undefined;
  }
}

/** WebAuthn §6.1.1: a counter that is in use must grow; one that stays 0 on both sides is an authenticator without one. */
export function counterAccepted(stored: number, reported: number): boolean {
  return (stored === 0 && reported === 0) || reported > stored;
}

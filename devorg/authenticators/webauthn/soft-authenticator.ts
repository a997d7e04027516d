/**
 * A software FIDO2 authenticator for tests: a P-256 key per credential, attestation "none", assertions
 * signed with node:crypto — the bytes a browser would hand the widget, in the widget's encoding
 * (standard base64, JSON-string transports) or auth-js's (base64url). Knobs make it misbehave the ways
 * the verifier must catch: another origin or rpId, no user verification, a counter set back (a clone).
 */
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

export type Encoding = 'widget' | 'auth-js';

export interface SoftOptions {
  origin: string;
  /** Defaults to the rpId the server asked for (or the origin's host). */
  rpId?: string;
  userVerified?: boolean;
  encoding?: Encoding;
}

interface Credential {
  id: Buffer;
  key: KeyObject;
  counter: number;
  rpId: string;
}

const enc = (bytes: Uint8Array, encoding: Encoding) => Buffer.from(bytes).toString(encoding === 'widget' ? 'base64' : 'base64url');
const fromB64 = (s: string) => Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

function flags(userVerified: boolean, attested: boolean): number {
  // UP (0x01), UV (0x04), AT (0x40)
  return 0x01 | (userVerified ? 0x04 : 0) | (attested ? 0x40 : 0);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function coseKey(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  const cose = new Map<number, number | Uint8Array>([
    [1, 2], // kty: EC2
    [3, -7], // alg: ES256
    [-1, 1], // crv: P-256
    [-2, Buffer.from(jwk.x ?? '', 'base64url')],
    [-3, Buffer.from(jwk.y ?? '', 'base64url')],
  ]);
  return isoCBOR.encode(cose);
}

/** A P-256 public key as COSE, base64url: what a persona's `factors.passkey.publicKey` holds. */
export function cosePublicKey(key: KeyObject): string {
  return Buffer.from(coseKey(key)).toString('base64url');
}

export class SoftAuthenticator {
  readonly credentials: Credential[] = [];
  private privateKeys = new Map<string, KeyObject>();
  readonly aaguid = Buffer.alloc(16);

  /** Holds a credential registered elsewhere (a persona's passkey): its id (base64url) and P-256 private key. */
  adopt(credentialId: string, privateKey: KeyObject, rpId: string, counter = 0): void {
    const id = Buffer.from(credentialId, 'base64url');
    this.credentials.push({ id, key: createPublicKey(privateKey), counter, rpId });
    this.privateKeys.set(id.toString('base64url'), privateKey);
  }

  /** `navigator.credentials.create` for `activationData`: the answer the widget would post. */
  create(activationData: { challenge: string; rp: { id?: string } }, opts: SoftOptions) {
    const encoding = opts.encoding ?? 'widget';
    const rpId = opts.rpId ?? activationData.rp.id ?? new URL(opts.origin).hostname;
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const id = randomBytes(32);
    const credential: Credential = { id, key: publicKey, counter: 0, rpId };
    this.credentials.push(credential);
    this.privateKeys.set(id.toString('base64url'), privateKey);
    const clientData = Buffer.from(
      JSON.stringify({ type: 'webauthn.create', challenge: fromB64(activationData.challenge).toString('base64url'), origin: opts.origin }),
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([flags(opts.userVerified ?? true, true)]),
      u32(credential.counter),
      this.aaguid,
      idLength,
      id,
      Buffer.from(coseKey(publicKey)),
    ]);
    const attestation = isoCBOR.encode(
      new Map<string, string | Map<string, never> | Uint8Array>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, never>()],
        ['authData', authData],
      ]),
    );
    const transports = ['internal', 'hybrid'];
    return {
      credentialId: id.toString('base64url'),
      answer: {
        clientData: enc(clientData, encoding),
        attestation: enc(attestation, encoding),
        transports: JSON.stringify(transports),
        ...(encoding === 'widget' ? { clientExtensions: JSON.stringify({ credProps: { rk: true } }) } : {}),
      },
    };
  }

  /**
   * `navigator.credentials.get` for `challengeData` with the credential `credentialId` (default: the
   * first). `counter` overrides the next counter value (a cloned authenticator reports an old one).
   */
  get(
    challengeData: { challenge: string; rpId?: string },
    opts: SoftOptions & { credentialId?: string; counter?: number; withId?: boolean },
  ) {
    const encoding = opts.encoding ?? 'widget';
    const credential = opts.credentialId
      ? this.credentials.find((c) => c.id.toString('base64url') === opts.credentialId)
      : this.credentials[0];
    if (!credential) throw new Error('no such credential');
    credential.counter = opts.counter ?? credential.counter + 1;
    const rpId = opts.rpId ?? challengeData.rpId ?? credential.rpId;
    const clientData = Buffer.from(
      JSON.stringify({ type: 'webauthn.get', challenge: fromB64(challengeData.challenge).toString('base64url'), origin: opts.origin }),
    );
    const authenticatorData = Buffer.concat([
      sha256(rpId),
      Buffer.from([flags(opts.userVerified ?? true, false)]),
      u32(credential.counter),
    ]);
    const key = this.privateKeys.get(credential.id.toString('base64url'));
    if (!key) throw new Error('no private key');
    const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientData)]), key);
    return {
      clientData: enc(clientData, encoding),
      authenticatorData: enc(authenticatorData, encoding),
      signatureData: enc(signature, encoding),
      ...(opts.withId ? { id: credential.id.toString('base64url') } : {}),
    };
  }
}

/**
 * The X.509 work of devorg's HTTPS mode: a local certificate authority and a server certificate it signs.
 *
 * Library: @peculiar/x509 (PeculiarVentures, the authors of @peculiar/webcrypto, which auth-js already
 * depends on). It builds certificates in TypeScript on top of the platform's WebCrypto, so keys are
 * generated and signatures made by Node's own OpenSSL-backed `crypto.subtle`, never by JavaScript
 * big-number code; it supports ECDSA P-256 and every extension a CA and a TLS server certificate need,
 * and runs on Node ≥ 20. node-forge, the usual alternative, implements RSA in JavaScript and has no
 * ECDSA; `selfsigned` is a thin wrapper over @peculiar/x509 that hides the extensions we set here.
 *
 * Its dependency injection (tsyringe) needs the Reflect metadata API, which the library leaves to the
 * application since 2.0: `reflect-metadata` is imported first, and only this module (loaded only in HTTPS
 * mode) pulls either in.
 *
 * Checks of existing certificates use `node:crypto`'s `X509Certificate` (what Node's TLS itself uses).
 */
import 'reflect-metadata';
import { createPrivateKey, randomBytes, X509Certificate as NodeX509 } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

/** ECDSA P-256 with SHA-256: small keys, fast handshakes, accepted by Node, browsers and curl alike. */
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 3600 * 1000;
/** Ten years: trusting the CA is a manual step, so it should rarely have to be repeated. */
export const CA_DAYS = 3650;
/** 397 days: within the 398 that browsers allow any server certificate, so no client policy objects to it. */
export const LEAF_DAYS = 397;
/** A certificate with less than this left is replaced at start-up rather than left to expire mid-run. */
export const RENEW_BEFORE_DAYS = 30;
/** Clock skew between devorg and a client (a VM, a container) must not make a fresh certificate "not yet valid". */
const BACKDATE_MS = 5 * 60 * 1000;

export interface PemPair {
  cert: string;
  key: string;
}

const webcrypto = (): Crypto => globalThis.crypto;

/** A positive 128-bit serial number (the top bit clear, so DER needs no sign byte), as hex. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes.toString('hex');
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return webcrypto().subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto().subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/** A self-signed CA (CA:true, path length 0: it signs server certificates only). */
export async function createCa(now: Date): Promise<PemPair> {
  const keys = await generateKeys();
  // A random tag in the name: two devorg installs trusted in the same browser must not share a CA name
  // (Firefox refuses a second CA with the same issuer name and serial).
  const tag = randomBytes(4).toString('hex');
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name: `CN=devorg local CA ${tag}, O=devorg (local development only)`,
      notBefore: new Date(now.getTime() - BACKDATE_MS),
      notAfter: new Date(now.getTime() + CA_DAYS * DAY),
      keys,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto()),
      ],
    },
    webcrypto(),
  );
  return { cert: cert.toString('pem'), key: await privateKeyPem(keys.privateKey) };
}

/** A server certificate for `hosts` (DNS names and IP addresses, in the SAN), signed by `ca`. */
export async function createServerCert(ca: PemPair, hosts: string[], now: Date): Promise<PemPair> {
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await webcrypto().subtle.importKey(
    'pkcs8',
    createPrivateKey(ca.key).export({ format: 'der', type: 'pkcs8' }),
    ALGORITHM,
    false,
    ['sign'],
  );
  const keys = await generateKeys();
  // Never valid past the CA: a chain is only as good as its shortest-lived link.
  const notAfter = Math.min(now.getTime() + LEAF_DAYS * DAY, caCert.notAfter.getTime());
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: `CN=${hosts[0] ?? 'localhost'}, O=devorg (local development only)`,
      issuer: caCert.subject,
      notBefore: new Date(now.getTime() - BACKDATE_MS),
      notAfter: new Date(notAfter),
      publicKey: keys.publicKey,
      signingKey: caKey,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        // ECDHE key exchange: the key only signs the handshake (no keyEncipherment for EC keys).
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(hosts.map((value) => ({ type: isIP(value) ? ('ip' as const) : ('dns' as const), value }))),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto()),
        await x509.AuthorityKeyIdentifierExtension.create(caCert, false, webcrypto()),
      ],
    },
    webcrypto(),
  );
  return { cert: cert.toString('pem'), key: await privateKeyPem(keys.privateKey) };
}

/** Why a stored CA can't be used (null: it can). */
export function caProblem(ca: PemPair, now: Date): string | null {
  const cert = parse(ca);
  if (typeof cert === 'string') return cert;
  if (!cert.ca) return 'it is not a CA certificate';
  if (!cert.verify(cert.publicKey)) return 'it is not self-signed';
  return lifetimeProblem(cert, now);
}

/** Why a stored server certificate can't be used with this CA for these hosts (null: it can). */
export function serverCertProblem(leaf: PemPair, ca: PemPair, hosts: string[], now: Date): string | null {
  const cert = parse(leaf);
  if (typeof cert === 'string') return cert;
  const caCert = new NodeX509(ca.cert);
  if (!cert.checkIssued(caCert) || !cert.verify(caCert.publicKey)) return 'it was not signed by the current CA';
  const uncovered = hosts.filter((host) => !covers(cert, host));
  if (uncovered.length) return `it does not cover ${uncovered.join(', ')}`;
  return lifetimeProblem(cert, now);
}

/** Whether the certificate's SAN names `host` (an IP address is matched as one, never as a DNS name). */
export function covers(cert: NodeX509, host: string): boolean {
  return isIP(host) ? cert.checkIP(host) !== undefined : cert.checkHost(host, { subject: 'never' }) !== undefined;
}

/** The certificate, or why it can't be read or doesn't match its key. */
function parse({ cert, key }: PemPair): NodeX509 | string {
  try {
    const parsed = new NodeX509(cert);
    if (!parsed.checkPrivateKey(createPrivateKey(key))) return 'its key does not match the certificate';
    return parsed;
  } catch (err) {
    return `it can't be read (${(err as Error).message})`;
  }
}

function lifetimeProblem(cert: NodeX509, now: Date): string | null {
  if (new Date(cert.validFrom).getTime() > now.getTime()) return `it is not valid before ${cert.validFrom}`;
  const left = new Date(cert.validTo).getTime() - now.getTime();
  if (left <= 0) return `it expired on ${cert.validTo}`;
  if (left < RENEW_BEFORE_DAYS * DAY) return `it expires on ${cert.validTo}`;
  return null;
}

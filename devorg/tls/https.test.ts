/**
 * devorg's HTTPS mode, over real TLS: a listening org serving the local CA's certificate, real Node
 * clients that trust only that CA (or nothing), and the official Okta clients with their https checks on.
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeningOrg, type ListeningOrg } from '../testing/listening-org';
import { loadOrCreateTls, tlsHosts } from '.';

interface Reply {
  status: number;
  body: string;
  /** The certificate the server presented, as the client saw it. */
  peer: X509Certificate;
}

/** GET `url` with Node's own https client; `options.ca` replaces the system roots when given. */
function get(url: string, options: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ...options, agent: false }, (res) => {
      const peer = new X509Certificate((res.socket as TLSSocket).getPeerCertificate().raw);
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, peer }));
    });
    req.on('error', reject);
    req.end();
  });
}

const DAY = 24 * 3600 * 1000;
/** A child Node process that compiles TypeScript (tsx) and loads both SDKs: seconds on a busy 2-core machine. */
const CHILD_TIMEOUT_MS = 60_000;

function fingerprint(pem: string | undefined): string {
  return new X509Certificate(pem ?? '').fingerprint256;
}

const discovery = (org: ListeningOrg) => `${org.origin}/oauth2/default/.well-known/openid-configuration`;

let dataDir: string;
let org: ListeningOrg;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'devorg-https-'));
  org = await startListeningOrg({ https: true, dataDir });
});
afterAll(async () => {
  await org.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('devorg over HTTPS', () => {
  it('serves discovery to a client that trusts only its CA, with an https issuer', async () => {
    const reply = await get(discovery(org), { ca: org.tls?.ca });
    expect(reply.status).toBe(200);
    const doc = JSON.parse(reply.body) as { issuer: string; jwks_uri: string };
    expect(doc.issuer).toBe(`${org.origin}/oauth2/default`);
    expect(doc.issuer.startsWith('https://')).toBe(true);
    expect(doc.jwks_uri.startsWith('https://')).toBe(true);
    // What it serves is the stored certificate.
    expect(reply.peer.fingerprint256).toBe(fingerprint(org.tls?.cert));
  });

  it('is refused with a certificate error by a client that does not trust the CA', async () => {
    const err = await get(discovery(org)).then(
      () => null,
      (e: NodeJS.ErrnoException) => e,
    );
    expect(err?.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('issues a server certificate for localhost, 127.0.0.1 and ::1 that chains to the CA', () => {
    const ca = new X509Certificate(org.tls?.ca ?? '');
    const leaf = new X509Certificate(org.tls?.cert ?? '');
    expect(ca.ca).toBe(true);
    const caUsage = new x509.X509Certificate(org.tls?.ca ?? '').getExtension(x509.KeyUsagesExtension);
    expect(caUsage?.critical).toBe(true);
    expect((caUsage?.usages ?? 0) & x509.KeyUsageFlags.keyCertSign).toBeTruthy();
    expect(leaf.ca).toBe(false);
    // Node calls the extended key usage `keyUsage`: a server certificate, for TLS servers only.
    expect(leaf.keyUsage).toEqual([x509.ExtendedKeyUsage.serverAuth]);
    expect(leaf.subjectAltName?.split(', ')).toEqual(
      expect.arrayContaining(['DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:0:0:0:0:0:0:0:1']),
    );
    expect(leaf.checkHost('localhost', { subject: 'never' })).toBe('localhost');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkIP('::1')).toBe('::1');
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
  });

  it('keeps the keys private to their owner (mode 0600)', async () => {
    const files = org.tls?.files;
    if (!files) throw new Error('no TLS files');
    for (const key of [files.caKey, files.key]) expect((await stat(key)).mode & 0o777).toBe(0o600);
    expect(files.ca).toBe(join(dataDir, 'tls', 'ca.pem'));
  });
});

describe('the files in the data dir', () => {
  it('are reused by the next start: same CA, same server certificate', async () => {
    const first = org.tls;
    const again = await startListeningOrg({ https: true, dataDir });
    try {
      expect(again.tls?.created).toEqual({});
      expect(fingerprint(again.tls?.ca)).toBe(fingerprint(first?.ca));
      expect(fingerprint(again.tls?.cert)).toBe(fingerprint(first?.cert));
      // And a client holding the CA from the first start trusts the second.
      expect((await get(discovery(again), { ca: first?.ca })).status).toBe(200);
    } finally {
      await again.stop();
    }
  });

  it('get a new server certificate, under the same CA, for a host it does not cover', async () => {
    const hosts = tlsHosts({ host: '127.0.0.1', publicOrigin: 'https://devorg.localhost:7443' });
    expect(hosts).toContain('devorg.localhost');
    const tls = await loadOrCreateTls(dataDir, hosts);
    expect(tls.created).toEqual({ cert: 'it does not cover devorg.localhost' });
    expect(fingerprint(tls.ca)).toBe(fingerprint(org.tls?.ca));
    expect(new X509Certificate(tls.cert).checkHost('devorg.localhost', { subject: 'never' })).toBe('devorg.localhost');
  });

  it('get a new server certificate near its expiry, and a new CA (with a new certificate) near the CA’s', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'devorg-https-expiry-'));
    try {
      const hosts = ['localhost', '127.0.0.1', '::1'];
      const start = new Date();
      const first = await loadOrCreateTls(dir, hosts, start);
      const inAYear = new Date(start.getTime() + 380 * DAY);
      const renewed = await loadOrCreateTls(dir, hosts, inAYear);
      expect(renewed.created.ca).toBeUndefined();
      expect(renewed.created.cert).toMatch(/^it expires on /);
      expect(fingerprint(renewed.ca)).toBe(fingerprint(first.ca));
      const inTenYears = new Date(start.getTime() + 3640 * DAY);
      const replaced = await loadOrCreateTls(dir, hosts, inTenYears);
      expect(replaced.created.ca).toMatch(/^it expires on /);
      expect(replaced.created.cert).toBe('it was not signed by the current CA');
      expect(fingerprint(replaced.ca)).not.toBe(fingerprint(first.ca));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('are replaced when a key no longer matches its certificate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'devorg-https-broken-'));
    try {
      const hosts = ['localhost', '127.0.0.1', '::1'];
      const first = await loadOrCreateTls(dir, hosts);
      // The server key swapped for another one (here: the CA's).
      await writeFile(first.files.key, await readFile(first.files.caKey, 'utf8'));
      const repaired = await loadOrCreateTls(dir, hosts);
      expect(repaired.created).toEqual({ cert: 'its key does not match the certificate' });
      expect(new X509Certificate(repaired.cert).checkPrivateKey(createPrivateKey(repaired.key))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the official Okta clients, as the documents write them', () => {
  const child = fileURLToPath(new URL('./official-clients.child.ts', import.meta.url));

  /** Runs the child with `env`; resolves with its exit code and output. */
  function runChild(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', child], { env, timeout: CHILD_TIMEOUT_MS }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });
  }

  async function clientEnv(): Promise<{ env: NodeJS.ProcessEnv; login: string }> {
    // A user signed in through IDX: the SDK must list them, jwt-verifier must accept their access token.
    const { token, login } = await org.accessToken();
    const { NODE_EXTRA_CA_CERTS: _ignored, ...inherited } = process.env;
    return {
      login,
      env: {
        ...inherited,
        DEVORG_ORG_URL: org.origin,
        DEVORG_ISSUER: org.issuer,
        DEVORG_API_TOKEN: org.apiToken,
        DEVORG_ACCESS_TOKEN: token,
      },
    };
  }

  it(
    'work against the https org with NODE_EXTRA_CA_CERTS naming its CA, without disableHttpsCheck',
    async () => {
      const { env, login } = await clientEnv();
      const { code, stdout, stderr } = await runChild({ ...env, NODE_EXTRA_CA_CERTS: org.tls?.files.ca });
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const got = JSON.parse(stdout) as { logins: string[]; iss: string };
      expect(got.logins).toContain(login);
      expect(got.iss).toBe(org.issuer);
    },
    CHILD_TIMEOUT_MS,
  );

  it(
    'fail with a certificate error when the CA is not trusted',
    async () => {
      const { env } = await clientEnv();
      const { code, stderr } = await runChild(env);
      expect(code).toBe(1);
      expect(stderr).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify the first certificate/);
    },
    CHILD_TIMEOUT_MS,
  );
});

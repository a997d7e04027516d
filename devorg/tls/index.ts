/**
 * devorg's optional HTTPS mode (`DEVORG_HTTPS=1`, or `https: true` in the config): a local CA and a
 * server certificate it signs, kept in the data dir so that a CA trusted once stays trusted.
 *
 * On each start the stored files are checked and reused; what can't be used is made anew: the CA when it
 * is missing, unreadable, not matching its key or near expiry (and then the server certificate with it),
 * the server certificate when it is missing, not signed by the current CA, near expiry or not covering
 * every host devorg answers on. Keys are written with mode 0600, every file by write-then-rename so a
 * crash never leaves half a PEM behind.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import { join, resolve } from 'node:path';
import type { OrgConfig } from '../config';
import { caProblem, createCa, createServerCert, serverCertProblem, type PemPair } from './certs';

export interface TlsFiles {
  dir: string;
  /** The CA certificate: what clients are told to trust. */
  ca: string;
  caKey: string;
  cert: string;
  key: string;
}

export interface ServerTls {
  /** The server certificate and key, PEM, for `https.createServer`. */
  cert: string;
  key: string;
  /** The CA certificate, PEM. */
  ca: string;
  files: TlsFiles;
  /** The names and addresses the server certificate covers. */
  hosts: string[];
  /** What this start had to make, and why; nothing when the stored files were reused. */
  created: { ca?: string; cert?: string };
}

/** Where the HTTPS files of a data dir live (absolute, as printed for `NODE_EXTRA_CA_CERTS`). */
export function tlsFiles(dataDir: string): TlsFiles {
  const dir = resolve(dataDir, 'tls');
  return {
    dir,
    ca: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca-key.pem'),
    cert: join(dir, 'localhost.pem'),
    key: join(dir, 'localhost-key.pem'),
  };
}

const NONE_FOUND = 'none was found';
const WILDCARD = new Set(['0.0.0.0', '::', '']);

/**
 * The hosts the server certificate must cover: the loopback names every client may use (`localhost`,
 * `127.0.0.1`, `::1`), the public origin's host and the bound address.
 */
export function tlsHosts(config: Pick<OrgConfig, 'host' | 'publicOrigin'>): string[] {
  const hosts = ['localhost', '127.0.0.1', '::1'];
  const originHost = new URL(config.publicOrigin).hostname.replace(/^\[(.*)\]$/, '$1');
  for (const host of [originHost, config.host]) if (!WILDCARD.has(host) && !hosts.includes(host)) hosts.push(host);
  return hosts;
}

/** The server's certificate and key for `hosts`, reusing what `dataDir` holds where it can. */
export async function loadOrCreateTls(dataDir: string, hosts: string[], now = new Date()): Promise<ServerTls> {
  const files = tlsFiles(dataDir);
  await mkdir(files.dir, { recursive: true, mode: 0o700 });
  const ca = await reuseOrCreate(
    files.ca,
    files.caKey,
    (pair) => caProblem(pair, now),
    () => createCa(now),
  );
  // A new CA fails this check by itself: the stored server certificate was signed by the old one.
  const leaf = await reuseOrCreate(
    files.cert,
    files.key,
    (pair) => serverCertProblem(pair, ca.pair, hosts, now),
    () => createServerCert(ca.pair, hosts, now),
  );
  const created: ServerTls['created'] = {
    ...(ca.created ? { ca: ca.created } : {}),
    ...(leaf.created ? { cert: leaf.created } : {}),
  };
  return { cert: leaf.pair.cert, key: leaf.pair.key, ca: ca.pair.cert, files, hosts, created };
}

/** What `@hono/node-server`'s `serve` needs to answer over TLS with this certificate. */
export function httpsServeOptions(tls: ServerTls): { createServer: typeof createServer; serverOptions: { key: string; cert: string } } {
  return { createServer, serverOptions: { key: tls.key, cert: tls.cert } };
}

/** Start-up lines: where the CA is and how each kind of client is made to trust it. */
export function trustHints(tls: ServerTls, issuer: string): string[] {
  const ca = tls.files.ca;
  const lines = [`HTTPS with a local CA: ${ca}`];
  if (tls.created.ca === NONE_FOUND) lines.push('  (created now; trust it once as below, and it is reused on every start)');
  else if (tls.created.ca) lines.push(`  (a new CA, as the stored one could not be used: ${tls.created.ca}; trust this one again)`);
  else if (tls.created.cert)
    lines.push(`  (a new server certificate for ${tls.hosts.join(', ')}, as ${tls.created.cert.replace(/^it /, 'the old one ')})`);
  lines.push(
    `  Node (Okta SDKs, jwt-verifier, oidc-middleware): NODE_EXTRA_CA_CERTS=${ca} node …`,
    `  curl: curl --cacert ${ca} ${issuer}/.well-known/openid-configuration`,
    `  Playwright: use: { ignoreHTTPSErrors: true }, or trust the CA in the browser's certificate store`,
    `  Chrome/Chromium on Linux: certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n devorg-local-ca -i ${ca}`,
  );
  return lines;
}

/** The stored pair if `problem` finds none, else a new one written in its place (and why). */
async function reuseOrCreate(
  certFile: string,
  keyFile: string,
  problem: (pair: PemPair) => string | null,
  create: () => Promise<PemPair>,
): Promise<{ pair: PemPair; created?: string }> {
  const stored = await readPair(certFile, keyFile);
  const unusable = stored ? problem(stored) : NONE_FOUND;
  if (stored && !unusable) {
    await chmod(keyFile, 0o600);
    return { pair: stored };
  }
  const pair = await create();
  // The key first: a crash between the two leaves a certificate that doesn't match its key, which the
  // next start finds and replaces, never a new key that an old certificate would be served with.
  await store(keyFile, pair.key, 0o600);
  await store(certFile, pair.cert, 0o644);
  return { pair, created: unusable ?? NONE_FOUND };
}

async function readPair(certFile: string, keyFile: string): Promise<PemPair | null> {
  try {
    return { cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function store(file: string, contents: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, contents, { mode });
  // `mode` applies only when the file is created, and through the umask: say it outright.
  await chmod(tmp, mode);
  await rename(tmp, file);
}

/**
 * One static server for every production build a bench part compares (bench/compare.ts), so that
 * neither app gets a faster server than the other: files read into memory at start, text gzipped
 * once (level 6, like a typical CDN), `/assets/*` (content-hashed names) cached immutably, everything
 * else `no-cache`, and any extension-less path answered with index.html (both apps route on the client).
 */
import { createServer, type Server } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.webmanifest', '.ttf', '.eot']);

interface StaticFile {
  type: string;
  body: Buffer;
  gzip?: Buffer;
}

function* walk(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

export interface StaticServer {
  origin: string;
  /** Sum of the gzipped sizes of every .js file in the build (what the app ships, loaded or not). */
  jsGzipBytes: number;
  close(): Promise<void>;
}

export async function serveStatic(dir: string, port: number): Promise<StaticServer> {
  const files = new Map<string, StaticFile>();
  let jsGzipBytes = 0;
  for (const path of walk(dir)) {
    const rel = '/' + relative(dir, path).split('\\').join('/');
    if (rel.startsWith('/.vite/')) continue; // the build manifest is not part of the site
    const ext = extname(path).toLowerCase();
    const body = readFileSync(path);
    const file: StaticFile = { type: TYPES[ext] ?? 'application/octet-stream', body };
    if (COMPRESSIBLE.has(ext)) file.gzip = gzipSync(body, { level: 6 });
    if (ext === '.js' || ext === '.mjs') jsGzipBytes += (file.gzip ?? body).length;
    files.set(rel, file);
  }
  const index = files.get('/index.html');
  if (!index) throw new Error(`${dir} has no index.html`);

  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = files.get(path === '/' ? '/index.html' : path);
    if (!file && !extname(path)) file = index;
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(file ? 405 : 404, { 'Content-Type': 'text/plain' }).end(file ? 'Method Not Allowed' : 'Not Found');
      return;
    }
    const gz = file.gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    const body = gz ? (file.gzip as Buffer) : file.body;
    res.writeHead(200, {
      'Content-Type': file.type,
      'Content-Length': body.length,
      'Cache-Control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...(file.gzip ? { Vary: 'Accept-Encoding' } : {}),
      ...(gz ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, 'localhost', () => resolve());
  });
  return {
    origin: `http://localhost:${port}`,
    jsGzipBytes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The transport's share of a sign-in, as a floor beside the crypto one: what five keep-alive HTTP
 * requests over loopback cost a server that does nothing else, on this machine, in this run.
 *
 * A child process serves every POST with one fixed 4 KiB JSON document (about an IDX answer's size;
 * interact's and the token's are smaller) after parsing the request's JSON body, either with
 * node:http alone or through Hono on @hono/node-server, the stack devorg runs on. The load is the
 * bench's shape: closed-loop clients, each sending five POSTs (one sign-in's steps) back to back through
 * the devorg part's own client (bench/lib/idx-client.ts: keep-alive, the same headers). Reported: the server's CPU time (user + system, so the kernel's socket work
 * counts, as it does in devorg's figure) per five requests.
 *
 * `node --import tsx bench/lib/transport-floor.ts serve <node-http|hono> <port>` is the child.
 */
import { fork } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { cpuSeconds } from './devorg-proc';
import { IdxClient } from './idx-client';

export type FloorServer = 'node-http' | 'hono';

export interface TransportFloor {
  server: FloorServer;
  /** Server CPU ms per five requests (one sign-in's worth). */
  cpuMsPerSignIn: number;
  requestsPerSecond: number;
}

const STEPS_PER_SIGN_IN = 5;
const HEADERS = {
  'Content-Type': 'application/ion+json; okta-version=1.0.0',
  'Cache-Control': 'no-store',
  'Access-Control-Allow-Origin': 'http://localhost:8080',
  'Access-Control-Allow-Credentials': 'true',
};

/** A JSON document of about `bytes` bytes (up to one entry more), shaped loosely like an IDX answer (nested objects and arrays). */
function answer(bytes: number): string {
  const base = {
    version: '1.0.0',
    stateHandle: '02'.padEnd(64, 'x'),
    intent: 'LOGIN',
    remediation: { type: 'array', value: [] as unknown[] },
  };
  while (JSON.stringify(base).length < bytes) {
    base.remediation.value.push({ rel: ['create-form'], name: 'identify', href: 'http://localhost:7070/idp/idx/identify', method: 'POST' });
  }
  return JSON.stringify(base);
}

function bodyOf(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function serve(kind: FloorServer, port: number): Promise<void> {
  const doc = answer(4096);
  const ready = () => process.send?.('ready');
  if (kind === 'node-http') {
    createServer((req, res) => {
      bodyOf(req).then(
        (text) => {
          if (text) JSON.parse(text);
          res.writeHead(200, HEADERS).end(doc);
        },
        () => res.writeHead(400).end(),
      );
    }).listen(port, '127.0.0.1', ready);
    return;
  }
  const [{ Hono }, { serve: serveHono }] = await Promise.all([import('hono'), import('@hono/node-server')]);
  const app = new Hono();
  app.post('*', async (c) => {
    await c.req.json();
    return c.body(doc, 200, HEADERS);
  });
  serveHono({ fetch: app.fetch, port, hostname: '127.0.0.1' }, ready);
}

/** Measures one server kind: a warm-up, then `seconds` of load from `clients` closed-loop clients. */
export async function transportFloor(kind: FloorServer, port: number, clients = 8, seconds = 5): Promise<TransportFloor> {
  const child = fork(fileURLToPath(import.meta.url), ['serve', kind, String(port)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  // The devorg part's own HTTP client (keep-alive agent, the same headers), so the requests are alike.
  const client = new IdxClient(clients, port);
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`transport floor server (${kind}) exited with ${code}`)));
    });
    const body = { identifier: 'bench.0@example.test', stateHandle: '02'.padEnd(64, 'x'), rememberMe: false };
    const post = async () => {
      const reply = await client.json('/idp/idx/identify', body);
      if (reply.status !== 200) throw new Error(`transport floor: HTTP ${reply.status}`);
    };
    const load = async (s: number) => {
      let sent = 0;
      const end = performance.now() + s * 1000;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (performance.now() < end) {
            for (let i = 0; i < STEPS_PER_SIGN_IN; i++) await post();
            sent += STEPS_PER_SIGN_IN;
          }
        }),
      );
      return sent;
    };
    await load(1);
    const cpu0 = cpuSeconds(child.pid as number);
    const t0 = performance.now();
    const sent = await load(seconds);
    const cpu = cpuSeconds(child.pid as number) - cpu0;
    const wall = (performance.now() - t0) / 1000;
    return { server: kind, cpuMsPerSignIn: ((cpu * 1000) / sent) * STEPS_PER_SIGN_IN, requestsPerSecond: sent / wall };
  } finally {
    client.close();
    child.kill();
  }
}

if (process.argv[2] === 'serve') void serve(process.argv[3] as FloorServer, Number(process.argv[4]));

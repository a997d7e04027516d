/**
 * The body limit over a real socket (the in-process tests' requests carry no Content-Length, so they
 * only reach the streaming fallback): judged by Content-Length when declared, counted when chunked.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequest } from './errors';
import { limitBody, readForm } from './http';

const LIMIT = 100;
let server: ServerType;
let port: number;

beforeAll(async () => {
  const app = new Hono();
  app.use('*', limitBody(LIMIT));
  app.post('/echo-length', async (c) => c.text(String((await c.req.text()).length)));
  app.onError((err, c) => c.text(err.message, err instanceof BadRequest ? err.status : 500));
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
});

afterAll(() => {
  server.close();
});

function post(body: string, chunked: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'Content-Type': 'text/plain' };
    if (!chunked) headers['Content-Length'] = String(Buffer.byteLength(body));
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/echo-length', headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    if (chunked) {
      // Two writes without a length: Node sends Transfer-Encoding: chunked.
      req.write(body.slice(0, 10));
      req.write(body.slice(10));
    } else req.write(body);
    req.end();
  });
}

describe('limitBody', () => {
  it('lets a declared body within the limit through, unread, to the handler', async () => {
    expect(await post('x'.repeat(LIMIT), false)).toEqual({ status: 200, text: String(LIMIT) });
  });

  it('refuses a declared body over the limit with 413', async () => {
    expect((await post('x'.repeat(LIMIT + 1), false)).status).toBe(413);
  });

  it('counts a chunked body of unknown length', async () => {
    expect(await post('x'.repeat(LIMIT), true)).toEqual({ status: 200, text: String(LIMIT) });
    expect((await post('x'.repeat(LIMIT * 3), true)).status).toBe(413);
  });
});

describe('readForm', () => {
  const app = new Hono();
  app.post('/form', async (c) => c.json({ ...(await readForm(c)) }));
  app.onError((err, c) => c.text(err.message, err instanceof BadRequest ? err.status : 500));
  const post = (body: string) =>
    app.request('/form', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });

  it('takes parameters named like Object.prototype members as ordinary parameters', async () => {
    const res = await post('toString=a&constructor=b&hasOwnProperty=c&__proto__=d');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ toString: 'a', constructor: 'b', hasOwnProperty: 'c', ['__proto__']: 'd' });
  });

  it('still refuses a parameter given twice', async () => {
    const res = await post('scope=a&scope=b');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('"scope" was given more than once');
  });
});

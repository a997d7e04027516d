import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@okta/okta-sdk-nodejs';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_WAIT_MS, PoliteRequestExecutor, RESET_MARGIN_MS, retryDelayMs, untilResetMs, windowExhausted } from './management-client';

function headers(values: Record<string, string>) {
  const lower = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (name: string) => lower.get(name.toLowerCase()) ?? null };
}

const DATE = 'Tue, 02 Jun 2026 10:00:00 GMT';
const DATE_S = Date.parse(DATE) / 1000;

describe('rate-limit waits from headers', () => {
  it('waits until X-Rate-Limit-Reset, measured against the response Date, plus a margin', () => {
    const h = headers({ 'X-Rate-Limit-Reset': String(DATE_S + 7), Date: DATE });
    // The local clock is 5 minutes off: the server's Date decides.
    expect(untilResetMs(h, Date.parse(DATE) + 300_000)).toBe(7_000 + RESET_MARGIN_MS);
  });

  it('falls back to the local clock without a usable Date', () => {
    const h = headers({ 'X-Rate-Limit-Reset': String(DATE_S + 3), Date: 'yesterday-ish' });
    expect(untilResetMs(h, Date.parse(DATE))).toBe(3_000 + RESET_MARGIN_MS);
  });

  it('waits the margin for a reset already past, and never longer than a window', () => {
    expect(untilResetMs(headers({ 'X-Rate-Limit-Reset': String(DATE_S - 30), Date: DATE }), 0)).toBe(RESET_MARGIN_MS);
    expect(untilResetMs(headers({ 'X-Rate-Limit-Reset': String(DATE_S + 3600), Date: DATE }), 0)).toBe(MAX_WAIT_MS);
  });

  it('ignores a missing, duplicated or malformed reset and backs off exponentially instead', () => {
    for (const reset of [undefined, `${DATE_S + 5}, ${DATE_S + 5}`, 'soon', '-5', '']) {
      const h = headers(reset === undefined ? { Date: DATE } : { 'X-Rate-Limit-Reset': reset, Date: DATE });
      expect(untilResetMs(h, 0), String(reset)).toBeUndefined();
      expect([0, 1, 2].map((attempt) => retryDelayMs({ headers: h }, attempt, 0))).toEqual([2_000, 4_000, 8_000]);
    }
    expect(retryDelayMs({ headers: headers({}) }, 10, 0)).toBe(MAX_WAIT_MS);
  });

  it('knows a used-up window', () => {
    expect(windowExhausted(headers({ 'X-Rate-Limit-Remaining': '0' }))).toBe(true);
    expect(windowExhausted(headers({ 'X-Rate-Limit-Remaining': '12' }))).toBe(false);
    expect(windowExhausted(headers({}))).toBe(false);
  });
});

/** A tiny Okta-ish users API that answers from a script of responses and records what it saw. */
class FakeOrg {
  readonly seen: { method: string; url: string; retryCount: string | undefined }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private server: Server | undefined;

  constructor(private readonly script: ((req: IncomingMessage, res: ServerResponse) => void)[]) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.seen.push({ method: req.method ?? '', url: req.url ?? '', retryCount: req.headers['x-okta-retry-count'] as string | undefined });
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      const answer = this.script.shift() ?? ok({ id: 'extra' });
      // Answer a little later, so overlapping calls would be seen overlapping.
      setTimeout(() => {
        this.inFlight--;
        answer(req, res);
      }, 20);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

function ok(body: object, extra: Record<string, string> = {}) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'X-Rate-Limit-Remaining': '5', ...extra });
    res.end(JSON.stringify(body));
  };
}

function tooMany(resetInSeconds: number) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    const nowS = Math.floor(Date.now() / 1000);
    res.writeHead(429, {
      'Content-Type': 'application/json',
      'X-Rate-Limit-Limit': '10',
      'X-Rate-Limit-Remaining': '0',
      'X-Rate-Limit-Reset': String(nowS + resetInSeconds),
      Date: new Date(nowS * 1000).toUTCString(),
    });
    res.end(JSON.stringify({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' }));
  };
}

function user(id: string) {
  return { id, status: 'ACTIVE', profile: { login: `${id}@example.test` }, _links: {} };
}

/** A sleep that records the wait instead of waiting. */
function recordInto(waits: number[]) {
  return (ms: number) => {
    waits.push(ms);
    return Promise.resolve();
  };
}

describe('PoliteRequestExecutor with the Okta SDK', () => {
  let org: FakeOrg | undefined;
  afterEach(() => org?.stop());

  function clientFor(orgUrl: string, executor: PoliteRequestExecutor) {
    return new Client({ orgUrl, token: 'test-token', cacheMiddleware: null, requestExecutor: executor });
  }

  it('on 429 waits until X-Rate-Limit-Reset, then retries and succeeds', async () => {
    org = new FakeOrg([tooMany(4), tooMany(4), ok(user('00u1'))]);
    const url = await org.start();
    const waits: number[] = [];
    const executor = new PoliteRequestExecutor({ sleep: recordInto(waits) });
    const got = await clientFor(url, executor).userApi.getUser({ userId: '00u1' });
    expect(got.id).toBe('00u1');
    expect(org.seen.map((s) => s.retryCount)).toEqual([undefined, '1', '2']);
    // 4 s to the reset (by the server's Date) plus the margin; never an immediate hammering retry.
    expect(waits).toEqual([4_000 + RESET_MARGIN_MS, 4_000 + RESET_MARGIN_MS]);
  });

  it('gives up after maxRetries and lets the SDK throw the 429', async () => {
    org = new FakeOrg([tooMany(1), tooMany(1), tooMany(1)]);
    const url = await org.start();
    const waits: number[] = [];
    const executor = new PoliteRequestExecutor({ maxRetries: 2, sleep: recordInto(waits) });
    await expect(clientFor(url, executor).userApi.getUser({ userId: '00u1' })).rejects.toMatchObject({
      status: 429,
      errorCode: 'E0000047',
    });
    expect(org.seen).toHaveLength(3);
    expect(waits).toHaveLength(2);
  });

  it('sends one call at a time, in order, and a failure does not stall the queue', async () => {
    org = new FakeOrg([ok(user('00ua')), (_q, res) => res.writeHead(404).end('{"errorCode":"E0000007"}'), ok(user('00uc'))]);
    const url = await org.start();
    const client = clientFor(url, new PoliteRequestExecutor({ sleep: recordInto([]) }));
    const results = await Promise.allSettled(['00ua', '00ub', '00uc'].map((userId) => client.userApi.getUser({ userId })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(org.seen.map((s) => s.url)).toEqual(['/api/v1/users/00ua', '/api/v1/users/00ub', '/api/v1/users/00uc']);
    expect(org.maxInFlight).toBe(1);
  });

  it('holds the next call until the reset when a response says the window is used up', async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const last = { 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': String(nowS + 9), Date: new Date(nowS * 1000).toUTCString() };
    org = new FakeOrg([ok(user('00ua'), last), ok(user('00ub'))]);
    const url = await org.start();
    const waits: number[] = [];
    const client = clientFor(url, new PoliteRequestExecutor({ sleep: recordInto(waits) }));
    await client.userApi.getUser({ userId: '00ua' });
    expect(waits).toEqual([]);
    await client.userApi.getUser({ userId: '00ub' });
    expect(waits).toHaveLength(1);
    // About 9 s + margin, less the few ms the first call took.
    expect(waits[0]).toBeGreaterThan(9_000);
    expect(waits[0]).toBeLessThanOrEqual(9_000 + RESET_MARGIN_MS);
  });
});

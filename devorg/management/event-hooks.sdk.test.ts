/**
 * Event hooks as the real `@okta/okta-sdk-nodejs` manages them (`eventHookApi`), delivering to a real
 * local HTTP receiver (node:http on an ephemeral port) that answers Okta's verification challenge.
 * Deliveries are detached from the request that caused the event: the tests prove it by ordering
 * (the triggering SDK call has resolved while the receiver still holds the hook's request), never by
 * timing thresholds.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, OktaApiError, type EventHook } from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HookPayload } from '../hooks/dispatcher';
import { startListeningOrg, type ListeningOrg } from '../testing/listening-org';

const SECRET = 'hook-secret-' + randomBytes(6).toString('hex');

interface Received {
  method: string;
  headers: IncomingMessage['headers'];
  body: string;
  res: ServerResponse;
}

/** The receiver's behaviour for POSTs; verification GETs are always answered (unless `badChallenge`). */
type Mode = 'ok' | 'fail' | 'refuse' | 'hang';

class Receiver {
  readonly requests: Received[] = [];
  mode: Mode = 'ok';
  badChallenge = false;
  private waiters: { count: number; resolve: () => void }[] = [];
  private constructor(
    readonly server: Server,
    readonly uri: string,
  ) {}

  static async start(): Promise<Receiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const receiver = new Receiver(server, `http://localhost:${(server.address() as AddressInfo).port}/okta/hooks`);
    server.on('request', (req, res) => receiver.handle(req, res));
    return receiver;
  }

  posts(): Received[] {
    return this.requests.filter((r) => r.method === 'POST');
  }

  /** Resolves once `count` POSTs have arrived in all. */
  postsArrived(count: number): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ count, resolve });
      this.wake();
    });
  }

  private wake(): void {
    const n = this.posts().length;
    this.waiters = this.waiters.filter((w) => (n >= w.count ? (w.resolve(), false) : true));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const received: Received = { method: req.method ?? '', headers: req.headers, body, res };
      this.requests.push(received);
      if (req.method === 'GET') {
        const challenge = req.headers['x-okta-verification-challenge'];
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ verification: this.badChallenge ? 'nope' : challenge }));
        return;
      }
      if (this.mode === 'ok') res.writeHead(200).end();
      else if (this.mode === 'fail') res.writeHead(500).end('no');
      else if (this.mode === 'refuse') res.writeHead(400).end();
      // 'hang': the response is left open until the test ends it.
      this.wake();
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let org: ListeningOrg;
let client: Client;
let receiver: Receiver;

beforeAll(async () => {
  // Short timeouts and retry delay keep the failing cases quick; the rules are Okta's (one retry).
  org = await startListeningOrg({ config: { eventHooks: { timeoutMs: 400, maxAttempts: 2, retryDelayMs: 10, maxDeliveries: 100 } } });
  client = new Client({ orgUrl: org.origin, token: org.apiToken, cacheMiddleware: null });
  receiver = await Receiver.start();
});
afterAll(async () => {
  await org.stop();
  await receiver.stop();
});
beforeEach(() => {
  receiver.mode = 'ok';
  receiver.badChallenge = false;
});

function hookBody(uri: string, items: string[] = ['user.lifecycle.create', 'user.lifecycle.deactivate']): EventHook {
  return {
    name: `hook ${randomBytes(3).toString('hex')}`,
    events: { type: 'EVENT_TYPE', items },
    channel: {
      type: 'HTTP',
      version: '1.0.0',
      config: {
        uri,
        headers: [{ key: 'X-Other-Header', value: 'other-value' }],
        authScheme: { type: 'HEADER', key: 'Authorization', value: SECRET },
      },
    },
  };
}

async function apiError(call: () => Promise<unknown>): Promise<OktaApiError> {
  try {
    await call();
  } catch (err) {
    if (err instanceof OktaApiError) return err;
    throw err;
  }
  throw new Error('expected an OktaApiError');
}

function createUser() {
  const login = `hook.${randomBytes(4).toString('hex')}@example.test`;
  return client.userApi.createUser({
    body: {
      profile: { login, email: login, firstName: 'Hugo', lastName: 'Hook' },
      credentials: { password: { value: 'Correct-Horse-9' } },
    },
  });
}

/** Waits until every event so far is written and every delivery (with retries) has finished. */
async function settle(): Promise<void> {
  await org.ctx.log.flush();
  await org.ctx.hooks.idle();
}

/** Only one hook at a time receives: the others are deactivated and deleted. */
async function removeHooks(): Promise<void> {
  for await (const hook of await client.eventHookApi.listEventHooks()) {
    if (!hook?.id) continue;
    await client.eventHookApi.deactivateEventHook({ eventHookId: hook.id });
    await client.eventHookApi.deleteEventHook({ eventHookId: hook.id });
  }
}

describe('creating and verifying an event hook', () => {
  it('is ACTIVE and UNVERIFIED, never shows the secret, and receives nothing until verified', async () => {
    await removeHooks();
    const hook = await client.eventHookApi.createEventHook({ eventHook: hookBody(receiver.uri) });
    expect(hook.id).toMatch(/^who[0-9A-Za-z]{17}$/);
    expect(hook.status).toBe('ACTIVE');
    expect(hook.verificationStatus).toBe('UNVERIFIED');
    expect(hook.events?.items).toEqual(['user.lifecycle.create', 'user.lifecycle.deactivate']);
    expect(hook.channel?.config?.authScheme).toMatchObject({ type: 'HEADER', key: 'Authorization' });
    expect(JSON.stringify(await client.eventHookApi.getEventHook({ eventHookId: hook.id! }))).not.toContain(SECRET);

    const before = receiver.posts().length;
    await createUser();
    await settle();
    expect(receiver.posts().length).toBe(before);

    const verified = await client.eventHookApi.verifyEventHook({ eventHookId: hook.id! });
    expect(verified.verificationStatus).toBe('VERIFIED');
    const get = receiver.requests.filter((r) => r.method === 'GET').at(-1);
    expect(get?.headers['x-okta-verification-challenge']).toEqual(expect.any(String));
    expect(get?.headers.authorization).toBe(SECRET);
  });

  it('a receiver that does not echo the challenge fails verification with Okta’s 400', async () => {
    await removeHooks();
    const hook = await client.eventHookApi.createEventHook({ eventHook: hookBody(receiver.uri) });
    receiver.badChallenge = true;
    const err = await apiError(() => client.eventHookApi.verifyEventHook({ eventHookId: hook.id! }));
    expect(err.status).toBe(400);
    expect(err.errorCode).toBe('E0000001');
    expect(err.errorCauses?.[0]?.errorSummary).toMatch(/^verification: Event hook verification failed/);
    expect((await client.eventHookApi.getEventHook({ eventHookId: hook.id! })).verificationStatus).toBe('UNVERIFIED');
  });

  it('an unreachable receiver fails verification too', async () => {
    await removeHooks();
    const closed = await Receiver.start();
    const uri = closed.uri;
    await closed.stop();
    const hook = await client.eventHookApi.createEventHook({ eventHook: hookBody(uri) });
    const err = await apiError(() => client.eventHookApi.verifyEventHook({ eventHookId: hook.id! }));
    expect(err.errorCauses?.[0]?.errorSummary).toMatch(/could not be reached/);
  });
});

describe('deliveries', () => {
  async function verifiedHook(items?: string[]): Promise<EventHook> {
    await removeHooks();
    const hook = await client.eventHookApi.createEventHook({ eventHook: hookBody(receiver.uri, items) });
    return client.eventHookApi.verifyEventHook({ eventHookId: hook.id! });
  }

  it('a subscribed event is POSTed as com.okta.event_hook with the LogEvent, its target, and the configured headers', async () => {
    const hook = await verifiedHook();
    const before = receiver.posts().length;
    const user = await createUser();
    await receiver.postsArrived(before + 1);
    const post = receiver.posts()[before];
    expect(post?.headers.authorization).toBe(SECRET);
    expect(post?.headers['x-other-header']).toBe('other-value');
    expect(post?.headers['content-type']).toBe('application/json');
    const payload = JSON.parse(post?.body ?? '{}') as HookPayload;
    expect(payload).toMatchObject({
      eventType: 'com.okta.event_hook',
      eventTypeVersion: '1.0',
      cloudEventsVersion: '0.1',
      contentType: 'application/json',
      source: `${org.origin}/api/v1/eventHooks/${hook.id}`,
    });
    expect(payload.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(payload.eventTime)).not.toBeNaN();
    const [event] = payload.data.events;
    expect(event?.eventType).toBe('user.lifecycle.create');
    expect(event?.target[0]).toMatchObject({ id: user.id, type: 'User' });
    // Only subscribed types: the create's activation event is not delivered.
    expect(payload.data.events.every((e) => ['user.lifecycle.create', 'user.lifecycle.deactivate'].includes(e.eventType))).toBe(true);

    await settle();
    const [delivery] = await org.ctx.store.deliveries({ hookId: hook.id!, limit: 10 });
    expect(delivery).toMatchObject({ result: 'SUCCESS', httpStatus: 200, attempt: 1, eventId: payload.eventId });
  });

  it('a hanging hook does not hold up the request that caused the event; the timeout and the failed retry are recorded', async () => {
    const hook = await verifiedHook();
    const user = await createUser();
    await settle();
    const before = receiver.posts().length;
    receiver.mode = 'hang';

    // The deactivation resolves while the receiver still holds the hook's request (nothing answered it).
    await client.userApi.deactivateUser({ userId: user.id! });
    await receiver.postsArrived(before + 1);
    const held = receiver.posts()[before];
    expect(held?.res.writableEnded).toBe(false);
    const payload = JSON.parse(held?.body ?? '{}') as HookPayload;
    expect(payload.data.events[0]?.eventType).toBe('user.lifecycle.deactivate');

    // The first attempt times out; the retry gets a 500.
    receiver.mode = 'fail';
    await settle();
    held?.res.destroy();
    const attempts = (await org.ctx.store.deliveries({ hookId: hook.id!, limit: 10 })).filter((d) => d.eventId === payload.eventId);
    expect(attempts.map((d) => [d.attempt, d.result, d.httpStatus])).toEqual([
      [2, 'FAILURE', 500],
      [1, 'FAILURE', null],
    ]);
    expect(attempts[1]?.error).toMatch(/no answer within 400 ms/);
    expect(receiver.posts().length).toBe(before + 2);
    // Both attempts carried the same event id (a receiver can de-duplicate).
    expect((JSON.parse(receiver.posts()[before + 1]?.body ?? '{}') as HookPayload).eventId).toBe(payload.eventId);

    const failures: string[] = [];
    for await (const e of await client.systemLogApi.listLogEvents({
      filter: `eventType eq "event_hook.delivery" and target.id eq "${hook.id}"`,
    })) {
      if (e?.outcome?.reason) failures.push(e.outcome.reason);
    }
    expect(failures).toEqual(['the endpoint answered 500']);
  });

  it('a hook that fails with a 4xx other than 429 is not retried', async () => {
    const hook = await verifiedHook(['user.lifecycle.create']);
    receiver.mode = 'refuse';
    await createUser();
    await settle();
    const [only, ...more] = await org.ctx.store.deliveries({ hookId: hook.id!, limit: 10 });
    expect(more).toHaveLength(0);
    expect(only).toMatchObject({ attempt: 1, result: 'FAILURE', httpStatus: 400 });
  });
});

describe('the event hook API', () => {
  it('lists, replaces (keeping the secret), deactivates and deletes; an ACTIVE hook cannot be deleted', async () => {
    await removeHooks();
    const hook = await client.eventHookApi.createEventHook({ eventHook: hookBody(receiver.uri) });
    await client.eventHookApi.verifyEventHook({ eventHookId: hook.id! });
    const listed: string[] = [];
    for await (const h of await client.eventHookApi.listEventHooks()) if (h?.id) listed.push(h.id);
    expect(listed).toEqual([hook.id]);

    // The SDK's get → change → replace round trip: the secret the GET never showed is kept.
    const current = await client.eventHookApi.getEventHook({ eventHookId: hook.id! });
    current.name = 'renamed';
    const replaced = await client.eventHookApi.replaceEventHook({ eventHookId: hook.id!, eventHook: current });
    expect(replaced.name).toBe('renamed');
    expect(replaced.verificationStatus).toBe('VERIFIED');
    const stored = await org.ctx.store.eventHookById(hook.id!);
    expect(stored?.channel.authScheme?.value).toBe(SECRET);

    const active = await apiError(() => client.eventHookApi.deleteEventHook({ eventHookId: hook.id! }));
    expect(active.status).toBe(400);
    expect((await client.eventHookApi.deactivateEventHook({ eventHookId: hook.id! })).status).toBe('INACTIVE');
    await client.eventHookApi.deleteEventHook({ eventHookId: hook.id! });
    const gone = await apiError(() => client.eventHookApi.getEventHook({ eventHookId: hook.id! }));
    expect(gone.status).toBe(404);
    expect(gone.errorCode).toBe('E0000007');
  });

  it('refuses a plain-http URI off localhost, an unknown event type and a filter with Okta’s 400 E0000001', async () => {
    const cases: [EventHook, RegExp][] = [
      [hookBody('http://example.com/hook'), /^channel\.config\.uri: must be an https URL/],
      [hookBody(receiver.uri, ['user.lifecycle.create', 'no.such.event']), /^events\.items\[1\]: "no\.such\.event" is not an event type/],
      [hookBody(receiver.uri, ['event_hook.delivery']), /^events\.items\[0\]/],
    ];
    for (const [body, cause] of cases) {
      const err = await apiError(() => client.eventHookApi.createEventHook({ eventHook: body }));
      expect(err.status).toBe(400);
      expect(err.errorCode).toBe('E0000001');
      expect(err.errorCauses?.map((c) => c.errorSummary)).toEqual(expect.arrayContaining([expect.stringMatching(cause)]));
    }
  });
});

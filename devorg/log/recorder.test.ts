/** The System Log recorder and the filter grammar on their own: batching, retention, failure isolation. */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/harness';
import { API_TOKEN_ACTOR } from './entities';
import { parseLogFilter } from './filter';

let h: Harness | undefined;
afterEach(() => h?.close());

const since = 0;
const all = (harness: Harness) => harness.ctx.store.listLogEvents({ since, keywords: [], limit: 1000, order: 'ASC' });

describe('the recorder', () => {
  it('queues events and writes them together on the next turn, in order', async () => {
    h = await startHarness();
    for (let i = 0; i < 5; i++) h.ctx.log.record({ eventType: 'user.lifecycle.create', actor: API_TOKEN_ACTOR, debugData: { i } });
    expect(await all(h)).toHaveLength(0); // nothing written yet: recording costs the caller no I/O
    await h.ctx.log.flush();
    const rows = await all(h);
    expect(rows.map((r) => r.event.debugContext.debugData.i)).toEqual([0, 1, 2, 3, 4]);
    // Outside a request there is no client and the transaction is a job.
    expect(rows[0]?.event.transaction.type).toBe('JOB');
  });

  it('a store that refuses the write never reaches the caller', async () => {
    h = await startHarness();
    const store = h.ctx.store;
    const original = store.insertLogEvents.bind(store);
    store.insertLogEvents = () => Promise.reject(new Error('disk full'));
    const errors: unknown[] = [];
    const spy = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      expect(() => h?.ctx.log.record({ eventType: 'user.lifecycle.create', actor: API_TOKEN_ACTOR })).not.toThrow();
      await expect(h.ctx.log.flush()).resolves.toBeUndefined();
    } finally {
      console.error = spy;
      store.insertLogEvents = original;
    }
    expect(errors).toHaveLength(1);
  });

  it('keeps at most systemLog.maxEvents, the newest', async () => {
    h = await startHarness({ systemLog: { retentionDays: 90, maxEvents: 3 } });
    for (let i = 0; i < 5; i++) h.ctx.log.record({ eventType: 'user.lifecycle.create', actor: API_TOKEN_ACTOR, debugData: { i } });
    await h.ctx.log.flush();
    expect((await all(h)).map((r) => r.event.debugContext.debugData.i)).toEqual([2, 3, 4]);
  });

  it('drops events older than systemLog.retentionDays', async () => {
    h = await startHarness({ systemLog: { retentionDays: 1, maxEvents: 1000 } });
    h.ctx.log.record({ eventType: 'user.lifecycle.create', actor: API_TOKEN_ACTOR, debugData: { old: true } });
    await h.ctx.log.flush();
    h.clock.advance(2 * 86_400);
    h.ctx.log.record({ eventType: 'user.lifecycle.create', actor: API_TOKEN_ACTOR, debugData: { old: false } });
    await h.ctx.log.flush();
    expect((await all(h)).map((r) => r.event.debugContext.debugData.old)).toEqual([false]);
  });
});

describe('the filter grammar', () => {
  it('binds and tighter than or, takes parentheses, and is case-insensitive in its operators only', () => {
    expect(parseLogFilter('eventType eq "a" or eventType eq "b" AND outcome.result eq "FAILURE"')).toEqual({
      kind: 'or',
      left: { kind: 'compare', attribute: 'eventType', operator: 'eq', value: 'a' },
      right: {
        kind: 'and',
        left: { kind: 'compare', attribute: 'eventType', operator: 'eq', value: 'b' },
        right: { kind: 'compare', attribute: 'outcome.result', operator: 'eq', value: 'FAILURE' },
      },
    });
    expect(parseLogFilter('(target.id pr) and actor.alternateId SW "a\\"b"')).toEqual({
      kind: 'and',
      left: { kind: 'present', attribute: 'target.id' },
      right: { kind: 'compare', attribute: 'actor.alternateId', operator: 'sw', value: 'a"b' },
    });
    expect(() => parseLogFilter('EventType eq "a"')).toThrow(/Invalid search criteria/);
  });

  it.each([
    '',
    'eventType',
    'eventType eq',
    'eventType ne "a"',
    'eventType eq "a" and',
    'eventType eq "a" "b"',
    'not (eventType eq "a")',
    ')',
  ])('refuses %j', (expression) => {
    expect(() => parseLogFilter(expression)).toThrow(/Invalid search criteria/);
  });
});

/**
 * Event hook deliveries: each batch the System Log writes is matched against the ACTIVE, VERIFIED
 * hooks' subscriptions, and each hook with matching events gets one POST of Okta's payload
 * (`com.okta.event_hook`, `data.events` = those LogEvents). Deliveries run detached from the request
 * that caused the events: nothing awaits them but `idle()` (tests, shutdown), so a slow, failing or
 * unreachable hook can't slow or break a sign-in. A failed attempt that may succeed later is retried
 * after `retryDelayMs` (doubled each time) up to `maxAttempts` (Okta: one retry); every attempt is
 * recorded (`event_hook_deliveries`), and a delivery that fails for good is logged as
 * `event_hook.delivery` (hooks can't subscribe to `event_hook.*`, so this never loops).
 */
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { OrgConfig } from '../config';
import type { Ids } from '../context';
import type { SystemLog } from '../log/recorder';
import type { LogEvent } from '../log/types';
import type { EventHookRecord, Store } from '../store';
import { callHook, retryable, type CallResult } from './outbound';

/** Deliveries under way at once; beyond this, new ones are recorded as dropped rather than queued without bound. */
const MAX_IN_FLIGHT = 64;

export interface HookPayload {
  eventType: 'com.okta.event_hook';
  eventTypeVersion: '1.0';
  cloudEventsVersion: '0.1';
  source: string;
  eventId: string;
  eventTime: string;
  contentType: 'application/json';
  data: { events: readonly LogEvent[] };
}

export class EventHookDispatcher {
  private active: Promise<EventHookRecord[]> | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly policy: OrgConfig['eventHooks'],
    private readonly hooksBase: string,
    private readonly log: SystemLog,
  ) {}

  /** The API changed a hook: the next batch reads the hooks again. */
  invalidate(): void {
    this.active = undefined;
  }

  /** A System Log listener: starts the deliveries for a written batch and returns at once. */
  readonly onEvents = (events: readonly LogEvent[]): void => {
    if (this.closed) return;
    this.track(this.dispatch(events));
  };

  /** Resolves once every delivery under way (retries included) has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** No new deliveries; waits for those under way. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  /** No new deliveries, no retries, nothing more recorded: for a synchronous shutdown (test harnesses). */
  stop(): void {
    this.closed = true;
  }

  private track(p: Promise<void>): void {
    const tracked = p.catch((err: unknown) => console.error('devorg: event hooks:', (err as Error).message));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  private async dispatch(events: readonly LogEvent[]): Promise<void> {
    this.active ??= this.store
      .listEventHooks()
      .then((hooks) => hooks.filter((h) => h.status === 'ACTIVE' && h.verificationStatus === 'VERIFIED'));
    const hooks = await this.active;
    for (const hook of hooks) {
      const matched = events.filter((e) => hook.events.includes(e.eventType));
      if (matched.length) this.track(this.deliver(hook, matched));
    }
  }

  private payload(hook: EventHookRecord, events: readonly LogEvent[]): HookPayload {
    return {
      eventType: 'com.okta.event_hook',
      eventTypeVersion: '1.0',
      cloudEventsVersion: '0.1',
      source: `${this.hooksBase}/${hook.id}`,
      eventId: randomUUID(),
      eventTime: new Date(this.clock.now()).toISOString(),
      contentType: 'application/json',
      data: { events },
    };
  }

  private async deliver(hook: EventHookRecord, events: readonly LogEvent[]): Promise<void> {
    const payload = this.payload(hook, events);
    const eventTypes = [...new Set(events.map((e) => e.eventType))];
    // Counted against the cap while it runs (this promise is one of `inFlight`, plus the dispatch).
    if (this.inFlight.size > MAX_IN_FLIGHT) {
      await this.record(hook, payload.eventId, eventTypes, 1, this.clock.now(), 0, {
        ok: false,
        status: null,
        error: 'dropped: too many deliveries under way',
      });
      return;
    }
    const body = JSON.stringify(payload);
    let last: CallResult | undefined;
    for (let attempt = 1; attempt <= this.policy.maxAttempts; attempt++) {
      if (attempt > 1) await sleep(this.policy.retryDelayMs * 2 ** (attempt - 2));
      if (this.closed && attempt > 1) break;
      const startedAt = this.clock.now();
      const t0 = performance.now();
      last = await callHook(hook.channel, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }, this.policy.timeoutMs);
      await this.record(hook, payload.eventId, eventTypes, attempt, startedAt, Math.round(performance.now() - t0), last);
      if (last.ok || !retryable(last) || this.closed) break;
    }
    if (last && !last.ok) {
      this.log.record({
        eventType: 'event_hook.delivery',
        actor: { id: 'system@okta.com', type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta System' },
        target: [{ id: hook.id, type: 'EventHook', alternateId: hook.channel.uri, displayName: hook.name }],
        outcome: { result: 'FAILURE', reason: last.error },
        debugData: { eventId: payload.eventId, eventTypes },
      });
    }
  }

  private async record(
    hook: EventHookRecord,
    eventId: string,
    eventTypes: string[],
    attempt: number,
    startedAt: number,
    durationMs: number,
    result: CallResult,
  ): Promise<void> {
    try {
      await this.store.recordDelivery(
        {
          id: this.ids.oktaId('ehd'),
          hookId: hook.id,
          eventId,
          eventTypes,
          attempt,
          result: result.ok ? 'SUCCESS' : 'FAILURE',
          httpStatus: result.status,
          error: result.error,
          startedAt,
          durationMs,
        },
        this.policy.maxDeliveries,
      );
    } catch (err) {
      if (!this.closed) console.error('devorg: event hooks: could not record a delivery:', (err as Error).message);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

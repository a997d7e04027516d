/**
 * The System Log recorder: `record()` turns what happened into an Okta LogEvent and queues it; the
 * queue is written within `FLUSH_MS`, after the request that caused it has been answered, as
 * multi-row INSERTs of at most `WRITE_CHUNK` events. So logging costs a sign-in an object and an array
 * push (an event's search text is worked out when it is written), and a failed write (disk full,
 * store closed) is reported on stderr and never reaches the request. Listeners (the event hook
 * dispatcher) get each written chunk.
 *
 * Retention (`systemLog.retentionDays`, `maxEvents`) is applied after a write at most once a minute.
 * `flush()` writes what is queued now: `GET /api/v1/logs` calls it first, so a caller reads its own events.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import type { Clock } from '../clock';
import type { OrgConfig } from '../config';
import type { Store, StoredLogEvent } from '../store';
import { EVENT_TYPES, type EventType } from './event-types';
import { currentClient, currentRequest } from './request';
import type { LogEntity, LogEvent, LogOutcomeResult } from './types';

export interface LogInput {
  eventType: EventType;
  actor: LogEntity;
  target?: LogEntity[];
  outcome?: { result: LogOutcomeResult; reason?: string | null };
  debugData?: Record<string, unknown>;
  /** The org session (`102…`) or, before there is one, the IDX transaction the event belongs to. */
  externalSessionId?: string;
  displayMessage?: string;
}

export type LogListener = (events: readonly LogEvent[]) => void;

const PRUNE_EVERY_MS = 60_000;
/**
 * Events are written at most this long after they happened, together. One transaction per batch
 * rather than per request matters: each commit rewrites the table's and indexes' last pages into the
 * WAL, and per-request commits made the WAL grow fast enough for SQLite's checkpoints (which fsync) to
 * halve sign-ins per second in the bench. A burst reaching `MAX_BATCH` is written at once.
 */
const FLUSH_MS = 200;
const MAX_BATCH = 500;
/**
 * libsql runs a statement synchronously on the event loop: a 200 ms queue under load (a few hundred
 * events, ~2 KB each) written as one INSERT held every request behind it for milliseconds (the IDX
 * steps' p99, bench/results.md). Written in chunks, with the event loop let go between them, a request
 * waits for one chunk at most. Chunks are 64 events or a power of two below, so the INSERT comes in
 * seven shapes only and each stays in the prepared-statement cache (store/db.ts).
 */
const WRITE_CHUNK = 64;

/** An event as queued: its row is completed (`searchText`) when it is written, off the request path. */
type QueuedLogEvent = Omit<StoredLogEvent, 'searchText'>;

export class SystemLog {
  private queue: QueuedLogEvent[] = [];
  private scheduled: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly listeners: LogListener[] = [];
  private lastPrune = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly policy: OrgConfig['systemLog'],
  ) {}

  /** Queues one event. Never throws: a problem building it is reported and the event dropped. */
  record(input: LogInput): void {
    if (this.closed) return;
    try {
      this.queue.push(this.build(input));
      if (this.queue.length >= MAX_BATCH) void this.flush();
      // Unref'd: a pending write never keeps the process alive (`close()` writes it).
      else this.scheduled ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
    } catch (err) {
      console.error('devorg: system log: could not record', input.eventType, (err as Error).name);
    }
  }

  /** Writes everything queued so far (and waits for writes already under way). */
  flush(): Promise<void> {
    if (this.scheduled) clearTimeout(this.scheduled);
    this.scheduled = undefined;
    const batch = this.queue;
    this.queue = [];
    // Writes stay in order: each batch waits for the one before.
    this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  subscribe(listener: LogListener): void {
    this.listeners.push(listener);
  }

  /** Writes what is queued, then records nothing more (the store is about to close). */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  /** Drops what is queued and records nothing more: for a synchronous shutdown (test harnesses). */
  stop(): void {
    this.closed = true;
    if (this.scheduled) clearTimeout(this.scheduled);
    this.scheduled = undefined;
    this.queue = [];
  }

  private async write(batch: QueuedLogEvent[]): Promise<void> {
    if (!batch.length) return;
    for (let start = 0; start < batch.length;) {
      // Requests that arrived meanwhile go first.
      if (start > 0) await yieldToRequests();
      let size = WRITE_CHUNK;
      while (size > batch.length - start) size /= 2;
      const chunk = batch.slice(start, start + size);
      start += size;
      try {
        await this.store.insertLogEvents(chunk.map((e) => ({ ...e, searchText: searchText(e.event) })));
      } catch (err) {
        if (!this.closed)
          console.error('devorg: system log: could not write', batch.length - start + size, 'events:', (err as Error).message);
        return;
      }
      const events = chunk.map((e) => e.event);
      for (const listener of this.listeners) {
        try {
          listener(events);
        } catch (err) {
          console.error('devorg: system log: listener failed:', (err as Error).name);
        }
      }
    }
    await this.prune();
  }

  private async prune(): Promise<void> {
    const now = this.clock.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    try {
      await this.store.pruneLogEvents(now - this.policy.retentionDays * 86_400_000, this.policy.maxEvents);
    } catch (err) {
      console.error('devorg: system log: retention failed:', (err as Error).message);
    }
  }

  private build(input: LogInput): QueuedLogEvent {
    const publishedAt = this.clock.now();
    const type = EVENT_TYPES[input.eventType];
    const request = currentRequest();
    const client = currentClient(request);
    const event: LogEvent = {
      uuid: randomUUID(),
      published: new Date(publishedAt).toISOString(),
      eventType: input.eventType,
      version: '0',
      severity: input.outcome?.result === 'FAILURE' && type.severity === 'INFO' ? 'WARN' : type.severity,
      legacyEventType: type.legacyEventType,
      displayMessage: input.displayMessage ?? type.displayMessage,
      actor: input.actor,
      client,
      outcome: { result: input.outcome?.result ?? 'SUCCESS', reason: input.outcome?.reason ?? null },
      target: input.target ?? [],
      transaction: request ? { type: 'WEB', id: request.id, detail: {} } : { type: 'JOB', id: randomUUID(), detail: {} },
      debugContext: { debugData: { ...(request ? { requestId: request.id, requestUri: request.path } : {}), ...input.debugData } },
      authenticationContext: {
        authenticationProvider: null,
        credentialProvider: null,
        credentialType: null,
        issuer: null,
        interface: null,
        authenticationStep: 0,
        externalSessionId: input.externalSessionId ?? null,
      },
      request: {
        ipChain: client.ipAddress ? [{ ip: client.ipAddress, version: client.ipAddress.includes(':') ? 'V6' : 'V4', source: null }] : [],
      },
    };
    return { event, publishedAt };
  }
}

/** Every string value of the event, lower-cased, for `q` (keywords match values, never member names). */
function searchText(value: unknown): string {
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') parts.push(v.toLowerCase());
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return parts.join(' ');
}

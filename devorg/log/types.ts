/**
 * Okta's LogEvent, as `GET /api/v1/logs` returns it and event hooks deliver it (the SDK's `LogEvent`
 * model and its sub-models). Only what devorg fills is typed; Okta's other members (geolocation, risk,
 * security context) are left out rather than sent empty.
 */

export type LogOutcomeResult = 'SUCCESS' | 'FAILURE' | 'SKIPPED' | 'ALLOW' | 'DENY' | 'CHALLENGE' | 'UNKNOWN';
export type LogSeverity = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** An actor or a target: who did it, or what it was done to. */
export interface LogEntity {
  id: string;
  /** Okta's types: `User`, `AppInstance`, `AuthenticatorEnrollment`, `Session`, `Token`, `EventHook`, `SystemPrincipal`, … */
  type: string;
  alternateId: string;
  displayName: string;
  detailEntry?: Record<string, unknown> | null;
}

export interface LogClient {
  ipAddress: string | null;
  userAgent: { rawUserAgent: string | null; os: string; browser: string };
  /** Okta's network zone; devorg has none (`null`, as Okta reports a request outside every zone). */
  zone: string | null;
  device: string;
}

export interface LogEvent {
  uuid: string;
  /** ISO 8601 with milliseconds. */
  published: string;
  eventType: string;
  version: '0';
  severity: LogSeverity;
  legacyEventType: string | null;
  displayMessage: string;
  actor: LogEntity;
  client: LogClient;
  outcome: { result: LogOutcomeResult; reason: string | null };
  target: LogEntity[];
  transaction: { type: 'WEB' | 'JOB'; id: string; detail: Record<string, unknown> };
  debugContext: { debugData: Record<string, unknown> };
  authenticationContext: {
    authenticationProvider: string | null;
    credentialProvider: string | null;
    credentialType: string | null;
    issuer: { id: string; type: string } | null;
    interface: string | null;
    authenticationStep: number;
    externalSessionId: string | null;
  };
  request: { ipChain: { ip: string; version: 'V4' | 'V6'; source: null }[] };
}

/** Attributes a System Log `filter` may compare (`devorg/log/filter.ts` parses; the store compiles to SQL). */
export const LOG_FILTER_ATTRIBUTES = [
  'uuid',
  'eventType',
  'legacyEventType',
  'severity',
  'displayMessage',
  'outcome.result',
  'outcome.reason',
  'actor.id',
  'actor.type',
  'actor.alternateId',
  'actor.displayName',
  'target.id',
  'target.type',
  'target.alternateId',
  'target.displayName',
  'client.ipAddress',
  'transaction.id',
  'authenticationContext.externalSessionId',
] as const;
export type LogFilterAttribute = (typeof LOG_FILTER_ATTRIBUTES)[number];

/** A parsed `filter`: comparisons joined by `and`/`or`. */
export type LogFilter =
  | { kind: 'compare'; attribute: LogFilterAttribute; operator: 'eq' | 'sw' | 'co'; value: string }
  | { kind: 'present'; attribute: LogFilterAttribute }
  | { kind: 'and' | 'or'; left: LogFilter; right: LogFilter };

/**
 * Bodies and query strings of devorg's own `/dev/api/*` endpoints, parsed with `parseOr(…, 'api')`:
 * they answer in the management API's shape (`E0000001` naming the field), like the rest of their errors.
 */
import { z } from 'zod';

export const MAX_OUTBOX = 200;

/** One day per call is plenty for any expiry rule and keeps a typo from jumping years ahead. */
export const MAX_ADVANCE_SECONDS = 24 * 3600;

/** `GET /dev/api/outbox?to&limit`: newest first, 50 unless `limit` (a whole number, as `Number()` reads it) says otherwise. */
export const outboxQuery = z.object({
  to: z.string().optional(),
  limit: z
    .string()
    .optional()
    .transform((raw) => (raw === undefined ? 50 : Number(raw)))
    .pipe(
      z
        .int(`must be an integer from 1 to ${MAX_OUTBOX}`)
        .min(1, `must be an integer from 1 to ${MAX_OUTBOX}`)
        .max(MAX_OUTBOX, `must be an integer from 1 to ${MAX_OUTBOX}`),
    ),
});

/** `DELETE /dev/api/outbox?to`: every message, or those to one address. */
export const clearOutboxQuery = z.object({ to: z.string().optional() });

/** `POST /dev/api/clock {"advanceSeconds"}`: time only moves forward, by at most a day. */
export const advanceClockBody = z.object({
  advanceSeconds: z
    .number(`must be a number of seconds in (0, ${MAX_ADVANCE_SECONDS}]`)
    .positive(`must be a number of seconds in (0, ${MAX_ADVANCE_SECONDS}]`)
    .max(MAX_ADVANCE_SECONDS, `must be a number of seconds in (0, ${MAX_ADVANCE_SECONDS}]`),
});

/** `POST /dev/api/clock/expire-transaction {"interactionHandle"}`. */
export const expireTransactionBody = z.object({ interactionHandle: z.string('required').min(1, 'required') });

/** The longest delay a fault may add: well past any client's timeout, short of a hung test run. */
export const MAX_FAULT_DELAY_MS = 120_000;
export const MAX_FAULT_TIMES = 10_000;

const FAULT_RESPONSES = `must be one of {"status": 400–599}, {"delayMs": 1–${MAX_FAULT_DELAY_MS}}, {"drop": true}`;

/**
 * `POST /dev/api/faults`: `{ match: { method, path, login?, transaction? }, respond, times? }`. Paths
 * under `/dev/` can't be faulted (a fault could lock the test out of the API that removes it).
 */
export const faultBody = z.strictObject({
  match: z.strictObject({
    method: z
      .string('required')
      .transform((m) => m.toUpperCase())
      .pipe(z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])),
    path: z
      .string('required')
      .max(2048)
      .regex(/^\/\S*$/, 'must be an absolute path such as /idp/idx/identify (a trailing * matches a prefix)')
      .refine((p) => !/^\/dev(\/|\*|$)/.test(p), 'the dev API itself cannot be faulted'),
    login: z.string().min(1).max(1024).optional(),
    transaction: z.string().min(1).max(1024).optional(),
  }),
  respond: z.union(
    [
      z.strictObject({ status: z.int().min(400).max(599) }),
      z.strictObject({ delayMs: z.int().min(1).max(MAX_FAULT_DELAY_MS) }),
      z.strictObject({ drop: z.literal(true) }),
    ],
    { error: FAULT_RESPONSES },
  ),
  times: z.int().min(1).max(MAX_FAULT_TIMES).optional(),
});

/** `DELETE /dev/api/faults?login`: every fault, or those scoped to one user. */
export const clearFaultsQuery = z.object({ login: z.string().optional() });

/** `POST /dev/api/sessions {login, clientId, amr?, scopes?, session?}`: a test sign-in's token set (and org session). */
export const testSessionBody = z.strictObject({
  login: z.string('required').min(1).max(1024),
  clientId: z.string('required').min(1).max(256),
  /** What the sign-in is said to have verified, as the ID token's `amr` (`pwd`, `otp`, `mfa`, …). */
  amr: z
    .array(z.string().regex(/^[a-z]{2,12}$/, 'must be an amr value such as "pwd", "otp" or "mfa"'))
    .min(1)
    .max(8)
    .optional(),
  scopes: z.array(z.string().min(1).max(256)).min(1).max(50).optional(),
  /**
   * How long ago the sign-in is said to have been (the tokens' `auth_time`), e.g. to meet MyAccount's
   * step-up ("signed in too long ago for this change"); now unless given. At most a day.
   */
  authenticatedSecondsAgo: z.number().int().min(0).max(86_400).optional(),
  /**
   * An org session too (the `idx` cookie a completed sign-in sets): `true` for a browser-session
   * cookie, `{"rememberMe": true}` for a persistent one ("Keep me signed in").
   */
  session: z
    .union([z.literal(true), z.strictObject({ rememberMe: z.boolean().optional() })], {
      error: 'must be true or {"rememberMe": true|false}',
    })
    .optional(),
});

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

/**
 * One synchronous call of an inline hook, as Okta makes it: a POST of the flow's JSON payload with the
 * hook's headers and auth header, Okta's timeout (3 s, `inlineHookCalls.timeoutMs`) and at most one
 * retry (`maxAttempts` 2) after a timeout, an unreachable endpoint or a 5xx/429 — never after another
 * 4xx — and no redirect followed. The call itself is `./outbound.ts`'s, shared with the event hooks.
 * The answer must be a 2xx with a JSON object (at most 64 KB); anything else is a failed execution.
 * Every call is logged as `inline_hook.executed` (FAILURE with the reason when it failed).
 */
import { performance } from 'node:perf_hooks';
import type { OrgContext } from '../context';
import { API_TOKEN_ACTOR } from '../log/entities';
import type { LogEntity } from '../log/types';
import type { InlineHookRecord } from '../store';
import { callHook, retryable } from './outbound';

export type InlineCall = { ok: true; answer: Record<string, unknown> } | { ok: false; reason: string };

export function inlineHookEntity(hook: InlineHookRecord): LogEntity {
  return { id: hook.id, type: 'InlineHook', alternateId: hook.channel.uri, displayName: hook.name };
}

export async function executeInlineHook(ctx: OrgContext, hook: InlineHookRecord, payload: unknown): Promise<InlineCall> {
  const { timeoutMs, maxAttempts } = ctx.config.inlineHookCalls;
  const body = JSON.stringify(payload);
  const t0 = performance.now();
  let attempts = 0;
  let result: InlineCall = { ok: false, reason: 'not called' };
  let status: number | null = null;
  while (attempts < maxAttempts) {
    attempts += 1;
    const call = await callHook(
      hook.channel,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'Okta Inline Hooks (devorg)' },
        body,
        readBody: true,
      },
      timeoutMs,
    );
    status = call.status;
    if (call.ok) {
      result = parseAnswer(call.body ?? '', call.truncated === true);
      break;
    }
    result = { ok: false, reason: call.error ?? 'no answer' };
    if (!retryable(call)) break;
  }
  ctx.log.record({
    eventType: 'inline_hook.executed',
    actor: API_TOKEN_ACTOR,
    target: [inlineHookEntity(hook)],
    outcome: result.ok ? { result: 'SUCCESS' } : { result: 'FAILURE', reason: result.reason },
    debugData: {
      inlineHookType: hook.type,
      attempts,
      ...(status !== null ? { httpStatus: status } : {}),
      durationMs: Math.round(performance.now() - t0),
    },
  });
  return result;
}

function parseAnswer(text: string, truncated: boolean): InlineCall {
  if (truncated) return { ok: false, reason: 'the answer was larger than 64 KB' };
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the endpoint did not answer JSON' };
  }
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer))
    return { ok: false, reason: 'the answer was not a JSON object' };
  return { ok: true, answer: answer as Record<string, unknown> };
}

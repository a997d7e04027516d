/**
 * One outbound call to a hook's endpoint (event hooks and inline hooks), as Okta makes them: the
 * configured headers plus the auth header, a timeout (Okta's is 3 s), redirects not followed, and the
 * answer judged by status (the body is read only when asked — an event hook's verification challenge,
 * an inline hook's answer — and at most 64 KB of it).
 */
import type { EventHookChannel } from '../store';

export interface CallResult {
  ok: boolean;
  status: number | null;
  /** Why it failed, in words for the delivery record (never the response body). */
  error: string | null;
  body?: string;
  /** The body was cut at 64 KB (read only up to there). */
  truncated?: true;
}

const MAX_BODY = 64 * 1024;

export function hookHeaders(channel: EventHookChannel, extra: Record<string, string>): Headers {
  const headers = new Headers({ 'User-Agent': 'Okta Event Hooks (devorg)', Accept: 'application/json' });
  for (const { key, value } of channel.headers) headers.set(key, value);
  if (channel.authScheme) headers.set(channel.authScheme.key, channel.authScheme.value);
  for (const [k, v] of Object.entries(extra)) headers.set(k, v);
  return headers;
}

export async function callHook(
  channel: EventHookChannel,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; readBody?: boolean },
  timeoutMs: number,
): Promise<CallResult> {
  try {
    const res = await fetch(channel.uri, {
      method: init.method,
      headers: hookHeaders(channel, init.headers),
      ...(init.body !== undefined ? { body: init.body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const read = init.readBody ? await readLimited(res) : (await res.body?.cancel(), undefined);
    const ok = res.status >= 200 && res.status < 300;
    return {
      ok,
      status: res.status,
      error: ok ? null : `the endpoint answered ${res.status}`,
      ...(read ? { body: read.text } : {}),
      ...(read?.truncated ? { truncated: true as const } : {}),
    };
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') return { ok: false, status: null, error: `no answer within ${timeoutMs} ms` };
    const cause = (err as { cause?: { code?: unknown } }).cause?.code;
    return { ok: false, status: null, error: `the endpoint could not be reached${typeof cause === 'string' ? ` (${cause})` : ''}` };
  }
}

async function readLimited(res: Response): Promise<{ text: string; truncated: boolean }> {
  const reader = res.body?.getReader();
  if (!reader) return { text: '', truncated: false };
  let truncated = false;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY) {
      truncated = true;
      await reader.cancel();
      break;
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated };
}

/** 5xx, 429, timeouts and unreachable endpoints are worth another try; another 4xx will not change. */
export function retryable(result: CallResult): boolean {
  return result.status === null || result.status === 429 || result.status >= 500;
}

/**
 * The Okta management client the e2e fixtures use, polite to the org's rate limits.
 *
 * Okta limits its management API per org and endpoint, and says on every response how much is left
 * (`X-Rate-Limit-Limit/Remaining/Reset`, reset in epoch seconds). The SDK's default executor retries
 * a 429 twice and trusts the `Date` header blindly; this one
 *  - sends one management call at a time per worker (Playwright runs one worker against a real org),
 *  - on a 429 waits until `X-Rate-Limit-Reset` (measured against the response's `Date`, so a skewed
 *    local clock doesn't matter) and retries, a few times, with capped waits,
 *  - after a response that says nothing is left (`X-Rate-Limit-Remaining: 0`) holds the next call
 *    until the window resets instead of spending it on a certain 429.
 */
import { Client, RequestExecutor } from '@okta/okta-sdk-nodejs';

/** What this module reads of a response (node-fetch's Response, which the SDK's types leave untyped). */
export interface ResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** Added to every wait: the reset is in whole seconds and the two clocks may be a little apart. */
export const RESET_MARGIN_MS = 1_000;
/** Okta's windows are one minute; anything asking for much longer is a broken header, not a plan. */
export const MAX_WAIT_MS = 65_000;

/**
 * How long to wait until the rate-limit window named by `X-Rate-Limit-Reset` has reset, or undefined
 * when the response doesn't say (missing or malformed header — Okta once sent duplicated headers,
 * which fetch joins with a comma). The reference "now" is the response's `Date` when it has one.
 */
export function untilResetMs(headers: ResponseLike['headers'], localNowMs: number): number | undefined {
  const reset = headers.get('x-rate-limit-reset')?.trim();
  if (!reset || !/^\d{1,12}$/.test(reset)) return undefined;
  const serverNow = Date.parse(headers.get('date') ?? '');
  const now = Number.isFinite(serverNow) ? serverNow : localNowMs;
  const wait = Number(reset) * 1000 - now + RESET_MARGIN_MS;
  return Math.min(MAX_WAIT_MS, Math.max(RESET_MARGIN_MS, wait));
}

/** The wait before retry number `attempt` (0-based) after a 429: until the reset, else exponential. */
export function retryDelayMs(response: Pick<ResponseLike, 'headers'>, attempt: number, localNowMs: number): number {
  return untilResetMs(response.headers, localNowMs) ?? Math.min(MAX_WAIT_MS, 2_000 * 2 ** attempt);
}

/** True when the response says this window has no calls left. */
export function windowExhausted(headers: ResponseLike['headers']): boolean {
  return headers.get('x-rate-limit-remaining')?.trim() === '0';
}

export interface PoliteExecutorOptions {
  /** Retries after a 429 before its response is handed to the SDK (which throws it). */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

type Request = Parameters<RequestExecutor['fetch']>[0];

/** Serialises management calls and backs off on 429 as described above. */
export class PoliteRequestExecutor extends RequestExecutor {
  private tail: Promise<unknown> = Promise.resolve();
  /** Epoch ms before which no call is sent (set when a window is used up). */
  private notBefore = 0;
  private readonly maxRetries: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(options: PoliteExecutorOptions = {}) {
    super();
    this.maxRetries = options.maxRetries ?? 4;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  override fetch(request: Request): Promise<ResponseLike> {
    const result = this.tail.then(() => this.send(request));
    // The queue goes on after a failed call; the caller still sees its own failure.
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async send(request: Request): Promise<ResponseLike> {
    for (let attempt = 0; ; attempt++) {
      const hold = this.notBefore - this.now();
      if (hold > 0) await this.sleep(hold);
      const response = (await super.fetch(request)) as ResponseLike;
      if (response.status !== 429 || attempt >= this.maxRetries) {
        const wait = windowExhausted(response.headers) ? untilResetMs(response.headers, this.now()) : undefined;
        if (wait !== undefined) this.notBefore = this.now() + wait;
        return response;
      }
      const delay = retryDelayMs(response, attempt, this.now());
      this.emit('backoff', request, response, response.headers.get('x-okta-request-id'), delay);
      await response.text().catch(() => ''); // free the connection
      // The SDK builds headers as a plain object (node-fetch's RequestInit, untyped in its types).
      const sent = request as Request & { headers?: Record<string, string> };
      sent.headers = { ...sent.headers, 'X-Okta-Retry-Count': String(attempt + 1) };
      await this.sleep(delay);
    }
  }
}

/** One executor per worker process: every client shares its queue. */
const sharedExecutor = new PoliteRequestExecutor();

export function managementClient(orgUrl: string, apiToken: string): Client {
  // cacheMiddleware: null — the SDK would otherwise serve stale users changed by sign-ins.
  return new Client({ orgUrl, token: apiToken, cacheMiddleware: null, requestExecutor: sharedExecutor });
}

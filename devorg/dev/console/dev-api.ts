/**
 * What the console's panels share: calls to the dev API on the console's own origin (with the header
 * `devAccess` expects), and refreshing while the page is visible.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A dev API call; a refusal becomes an Error with the org's own words (its first cause, else its summary). */
export async function devApi<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`/dev/api${path}`, { ...init, headers: { 'X-Devorg-Console': '1', ...(init.headers ?? {}) } });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { errorSummary?: string; errorCauses?: { errorSummary: string }[] };
    throw new Error(body.errorCauses?.[0]?.errorSummary ?? body.errorSummary ?? `HTTP ${res.status}`);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** Runs `refresh` when the host connects and every `everyMs` while the page is visible; stops when it disconnects. */
export class Refresher implements ReactiveController {
  private timer: number | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly refresh: () => Promise<void>,
    private readonly everyMs: number,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.refresh();
    this.timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, this.everyMs);
  }

  hostDisconnected(): void {
    window.clearInterval(this.timer);
  }
}

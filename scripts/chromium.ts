/**
 * The one place that knows how this project launches Chromium (Playwright e2e, Vitest browser mode,
 * benchmarks): Playwright's own browser when installed, else Debian's Chromium (`CHROMIUM_PATH`
 * overrides), with the flags a machine without outside network access needs.
 *
 * Headless runs prefer Debian's `chromium-headless-shell` (same version as `chromium`, the old
 * headless mode without the browser UI): the e2e tests run 20-30 % faster in it than in `chromium
 * --headless` on a 2-core machine. Without that package, or for a headed run, it is `chromium`.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  // Without these Chromium keeps dialling Google's hosts, which a closed network refuses.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
export const FULL_CHROMIUM = '/usr/bin/chromium';

/** undefined means "let Playwright use its own download". */
export function chromiumPath(opts: { headed?: boolean } = {}): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (!opts.headed && existsSync(HEADLESS_SHELL)) return HEADLESS_SHELL;
  return existsSync(FULL_CHROMIUM) ? FULL_CHROMIUM : undefined;
}

/** `headed`: the browser must show a window (the headless shell can't). */
export function chromiumLaunchOptions(opts: { headed?: boolean } = {}): { executablePath?: string; args: string[] } {
  const executablePath = chromiumPath(opts);
  return { ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS };
}

/**
 * The one place that knows how this project launches Chromium (Playwright e2e, Vitest browser mode,
 * benchmarks): Playwright's own browser when installed, else Debian's `/usr/bin/chromium`
 * (`CHROMIUM_PATH` overrides), with the flags a machine without outside network access needs.
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

/** undefined means "let Playwright use its own download". */
export function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export function chromiumLaunchOptions(): { executablePath?: string; args: string[] } {
  const executablePath = chromiumPath();
  return { ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS };
}

/**
 * `tsx e2e/support/when-up.ts <url> <entry>`: runs a server's entry module once `url` answers, having
 * loaded what the entry imports while waiting. For a server that needs another at its start (the web app
 * reads the org's discovery document when it starts, and exits if it can't): started only after the org
 * answers, its start would be the org's start-up and then its own module loading, one after the other;
 * this way the loading, most of its start, runs beside the org's. The entry itself runs unchanged.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { answers, TIMEOUT_MS } from './servers';

/** The entry's static value imports (`import type` brings nothing to load), resolved from its folder. */
function importsOf(entry: string): string[] {
  const source = readFileSync(entry, 'utf8');
  return [...source.matchAll(/^import\s+(?!type\s)[^'"]*?from\s+'([^']+)';/gm)].map(([, spec]) =>
    spec!.startsWith('.') ? pathToFileURL(resolve(dirname(entry), spec!)).href : spec!,
  );
}

async function main(url: string, entry: string): Promise<void> {
  const path = resolve(entry);
  // Loading a module runs only its top level; whatever fails here fails again, with its message, below.
  const loading = Promise.allSettled(importsOf(path).map((spec) => import(spec)));
  const until = Date.now() + TIMEOUT_MS;
  while (!(await answers(url))) {
    if (Date.now() > until) throw new Error(`${url} did not answer within ${TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await loading;
  await import(pathToFileURL(path).href);
}

const [url, entry] = process.argv.slice(2);
if (!url || !entry) {
  console.error('usage: tsx e2e/support/when-up.ts <url> <entry>');
  process.exit(2);
}
main(url, entry).catch((err: unknown) => {
  console.error(`when-up: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

/**
 * The e2e run's servers, started side by side by one command (playwright.config.ts `webServer`): Playwright
 * starts its `webServer` entries one after another, and the portal builds alone take most of a minute.
 * Here a server waits only for what it really needs (the web apps read the org's discovery document when
 * they start), and the line `e2e servers: ready` on stdout tells Playwright that every one answers.
 *
 * Run as `tsx e2e/support/servers.ts` with the plan in `E2E_SERVERS` (JSON, `ServerSpec[]`). A server
 * that exits ends the run (exit 1); Playwright stops the whole process group at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export interface ServerSpec {
  name: string;
  /**
   * A shell command, run from the repository's root. Without one, a server the run does not start, only
   * waits for (the target org, when it is not the e2e devorg).
   */
  command?: string;
  env?: Record<string, string>;
  /** Answers (any status below 404, as Playwright's own check) once the server is up. */
  url: string;
  /** Names of servers that must answer before this one starts. */
  after?: string[];
  /** Print the server's stdout (stderr is always printed). */
  stdout?: boolean;
}

export const READY_LINE = 'e2e servers: ready';
/** How long a server may take to answer. */
export const TIMEOUT_MS = 180_000;

/** Whether `url` answers (any status below 404: a redirect or a 401 is a server that is up). */
export async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { redirect: 'manual' });
    await res.body?.cancel();
    return res.status < 404;
  } catch {
    return false;
  }
}

function prefixed(name: string, write: (s: string) => void) {
  return (d: Buffer) =>
    write(
      d
        .toString()
        .replace(/\n$/, '')
        .split('\n')
        .map((l) => `${name}: ${l}\n`)
        .join(''),
    );
}

/**
 * Polls `spec.url` until it answers (true), `gaveUp()` says to stop waiting (false), or TIMEOUT_MS passes
 * (throws).
 */
async function untilAnswers(spec: ServerSpec, gaveUp: () => boolean = () => false): Promise<boolean> {
  const until = Date.now() + TIMEOUT_MS;
  while (!(await answers(spec.url))) {
    if (gaveUp()) return false;
    if (Date.now() > until) throw new Error(`${spec.name} did not answer at ${spec.url} within ${TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

async function main(plan: ServerSpec[]): Promise<void> {
  const t0 = performance.now();
  const children: ChildProcess[] = [];
  const up = new Map<string, Promise<void>>();
  const startOne = async (spec: ServerSpec): Promise<void> => {
    for (const dep of spec.after ?? []) {
      const ready = up.get(dep);
      if (!ready) throw new Error(`${spec.name} waits for ${dep}, which is not in the plan (or comes after it)`);
      await ready;
    }
    if (spec.command === undefined) {
      await untilAnswers(spec);
      console.log(`e2e servers: ${spec.name} answers at ${spec.url} after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      return;
    }
    const child = spawn(spec.command, { shell: true, env: { ...process.env, ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    if (spec.stdout)
      child.stdout.on(
        'data',
        prefixed(spec.name, (s) => process.stdout.write(s)),
      );
    else child.stdout.resume();
    child.stderr.on(
      'data',
      prefixed(spec.name, (s) => process.stderr.write(s)),
    );
    let exited = false;
    child.once('exit', (code, signal) => {
      exited = true;
      console.error(`e2e servers: ${spec.name} exited (${signal ?? code}): stopping`);
      for (const c of children) c.kill('SIGTERM');
      process.exit(1);
    });
    if (!(await untilAnswers(spec, () => exited))) return;
    console.log(`e2e servers: ${spec.name} up at ${spec.url} after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  for (const spec of plan) up.set(spec.name, startOne(spec));
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      for (const c of children) c.kill('SIGTERM');
      process.exit(130);
    });
  await Promise.all(up.values());
  console.log(`${READY_LINE} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

// Only as the command, not when playwright.config.ts imports READY_LINE.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(JSON.parse(process.env.E2E_SERVERS ?? '[]') as ServerSpec[]).catch((err: unknown) => {
    console.error(`e2e servers: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}

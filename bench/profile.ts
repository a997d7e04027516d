/**
 * `npx tsx bench/profile.ts [seconds] [clients]`: runs a bench devorg with the inspector on, drives it
 * with the bench's sign-in load (test hash cost), takes a CPU profile of its main thread over the
 * measured window only (start-up, module loading, user creation and the warm-up stay out of it), and
 * prints where devorg spent that time: top functions by self time, self time by package/file, and
 * inclusive time of devorg's own functions, each also per sign-in. The .cpuprofile is kept (path
 * printed) for Chrome DevTools. Not part of `npm run bench`. Inspector port: BENCH_PROFILE_INSPECT_PORT
 * (default 27229).
 *
 * V8 samples wall-clock time on the main thread: on a busy machine a syscall that wakes another
 * process (the response `writev` waking the load generator) or a thread-pool job (scrypt, RS256)
 * absorbs the time devorg spends preempted, so read native frames there as "waits", not CPU.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BENCH_PASSWORD,
  cpuSeconds,
  createUserViaApi,
  DEVORG_PORT,
  passwordOnlyPolicies,
  PORTAL_ORIGIN,
  REPO,
  TEST_COST,
  writeBenchConfig,
} from './lib/devorg-proc';
import WebSocket from 'ws';
import { signInLoad } from './lib/load';
import { sleep } from './lib/stats';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const seconds = Number(process.argv[2] ?? 10);
const clients = Number(process.argv[3] ?? 8);
const INSPECT_PORT = Number(process.env.BENCH_PROFILE_INSPECT_PORT ?? 27229);

/** A minimal Chrome DevTools Protocol session over the inspector's WebSocket. */
async function inspector(port: number): Promise<{ send: (method: string, params?: object) => Promise<unknown>; close: () => void }> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error('no inspector target');
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  ws.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
    const p = msg.id !== undefined ? pending.get(msg.id) : undefined;
    if (!p) return;
    pending.delete(msg.id as number);
    if (msg.error) p.reject(new Error(msg.error.message));
    else p.resolve(msg.result);
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'devorg-profile-'));
  const { policies } = await passwordOnlyPolicies();
  const configFile = writeBenchConfig(dir, TEST_COST, policies);
  const profDir = join(dir, 'prof');
  const child = spawn(process.execPath, ['--import', 'tsx', `--inspect=127.0.0.1:${INSPECT_PORT}`, 'devorg/main.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      DEVORG_PORT: String(DEVORG_PORT),
      DEVORG_PORTAL_ORIGIN: PORTAL_ORIGIN,
      DEVORG_DATA_DIR: join(dir, 'data'),
      DEVORG_CONFIG: configFile,
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://localhost:${DEVORG_PORT}/oauth2/default/.well-known/openid-configuration`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300) throw new Error('devorg did not start');
    await sleep(100);
  }
  const logins = Array.from({ length: 64 }, (_, i) => `profile.${i}@example.test`);
  for (const l of logins) await createUserViaApi(l, BENCH_PASSWORD);
  let next = 0;
  const nextUser = () => logins[next++ % logins.length] as string;
  await signInLoad({ concurrency: clients, seconds: 2, nextUser, password: BENCH_PASSWORD });
  const pid = child.pid as number;
  const cdp = await inspector(INSPECT_PORT);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const cpu0 = cpuSeconds(pid);
  // Every request of every sign-in that finishes is in the profile (none started before it).
  const r = await signInLoad({ concurrency: clients, seconds, nextUser, password: BENCH_PASSWORD });
  const cpu = cpuSeconds(pid) - cpu0;
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  cdp.close();
  console.log(
    `${r.completed} sign-ins in ${r.seconds.toFixed(1)} s (${(r.completed / r.seconds).toFixed(0)}/s), ${r.errors} errors; ` +
      `devorg CPU ${cpu.toFixed(2)} s (${((cpu * 1000) / r.completed).toFixed(2)} ms per sign-in, profiler on) → ` +
      `${(r.completed / cpu).toFixed(0)} sign-ins per devorg CPU-second`,
  );
  child.kill('SIGINT');
  await exited;
  mkdirSync(profDir, { recursive: true });
  const file = join(profDir, 'window.cpuprofile');
  writeFileSync(file, JSON.stringify(profile));
  summarize(file, r.completed);
}

function where(f: CallFrame): string {
  const url = f.url.replace(`file://${REPO}/`, '').replace(/^.*node_modules\//, 'nm:');
  return `${f.functionName || '(anonymous)'} ${url}:${f.lineNumber + 1}`;
}

function bucket(f: CallFrame): string {
  if (!f.url) return f.functionName.startsWith('(') ? f.functionName : '(native/builtin)';
  if (f.url.startsWith('node:')) return f.url;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url);
  if (nm) return `nm:${nm[1]}`;
  return f.url.replace(`file://${REPO}/`, '');
}

function summarize(file: string, signIns: number): void {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
  console.log(`\nprofile ${file}\n${total.toFixed(0)} ms sampled, ${idle.toFixed(0)} ms idle, ${(total - idle).toFixed(0)} ms busy\n`);

  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const selfByFn = new Map<string, number>();
  const selfByBucket = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id);
    if (!n || n.callFrame.functionName === '(idle)') continue;
    add(selfByFn, where(n.callFrame), t);
    add(selfByBucket, bucket(n.callFrame), t);
    // Inclusive: every distinct frame on the stack gets the sample once.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)?.callFrame;
      if (!f) break;
      const k = where(f);
      if (!seen.has(k)) {
        seen.add(k);
        add(inclusive, k, t);
      }
    }
  }
  const top = (m: Map<string, number>, n: number, filter: (k: string) => boolean = () => true) =>
    [...m.entries()]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, v]) =>
          `${v.toFixed(0).padStart(7)} ms ${((v / (total - idle)) * 100).toFixed(1).padStart(5)} % ${((v * 1000) / signIns).toFixed(0).padStart(6)} µs/sign-in  ${k}`,
      )
      .join('\n');
  console.log('self time by package / file:\n' + top(selfByBucket, 25));
  console.log('\ntop functions by self time:\n' + top(selfByFn, 40));
  console.log('\ninclusive time, devorg and hono functions:\n' + top(inclusive, 50, (k) => /devorg\/|nm:hono|nm:@hono|nm:@libsql/.test(k)));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

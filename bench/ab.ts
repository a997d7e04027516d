/**
 * `npx tsx bench/ab.ts <tree|bundle.mjs>… [rounds] [clients]`: devorgs built from different source trees (e.g.
 * `git archive <base> | tar -x -C /tmp/base` with node_modules linked in, and this worktree) side by side, measured
 * in alternating 3 s windows of the bench's sign-in load at the test hash cost. On a machine whose load swings,
 * only such an interleaved comparison says whether a change helped: every tree sees the same noise.
 * Ports: BENCH_AB_PORT (default 27170) and up, one per tree.
 * Prints, per tree: CPU per sign-in, sign-ins per devorg CPU-second, wall-clock rate and p50, and each IDX
 * step's p50 / p99.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  API_TOKEN,
  BENCH_PASSWORD,
  cpuSeconds,
  passwordOnlyPolicies,
  PORTAL_ORIGIN,
  REPO,
  TEST_COST,
  writeBenchConfig,
} from './lib/devorg-proc';
import { STEPS, type Step } from './lib/idx-client';
import { signInLoad } from './lib/load';
import { sleep, summarize } from './lib/stats';

interface Org {
  tree: string;
  port: number;
  child: ChildProcess;
  nextUser: () => string;
  done: number;
  cpu: number;
  wall: number;
  latencies: number[];
  perStep: Record<Step, number[]>;
}

const args = process.argv.slice(2);
const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
const trees = args.filter((a) => !/^\d+$/.test(a));
const rounds = numbers[0] ?? 5;
const clients = numbers[1] ?? 8;
// First port of the devorgs under comparison (one per tree); overridable so worktrees on a shared machine don't collide.
const AB_PORT = Number(process.env.BENCH_AB_PORT ?? 27170);

async function start(tree: string, port: number, policies: Record<string, unknown>): Promise<Org> {
  const dir = mkdtempSync(join(tmpdir(), 'devorg-ab-'));
  // A pre-bundled entry (esbuild output) runs with plain node, from this repo for node_modules.
  const bundled = tree.endsWith('.mjs');
  const child = spawn(process.execPath, bundled ? [tree] : ['--import', 'tsx', 'devorg/main.ts'], {
    cwd: bundled ? REPO : tree,
    env: {
      ...process.env,
      DEVORG_PORT: String(port),
      DEVORG_PORTAL_ORIGIN: PORTAL_ORIGIN,
      DEVORG_DATA_DIR: join(dir, 'data'),
      DEVORG_CONFIG: writeBenchConfig(dir, TEST_COST, policies),
      NODE_ENV: 'production',
    },
    stdio: 'ignore',
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://localhost:${port}/oauth2/default/v1/keys`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300) throw new Error(`devorg from ${tree} did not start`);
    await sleep(100);
  }
  const logins = Array.from({ length: 32 }, (_, j) => `ab${j}@example.test`);
  for (const login of logins) {
    const res = await fetch(`http://localhost:${port}/api/v1/users?activate=true`, {
      method: 'POST',
      headers: { Authorization: `SSWS ${API_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        profile: { login, email: login, firstName: 'A', lastName: 'B' },
        credentials: { password: { value: BENCH_PASSWORD } },
      }),
    });
    if (!res.ok) throw new Error(`creating ${login} on ${tree}: ${res.status} ${await res.text()}`);
  }
  let n = 0;
  return {
    tree,
    port,
    child,
    nextUser: () => logins[n++ % logins.length] as string,
    done: 0,
    cpu: 0,
    wall: 0,
    latencies: [],
    perStep: Object.fromEntries(STEPS.map((s) => [s, []])) as unknown as Record<Step, number[]>,
  };
}

function stepPercentiles(samples: number[]): string {
  const s = summarize(samples);
  return `${s.median.toFixed(1)} / ${s.p99.toFixed(1)}`;
}

async function main(): Promise<void> {
  if (trees.length === 0) throw new Error('usage: npx tsx bench/ab.ts <tree|bundle.mjs>… [rounds] [clients]');
  const { policies } = await passwordOnlyPolicies();
  const orgs: Org[] = [];
  try {
    for (const [i, tree] of trees.entries()) orgs.push(await start(tree, AB_PORT + i, policies));
    for (let round = -1; round < rounds; round++) {
      for (const o of orgs) {
        const pid = o.child.pid as number;
        const cpu0 = cpuSeconds(pid);
        const r = await signInLoad({ concurrency: clients, seconds: 3, nextUser: o.nextUser, password: BENCH_PASSWORD, port: o.port });
        if (round < 0) continue; // warm-up
        o.done += r.completed;
        o.cpu += cpuSeconds(pid) - cpu0;
        o.wall += r.seconds;
        o.latencies.push(...r.total);
        for (const step of STEPS) o.perStep[step].push(...r.perStep[step]);
      }
    }
    for (const o of orgs) {
      o.latencies.sort((a, b) => a - b);
      const p50 = o.latencies[Math.floor(o.latencies.length / 2)] ?? NaN;
      console.log(
        `${o.tree}: ${o.done} sign-ins, ${((o.cpu * 1000) / o.done).toFixed(2)} ms CPU per sign-in, ` +
          `${(o.done / o.cpu).toFixed(0)} per devorg CPU-s, ${(o.done / o.wall).toFixed(0)}/s wall, p50 ${p50.toFixed(1)} ms`,
      );
      console.log(`  steps p50 / p99 ms: ${STEPS.map((step) => `${step} ${stepPercentiles(o.perStep[step])}`).join(', ')}`);
    }
  } finally {
    for (const o of orgs) o.child.kill('SIGTERM');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

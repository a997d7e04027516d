/**
 * Part "scale": sequential sign-in latency with 1k, 10k and 100k users in the store (seeded in bulk,
 * straight into SQLite through `Store.insertUsersBulk`), and the store file size per 10k users.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { randomIds } from '../devorg/context';
import { hashPassword } from '../devorg/crypto/password';
import { Store, type UserRecord } from '../devorg/store';
import { BENCH_PASSWORD, DEVORG_PORT, startDevorg, TEST_COST, writeBenchConfig } from './lib/devorg-proc';
import { STEPS } from './lib/idx-client';
import { signInLoad, type LoadResult } from './lib/load';
import { QUICK, verdict, type PartResult } from './lib/report';
import { mib, ms, pct, summarize, table, type Summary } from './lib/stats';

const SIZES = [1_000, 10_000, 100_000] as const;
const CHUNK = 5_000;
const ROUNDS = 12;

/** Size of the database once its WAL is folded in (the WAL alone can hold a whole 5 000-row batch). */
async function fileBytes(file: string): Promise<number> {
  const db = createClient({ url: `file:${file}` });
  await db.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  return ['', '-wal'].reduce((sum, ext) => sum + (existsSync(file + ext) ? statSync(file + ext).size : 0), 0);
}

const loginOf = (i: number) => `scale.user${i}@example.test`;

/** Seeds `n` active users sharing one precomputed hash (the cost of a check is the stored hash's N). */
async function seed(file: string, n: number, hash: string): Promise<{ seconds: number; emptyBytes: number }> {
  const store = await Store.open(file);
  store.close();
  const emptyBytes = await fileBytes(file);
  const seeding = await Store.open(file);
  const t0 = performance.now();
  const now = Date.now();
  for (let i = 0; i < n; i += CHUNK) {
    const batch: UserRecord[] = [];
    for (let j = i; j < Math.min(n, i + CHUNK); j++) {
      const login = loginOf(j);
      batch.push({
        id: randomIds.oktaId('00u'),
        status: 'ACTIVE',
        profile: { login, email: login, firstName: 'Scale', lastName: `User ${j}` },
        passwordHash: hash,
        passwordChangedAt: now,
        failedLogins: 0,
        createdAt: now + j,
        activatedAt: now,
        statusChangedAt: now,
        lastLoginAt: null,
        lastUpdatedAt: now,
      });
    }
    await seeding.insertUsersBulk(batch);
  }
  const seconds = (performance.now() - t0) / 1000;
  seeding.close();
  return { seconds, emptyBytes };
}

interface SizeRun {
  users: number;
  lookup: Summary;
  seedSeconds: number;
  bytes: number;
  emptyBytes: number;
  load: LoadResult;
}

/** Pools per-round results of one store into one LoadResult. */
function pool(into: LoadResult | undefined, r: LoadResult): LoadResult {
  if (!into) return r;
  for (const s of STEPS) into.perStep[s].push(...r.perStep[s]);
  into.total.push(...r.total);
  into.perSecond.push(...r.perSecond);
  into.completed += r.completed;
  into.errors += r.errors;
  into.seconds += r.seconds;
  if (r.moreThanPassword) into.moreThanPassword = r.moreThanPassword;
  return into;
}

export async function scalePart(tmp: string, policies: Record<string, unknown>): Promise<PartResult> {
  const hash = await hashPassword(BENCH_PASSWORD, TEST_COST);
  const stores: { users: number; dataDir: string; dir: string; seedSeconds: number; bytes: number; emptyBytes: number; lookup: Summary }[] =
    [];
  for (const users of SIZES) {
    const dir = join(tmp, `scale-${users}`);
    const dataDir = join(dir, 'data');
    const file = join(dataDir, 'devorg.sqlite');
    const seeded = await seed(file, users, hash);
    const bytes = await fileBytes(file);
    console.log(`  seeded ${users} users in ${seeded.seconds.toFixed(1)} s (${(bytes / 1e6).toFixed(1)} MB)`);
    // The lookup identify does, without HTTP and fsync noise: the part that could grow with the table.
    const store = await Store.open(file);
    const lookups: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const t0 = performance.now();
      await store.userByLogin(loginOf(Math.floor(Math.random() * users)));
      lookups.push(performance.now() - t0);
    }
    store.close();
    stores.push({ users, dataDir, dir, seedSeconds: seeded.seconds, bytes, emptyBytes: seeded.emptyBytes, lookup: summarize(lookups) });
  }
  // All three orgs run side by side (idle ones cost nothing) and are measured in interleaved rounds,
  // so the colleagues' load drifting over the run hits every store alike.
  const orgs = await Promise.all(
    stores.map((st, i) =>
      startDevorg({
        dataDir: st.dataDir,
        configFile: writeBenchConfig(st.dir, TEST_COST, policies),
        cost: TEST_COST,
        port: DEVORG_PORT + 1 + i,
      }),
    ),
  );
  const pooled = new Map<number, LoadResult>();
  const peakRss = new Map<number, number>();
  try {
    // Many short rounds: the colleagues' load comes in bursts, and more rounds spread it evenly.
    const rounds = QUICK ? 2 : ROUNDS;
    for (let round = -1; round < rounds; round++) {
      for (const [i, st] of stores.entries()) {
        // Random users across the whole table, so lookups are not served from a few hot pages.
        const nextUser = () => loginOf(Math.floor(Math.random() * st.users));
        const r = await signInLoad({ concurrency: 1, seconds: 1, nextUser, password: BENCH_PASSWORD, port: DEVORG_PORT + 1 + i });
        if (round >= 0) pooled.set(st.users, pool(pooled.get(st.users), r)); // round -1 warms up
        if (r.moreThanPassword) throw new Error(`MFA required — flow not measured: ${r.moreThanPassword}`);
      }
    }
    // High-water marks after every round (each org has seen its whole load), read before stopping.
    for (const [i, st] of stores.entries()) peakRss.set(st.users, orgs[i]?.peakRss() ?? NaN);
  } finally {
    await Promise.all(orgs.map((o) => o.stop()));
  }
  const runs: SizeRun[] = stores.map((st) => ({ ...st, load: pooled.get(st.users) as LoadResult }));
  for (const r of runs)
    console.log(`  ${r.users} users: sign-in p50 ${summarize(r.load.total).median.toFixed(2)} ms over ${r.load.completed}`);

  const lines: string[] = [
    `Three devorgs side by side (1k, 10k, 100k users), measured in ${ROUNDS} interleaved rounds of 1 s each (after one warm-up`,
    'round): one client, sign-ins back to back, users picked at random from the seeded set, test hash cost (so scrypt',
    'does not drown the lookups). Users are seeded with `Store.insertUsersBulk` (one write transaction per 5 000 rows).',
    '',
    table(
      [
        'users',
        'seed time',
        'userByLogin in-process p50 / p99',
        'sign-ins',
        'sign-in p50 / p90 / p99',
        'identify p50 / p99',
        'answer p50 / p99',
        'store file (checkpointed)',
        'per 10k users (minus empty store)',
        'devorg peak RSS (VmHWM)',
      ],
      runs.map((r) => {
        const t = summarize(r.load.total);
        const id = summarize(r.load.perStep.identify);
        const an = summarize(r.load.perStep.answer);
        return [
          r.users.toLocaleString('en-US'),
          `${r.seedSeconds.toFixed(1)} s`,
          `${ms(r.lookup.median, 3)} / ${ms(r.lookup.p99, 3)}`,
          r.load.moreThanPassword ? 'MFA required — not measured' : String(r.load.completed),
          `${ms(t.median, 2)} / ${ms(t.p90, 2)} / ${ms(t.p99, 2)}`,
          `${ms(id.median, 2)} / ${ms(id.p99, 2)}`,
          `${ms(an.median, 2)} / ${ms(an.p99, 2)}`,
          `${(r.bytes / 1e6).toFixed(2)} MB`,
          `${((((r.bytes - r.emptyBytes) / r.users) * 10_000) / 1e6).toFixed(2)} MB`,
          mib(peakRss.get(r.users) ?? NaN),
        ];
      }),
    ),
  ];
  const perStepRows = runs.map((r) => [r.users.toLocaleString('en-US'), ...STEPS.map((s) => ms(summarize(r.load.perStep[s]).median, 2))]);
  lines.push('', table(['users', ...STEPS.map((s) => `${s} p50`)], perStepRows));

  const small = runs.find((r) => r.users === 1_000);
  const big = runs.find((r) => r.users === 100_000);
  const targets = [];
  if (small && big && !big.load.moreThanPassword) {
    const a = summarize(small.load.total).median;
    const b = summarize(big.load.total).median;
    const d = (b - a) / a;
    targets.push({
      target: 'sign-in latency at 100k users within 10 % of 1k users',
      figure: `sign-in p50 ${ms(a, 2)} → ${ms(b, 2)} (${pct(d)}); the user lookup alone ${ms(small.lookup.median, 3)} → ${ms(big.lookup.median, 3)}`,
      verdict: verdict(Math.abs(d) <= 0.1, `${((Math.abs(d) - 0.1) * 100).toFixed(1)} points`),
    });
  }
  const rss100k = peakRss.get(100_000);
  if (rss100k !== undefined && Number.isFinite(rss100k))
    targets.push({ target: 'peak RSS of devorg with 100k users (reported)', figure: mib(rss100k), verdict: 'reported' });
  const figures = {
    devorgPeakRssMiB100kUsers: rss100k !== undefined && Number.isFinite(rss100k) ? Math.round(rss100k / 1024 / 1024) : null,
  };
  return { name: 'scale', markdown: lines.join('\n'), targets, figures };
}

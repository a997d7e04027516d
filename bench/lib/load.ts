/**
 * Closed-loop load: `concurrency` virtual clients, each doing complete sign-ins back to back for a
 * fixed time. Throughput is completed sign-ins / wall time; latency samples are kept per IDX step.
 */
import { IdxClient, MoreThanPasswordError, STEPS, type Step } from './idx-client';

export interface LoadResult {
  concurrency: number;
  seconds: number;
  completed: number;
  errors: number;
  firstError?: string;
  /** Set when the org asked for more than a password: nothing was measured. */
  moreThanPassword?: string;
  perStep: Record<Step, number[]>;
  total: number[];
  /** Completed sign-ins in each whole second of the window: the spread of the rate. */
  perSecond: number[];
}

export async function signInLoad(opts: {
  concurrency: number;
  seconds: number;
  /** Picks the user for the next sign-in (e.g. round-robin, or random among a seeded 100k). */
  nextUser: () => string;
  password: string;
  /**
   * Seconds to run before the measured window opens: a closed loop of many clients starts in
   * lockstep, and its first sign-ins finish late; only the steady state is reported.
   */
  warmupSeconds?: number;
  /** Called when the measured window opens (e.g. to sample devorg's CPU time). */
  onOpen?: () => void;
  /** devorg's port, when several run side by side (scale compares stores under the same load). */
  port?: number;
}): Promise<LoadResult> {
  const client = new IdxClient(opts.concurrency, opts.port);
  const perStep = Object.fromEntries(STEPS.map((s) => [s, [] as number[]])) as Record<Step, number[]>;
  const total: number[] = [];
  let completed = 0;
  const buckets: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let moreThanPassword: string | undefined;
  const t0 = performance.now();
  const open = t0 + (opts.warmupSeconds ?? 0) * 1000;
  const end = open + opts.seconds * 1000;
  const opener = setTimeout(() => opts.onOpen?.(), open - t0);
  const worker = async () => {
    while (performance.now() < end && !moreThanPassword) {
      const start = performance.now();
      const steps: [Step, number][] = [];
      try {
        await client.signIn(opts.nextUser(), opts.password, (step, t) => steps.push([step, t]));
        // Only sign-ins that finished inside the window count, so the rate isn't inflated by a tail.
        const done = performance.now();
        if (done >= open && done <= end) {
          completed++;
          buckets[Math.floor((done - open) / 1000)] = (buckets[Math.floor((done - open) / 1000)] ?? 0) + 1;
          total.push(done - start);
          for (const [step, t] of steps) perStep[step].push(t);
        }
      } catch (err) {
        if (err instanceof MoreThanPasswordError) moreThanPassword = err.message;
        else {
          errors++;
          firstError ??= (err as Error).message;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  clearTimeout(opener);
  const seconds = Math.max(0, Math.min(performance.now(), end) - open) / 1000;
  client.close();
  return {
    concurrency: opts.concurrency,
    seconds,
    completed,
    errors,
    ...(firstError ? { firstError } : {}),
    ...(moreThanPassword ? { moreThanPassword } : {}),
    perStep,
    total,
    // Whole seconds only: a partial last second would read as a dip.
    perSecond: Array.from({ length: Math.floor(opts.seconds) }, (_, i) => buckets[i] ?? 0),
  };
}

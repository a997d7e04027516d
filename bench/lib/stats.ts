/** Small statistics and formatting helpers: every figure in results.md is a median plus a spread. */

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  // Nearest-rank on the sorted sample: p99 of 50 samples is the 50th, never an interpolated value.
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx] as number;
}

export interface Summary {
  n: number;
  median: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const s = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return {
    n: s.length,
    median: quantile(s, 0.5),
    p90: quantile(s, 0.9),
    p99: quantile(s, 0.99),
    min: s[0] ?? NaN,
    max: s[s.length - 1] ?? NaN,
  };
}

export function ms(v: number, digits = 1): string {
  return Number.isFinite(v) ? `${v.toFixed(digits)} ms` : 'n/a';
}

/** "median (p90 x)" — the table's standard cell for timings over N runs. */
export function medP90(s: Summary, fmt: (v: number) => string = (v) => ms(v, 0)): string {
  return s.n === 0 ? 'n/a' : `${fmt(s.median)} (p90 ${fmt(s.p90)})`;
}

export function kib(bytes: number, digits = 1): string {
  return `${(bytes / 1024).toFixed(digits)} KiB`;
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

export function pct(v: number): string {
  return `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} %`;
}

/** A Markdown table; cells are escaped for pipes only (the content is ours). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [
    `| ${header.map(esc).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

export function sleep(msec: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msec));
}

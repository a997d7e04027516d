/** What each bench part hands back to run.ts: a Markdown section and rows for the targets table. */
export interface TargetRow {
  target: string;
  figure: string;
  verdict: string;
}

export interface PartResult {
  name: string;
  markdown: string;
  targets: TargetRow[];
}

export function verdict(ok: boolean, missBy?: string): string {
  return ok ? 'met' : `missed${missBy ? ` by ${missBy}` : ''}`;
}

/** Short runs for a smoke test (`npm run bench -- --quick …`): same code paths, fewer samples. */
export const QUICK = process.argv.includes('--quick');

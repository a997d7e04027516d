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
  /**
   * Headline figures for bench/results.json's top level, under the names issue #22 fixes (e.g.
   * `formInteractiveColdMs`, `devorgCpuMsPerSignIn`); a figure a part could not measure is null.
   */
  figures?: Partial<Record<FigureKey, number | null>>;
}

/** The keys a script comparing runs reads from bench/results.json (besides `commit` and `measuredAt`). */
export const FIGURE_KEYS = [
  'formInteractiveColdMs',
  'sampleFormInteractiveColdMs',
  'formInteractiveRatioToSample',
  'dashboardReloadJsGzipKiB',
  'jsBeforeWidgetGzipKiB',
  'signInsPerDevorgCpuSecond',
  'cryptoFloorMsPerSignIn',
  'transportFloorMsPerSignIn',
  'devorgCpuMsPerSignIn',
  'devorgCpuToCryptoFloorRatio',
  'worstIdxP99Ms8Clients',
  'devorgPeakRssMiB',
  'devorgPeakRssMiB100kUsers',
  'e2eMainSeconds',
  'e2eAsOrgSeconds',
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

export function verdict(ok: boolean, missBy?: string): string {
  return ok ? 'met' : `missed${missBy ? ` by ${missBy}` : ''}`;
}

/** Short runs for a smoke test (`npm run bench -- --quick …`): same code paths, fewer samples. */
export const QUICK = process.argv.includes('--quick');

/**
 * devorg as one bundled ES module for the e2e runs' start-up (playwright.config.ts, scripts/e2e-as-org.ts):
 * esbuild's CLI bundles devorg/main.ts in ~0.3 s, its packages left to node_modules, and plain node runs
 * it. Through tsx's loader devorg's ~200 modules took ≈ 4 CPU-s to start on the project's 2-core machine,
 * ≈ 1.7 bundled, while every other server of the run starts on the same cores.
 *
 * `import.meta.url` is defined as devorg/main.ts's URL, so the files devorg reads at run time are found in
 * its sources (devorg/source-dir.ts); the source map keeps its stack traces pointing at them.
 */
export const DEVORG_BUNDLE = '.devorg/bundle/devorg.mjs';

const entry = new URL('../devorg/main.ts', import.meta.url);

/** The arguments of `esbuild` that write DEVORG_BUNDLE (run from the repository's root). */
export const devorgBundleArgs = (): string[] => [
  'devorg/main.ts',
  '--bundle',
  '--platform=node',
  '--format=esm',
  '--target=node20',
  '--packages=external',
  '--sourcemap',
  '--log-level=warning',
  `--outfile=${DEVORG_BUNDLE}`,
  `--define:import.meta.url=${JSON.stringify(entry.href)}`,
];

/** How node runs it. */
export const DEVORG_BUNDLE_NODE_ARGS = ['--enable-source-maps', DEVORG_BUNDLE];

/** Bundle and start, as one shell command (for a Playwright web server). */
export function devorgBundleCommand(): string {
  const quote = (a: string) => `'${a.replaceAll("'", "'\\''")}'`;
  return `esbuild ${devorgBundleArgs().map(quote).join(' ')} && node ${DEVORG_BUNDLE_NODE_ARGS.map(quote).join(' ')}`;
}

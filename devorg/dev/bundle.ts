/**
 * The dev console's script: `console/dev-console.ts` (Lit) bundled by esbuild into one ES module the
 * first time it is asked for, then kept in memory. Bundling locally means the page works offline and
 * under a strict CSP (`script-src 'self'`, no inline script).
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DEVORG_DIR } from '../source-dir';

let cached: Promise<string> | undefined;

export function consoleBundle(): Promise<string> {
  cached ??= build({
    entryPoints: [fileURLToPath(new URL('dev/console/dev-console.ts', DEVORG_DIR))],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
    // Lit's decorators aren't used; plain class fields would shadow reactive properties otherwise.
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } },
  }).then((r) => r.outputFiles[0]?.text ?? '');
  // A failed build is retried on the next request instead of being cached forever.
  cached.catch(() => (cached = undefined));
  return cached;
}

/**
 * `tsx e2e/support/cached-build.ts <outDir>`: the e2e run's portal build (`vite build --mode e2e`), skipped
 * when `<outDir>` already holds the build of exactly these inputs. The two portal builds are the heaviest
 * part of the run's start-up, and on a 2-core machine they slow every other server's start too; a run
 * after a run with the same sources (the usual case when working on devorg or the specs) needs neither.
 *
 * The key is a SHA-256 over everything the build reads: the sources (src/, styles/, public/, scripts/,
 * index.html, the Vite and TypeScript configs), the lockfile (every package's version), the env files Vite
 * loads for the mode, and the `VITE_*` variables of the environment (playwright.config.ts sets some per
 * build). It is written into `<outDir>` after a build that succeeded. `E2E_REBUILD=1` always builds.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;
const MODE = 'e2e';
const KEY_FILE = '.e2e-build-key';
const INPUTS = ['src', 'styles', 'public', 'scripts', 'index.html', 'vite.config.ts', 'tsconfig.json', 'package-lock.json'];
/** What Vite's loadEnv reads for the mode, and the Okta CLI's file vite.config.ts reads. */
const ENV_FILES = ['.env', '.env.local', `.env.${MODE}`, `.env.${MODE}.local`, '.okta.env'];

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

function buildKey(outDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash('sha256');
  hash.update(`mode ${MODE}\noutDir ${outDir}\n`);
  for (const file of [...INPUTS, ...ENV_FILES].flatMap((p) => filesUnder(join(ROOT, p)))) {
    hash.update(`${relative(ROOT, file)}\n`);
    hash.update(readFileSync(file));
  }
  for (const name of Object.keys(env)
    .filter((k) => k.startsWith('VITE_'))
    .sort())
    hash.update(`${name}=${env[name]}\n`);
  return hash.digest('hex');
}

function main(outDir: string): number {
  const key = buildKey(outDir);
  const keyFile = join(ROOT, outDir, KEY_FILE);
  if (process.env.E2E_REBUILD !== '1' && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) {
    console.error(`e2e build: ${outDir} is the build of these sources already, not rebuilt (E2E_REBUILD=1 rebuilds)`);
    return 0;
  }
  const args = ['build', '--mode', MODE, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
  const built = spawnSync('vite', args, { cwd: ROOT, stdio: 'inherit', shell: false });
  if (built.status !== 0) return built.status ?? 1;
  writeFileSync(keyFile, key);
  return 0;
}

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: tsx e2e/support/cached-build.ts <outDir>');
  process.exit(2);
}
process.exit(main(outDir));

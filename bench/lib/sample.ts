/**
 * Okta's embedded-widget sample (okta/samples-js-react `custom-login`) as a production build, for
 * bench/compare.ts. Its code never enters this repository: it is exported at run time from a bare git
 * mirror (the `fetch` tool's `github:okta/samples-js-react`, or `BENCH_SAMPLE_GIT_DIR`) into the
 * gitignored `.bench-cache/`, its dependencies installed there from npm, and built with its own Vite.
 *
 * Changed from upstream, and only so that it builds here (listed in the part's Markdown):
 * - `@okta/okta-signin-widget` is pinned to the portal's version: the sample's 7.34.3 is not on the
 *   registry this machine reaches, and with the same widget the comparison is about the host app.
 * - its vite.config.js turns every Rollup warning into an error; that widget version has a circular
 *   import Rollup warns about, which the config now lets through as it already does semantic-ui-react's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './devorg-proc';

export const SAMPLE_REPO = 'okta/samples-js-react';
export const SAMPLE_DIR = 'custom-login';
const DEFAULT_GIT_DIRS = ['/work/.mirror/okta+samples-js-react/repo'];
export const CACHE_DIR = process.env.BENCH_CACHE_DIR ?? join(REPO, '.bench-cache');

export interface BuiltSample {
  outDir: string;
  commit: string;
  widgetVersion: string;
  viteVersion: string;
  authJsVersion: string;
  seconds: number;
  changes: string[];
}

/** The mirror's git dir, or why there is none. */
export function findSampleGitDir(): { gitDir: string } | { missing: string } {
  const candidates = process.env.BENCH_SAMPLE_GIT_DIR ? [process.env.BENCH_SAMPLE_GIT_DIR] : DEFAULT_GIT_DIRS;
  for (const gitDir of candidates) {
    try {
      execFileSync('git', ['--git-dir', gitDir, 'rev-parse', '--verify', `HEAD:${SAMPLE_DIR}/package.json`], { stdio: 'ignore' });
      return { gitDir };
    } catch {
      // not this one
    }
  }
  return {
    missing:
      `no git mirror of ${SAMPLE_REPO} with ${SAMPLE_DIR}/ (looked at ${candidates.join(', ')}); ` +
      'set BENCH_SAMPLE_GIT_DIR to a bare clone of https://github.com/okta/samples-js-react',
  };
}

const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  execFileSync(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 2 ** 20 }).toString();

const versionOf = (dir: string, pkg: string) =>
  (JSON.parse(readFileSync(join(dir, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

/** Exports, installs (once per sample commit and widget version) and builds the sample into `outDir`. */
export function buildSample(gitDir: string, outDir: string, env: { issuer: string; clientId: string }): BuiltSample {
  const commit = run('git', ['--git-dir', gitDir, 'rev-parse', 'HEAD'], REPO).trim();
  const widgetVersion = versionOf(REPO, '@okta/okta-signin-widget');
  const base = join(CACHE_DIR, `samples-js-react-${commit.slice(0, 12)}-widget-${widgetVersion}`);
  const app = join(base, SAMPLE_DIR);
  const stamp = join(base, '.installed');
  const changes = [
    `\`@okta/okta-signin-widget\` pinned to ${widgetVersion} (the portal's; upstream pins 7.34.3, which the reachable npm registry does not have)`,
    '`vite.config.js`: its `onwarn` (every Rollup warning is an error) also lets through the circular-import warning from `okta-signin-widget`, as it already does for `semantic-ui-react`',
  ];
  if (!existsSync(stamp)) {
    rmSync(base, { recursive: true, force: true });
    mkdirSync(base, { recursive: true });
    const tar = execFileSync('git', ['--git-dir', gitDir, 'archive', 'HEAD', SAMPLE_DIR], { maxBuffer: 64 * 2 ** 20 });
    execFileSync('tar', ['-x', '-C', base], { input: tar });
    const pkgFile = join(app, 'package.json');
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { dependencies: Record<string, string> };
    pkg.dependencies['@okta/okta-signin-widget'] = widgetVersion;
    writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
    const configFile = join(app, 'vite.config.js');
    const config = readFileSync(configFile, 'utf8');
    const patched = config.replace(
      'message.includes("semantic-ui-react")',
      '(message.includes("semantic-ui-react") || message.includes("okta-signin-widget"))',
    );
    if (patched === config) throw new Error(`${SAMPLE_DIR}/vite.config.js changed upstream: its onwarn filter was not found`);
    writeFileSync(configFile, patched);
    console.log(`  installing ${SAMPLE_DIR}'s dependencies into ${app} …`);
    run('npm', ['install', '--include=dev', '--no-audit', '--no-fund', '--loglevel=error'], app);
    writeFileSync(stamp, `${new Date().toISOString()}\n`);
  }
  const t0 = performance.now();
  try {
    run(join(app, 'node_modules/.bin/vite'), ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], app, {
      ...process.env,
      // What its README asks for (env vars read by its vite.config.js), plus its own standalone-build switch (base "/").
      STANDALONE_SAMPLE_BUILD: '1',
      ISSUER: env.issuer,
      CLIENT_ID: env.clientId,
      SPA_CLIENT_ID: env.clientId,
      OKTA_TESTING_DISABLEHTTPSCHECK: 'true',
      USE_CLASSIC_ENGINE: 'false',
      NODE_ENV: 'production',
    });
  } catch (err) {
    const e = err as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(`building ${SAMPLE_DIR} failed:\n${e.stderr?.toString() ?? ''}${e.stdout?.toString() ?? ''}`.slice(0, 4000), {
      cause: err,
    });
  }
  return {
    outDir,
    commit,
    widgetVersion,
    viteVersion: versionOf(app, 'vite'),
    authJsVersion: versionOf(app, '@okta/okta-auth-js'),
    seconds: (performance.now() - t0) / 1000,
    changes,
  };
}

/**
 * The hosted pages' files, all served by devorg itself (the pages work offline and under
 * `script-src 'self'`):
 * - `form-post.js`, `post-message.js`, `sign-in.js`: the pages' own scripts (`browser/*.ts`), each
 *   bundled by esbuild the first time it is asked for, then kept in memory (as the dev console's);
 * - `widget/…`: the Sign-In Widget's published `dist/` files the hosted page loads: the Identity Engine
 *   bundle, its stylesheet, and the fonts, images and label files that stylesheet and widget refer to.
 *   Only those folders, only names without `..`; the files are read once and cached.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DEVORG_DIR } from '../../source-dir';

export const SCRIPTS = ['form-post', 'post-message', 'sign-in'] as const;
export type ScriptName = (typeof SCRIPTS)[number];

const bundles = new Map<ScriptName, Promise<string>>();

export function pageScript(name: ScriptName): Promise<string> {
  let cached = bundles.get(name);
  if (!cached) {
    cached = build({
      entryPoints: [fileURLToPath(new URL(`oidc/hosted/browser/${name}.ts`, DEVORG_DIR))],
      bundle: true,
      format: 'iife',
      target: 'es2020',
      minify: true,
      write: false,
      legalComments: 'none',
    }).then((r) => r.outputFiles[0]?.text ?? '');
    // A failed build is retried on the next request instead of being cached forever.
    cached.catch(() => bundles.delete(name));
    bundles.set(name, cached);
  }
  return cached;
}

/** The widget files a hosted page may load, relative to the package's `dist/`. */
const WIDGET_FILE =
  /^(?:js\/okta-sign-in\.oie\.min\.js|css\/okta-sign-in\.min\.css|font\/[\w.-]+|img\/(?:[\w-]+\/)*[\w.-]+|labels\/json\/[\w.-]+)$/;

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  woff2: 'font/woff2',
  woff: 'font/woff',
  ttf: 'font/ttf',
  otf: 'font/otf',
  eot: 'application/vnd.ms-fontobject',
  svg: 'image/svg+xml',
  png: 'image/png',
  gif: 'image/gif',
  jpg: 'image/jpeg',
};

let widgetDist: string | undefined;
function distDir(): string {
  widgetDist ??= join(dirname(createRequire(import.meta.url).resolve('@okta/okta-signin-widget/package.json')), 'dist');
  return widgetDist;
}

const files = new Map<string, Promise<Uint8Array | undefined>>();

/** A widget file and its content type, or undefined for anything else (including names that don't exist). */
export async function widgetFile(path: string): Promise<{ body: Uint8Array; type: string } | undefined> {
  if (!WIDGET_FILE.test(path) || path.split('/').some((part) => part === '..' || part === '.')) return undefined;
  const type = CONTENT_TYPES[path.slice(path.lastIndexOf('.') + 1)];
  if (!type) return undefined;
  let cached = files.get(path);
  if (!cached) {
    cached = readFile(join(distDir(), path)).then(
      (buf) => new Uint8Array(buf),
      () => {
        // Only files that exist are kept: guessed names must not grow the cache.
        files.delete(path);
        return undefined;
      },
    );
    files.set(path, cached);
  }
  const body = await cached;
  return body ? { body, type } : undefined;
}

/**
 * A Vite plugin: the Sign-In Widget's label bundles (`dist/labels/json/login_<lang>.json` and
 * `country_<lang>.json` of the installed widget) served from the portal's own origin, so the widget
 * never fetches them from Okta's CDN, which the CSP forbids (`connect-src 'self'` covers these). The
 * build copies them to `<outDir>/okta-signin-widget/<version>/labels/json/`; the dev server serves the
 * same path from node_modules. The widget's version is in the path: a new widget never reads old labels
 * from an HTTP cache.
 *
 * The host gives the widget `assets.baseUrl` = `import.meta.env.VITE_WIDGET_ASSETS` (defined here).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { WIDGET_LANGUAGES } from '../src/i18n/languages.js';

const require = createRequire(import.meta.url);
const widgetRoot = dirname(require.resolve('@okta/okta-signin-widget/package.json'));
const labelsDir = join(widgetRoot, 'dist/labels/json');
const { version } = JSON.parse(readFileSync(join(widgetRoot, 'package.json'), 'utf8')) as { version: string };

/** Where the portal serves them: the widget's `assets.baseUrl` (it appends `/labels/json/<file>`). */
export const WIDGET_ASSETS_PATH = `/okta-signin-widget/${version}`;

/** The files the widget asks for: English is built in; `zh-CN` is `zh_CN` on disk. */
export const LABEL_FILES: readonly string[] = WIDGET_LANGUAGES.filter((l) => l !== 'en').flatMap((language) => {
  const code = language.replace('-', '_');
  return [`login_${code}.json`, `country_${code}.json`];
});

export function widgetLabels(): Plugin {
  const files = new Set(LABEL_FILES);
  return {
    name: 'portal-widget-labels',
    config: () => ({ define: { 'import.meta.env.VITE_WIDGET_ASSETS': JSON.stringify(WIDGET_ASSETS_PATH) } }),
    configureServer(server) {
      server.middlewares.use(`${WIDGET_ASSETS_PATH}/labels/json`, (req, res, next) => {
        const name = (req.url ?? '').split('?')[0]?.replace(/^\//, '') ?? '';
        if (req.method !== 'GET' && req.method !== 'HEAD') return next();
        if (!files.has(name)) return next();
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end(req.method === 'HEAD' ? undefined : readFileSync(join(labelsDir, name)));
      });
    },
    generateBundle() {
      for (const name of LABEL_FILES) {
        this.emitFile({
          type: 'asset',
          fileName: `${WIDGET_ASSETS_PATH.slice(1)}/labels/json/${name}`,
          source: readFileSync(join(labelsDir, name)),
        });
      }
    },
  };
}

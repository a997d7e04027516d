import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, loadEnv, type Plugin } from 'vite';
// Explicit extensions: Vite's upcoming native config loader resolves imports the way Node does.
import { originOf, securityHeaders } from './src/csp.js';
import { parseOktaEnv, resolvePortalEnv } from './src/okta-env.js';
import { WIDGET_ASSETS_PATH, widgetLabels } from './scripts/widget-labels.js';

const PORT = 8080;
const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * `<link rel="preconnect">` to the org, so the connection is up by the time the sign-in page (or the
 * dashboard's first renewal) asks it anything. Two: auth-js sends some requests with credentials (the
 * IDX calls) and some without (discovery, keys), and browsers keep those on separate connections. The
 * org is in the CSP's connect-src already (src/csp.ts); preconnect opens nothing the policy forbids.
 */
function preconnect(origin: string | undefined): Plugin {
  return {
    name: 'portal-preconnect-org',
    transformIndexHtml: () =>
      origin
        ? [
            { tag: 'link', attrs: { rel: 'preconnect', href: origin }, injectTo: 'head' },
            { tag: 'link', attrs: { rel: 'preconnect', href: origin, crossorigin: '' }, injectTo: 'head' },
          ]
        : [],
  };
}

/**
 * `vite preview` (the production build as the e2e suite and the benchmarks serve it) revalidates every
 * file on every visit (sirv: ETag and `no-cache`). The build's `assets/` files are named by their content
 * hash, and the widget's label bundles by the widget's version (scripts/widget-labels.ts), so a browser
 * may keep them without asking, as a production host serves them: a returning visitor (or the next test
 * in a warm browser context) then sends no request at all for the widget chunk.
 */
function immutableAssets(): Plugin {
  return {
    name: 'portal-immutable-assets',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.startsWith('/assets/') || req.url?.startsWith(`${WIDGET_ASSETS_PATH}/`))
          res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        next();
      });
    },
  };
}

export default defineConfig(({ command, mode, isPreview }) => {
  const env = loadEnv(mode, root, 'VITE_');
  const oktaEnvFile = join(root, '.okta.env');
  const oktaEnv = existsSync(oktaEnvFile) ? parseOktaEnv(readFileSync(oktaEnvFile, 'utf8')) : undefined;
  const fill = resolvePortalEnv(env, oktaEnv);
  const orgOrigin = originOf(env.VITE_OKTA_ISSUER || fill.VITE_OKTA_ISSUER);
  const apiOrigin = originOf(env.VITE_API_URL || fill.VITE_API_URL);

  // Vite's dev server injects imported CSS as <style> elements; a nonce lets exactly those through
  // without 'unsafe-inline'. One per server start is enough for a localhost dev server; builds load CSS
  // from files and need no nonce.
  const devServer = command === 'serve' && !isPreview;
  const styleNonce = devServer ? randomBytes(16).toString('base64') : undefined;

  return {
    define: Object.fromEntries(Object.entries(fill).map(([name, value]) => [`import.meta.env.${name}`, JSON.stringify(value)])),
    html: styleNonce ? { cspNonce: styleNonce } : {},
    // The widget's label bundles from the portal's origin, never Okta's CDN (scripts/widget-labels.ts).
    plugins: [widgetLabels(), preconnect(orgOrigin), immutableAssets()],
    resolve: {
      // auth-js falls back to cross-fetch only where `window.fetch` is missing: not in any es2022 browser.
      alias: [{ find: /^cross-fetch$/, replacement: join(root, 'src/shims/cross-fetch.ts') }],
    },
    server: {
      port: PORT,
      strictPort: true,
      // The same set as preview (src/csp.ts), with the dev server's style nonce and HMR socket in the CSP.
      headers: securityHeaders({
        orgOrigin,
        apiOrigin,
        ...(styleNonce ? { dev: { styleNonce, hmrOrigins: ['ws://localhost:*', 'ws://127.0.0.1:*'] } } : {}),
      }),
    },
    preview: {
      port: PORT,
      strictPort: true,
      headers: securityHeaders({ orgOrigin, apiOrigin }),
    },
    build: {
      target: 'es2022',
      // The Sign-In Widget is one ~1 MB lazy chunk by itself; anything bigger than that is a regression.
      chunkSizeWarningLimit: 1100,
      // The widget's stylesheet names ~120 small images (brand logos, authenticator icons, sprites) of which a
      // form shows a few: as files, as the widget ships them, each is fetched only by the rule that shows it.
      // Inlined (Vite's default below 4 KiB) they made the stylesheet 494 KiB instead of ~210, all parsed
      // before the first form.
      assetsInlineLimit: (file) => (/[\\/]node_modules[\\/]@okta[\\/]okta-signin-widget[\\/]/.test(file) ? false : undefined),
      // Every browser the es2022 build targets supports <link rel=modulepreload>: no polyfill in the boot entry.
      modulePreload: { polyfill: false },
      rolldownOptions: {
        output: {
          codeSplitting: {
            // Lit and the few small modules every screen's elements share: one request instead of five.
            // Nothing the boot entry imports, so it stays off the path to the widget download: not
            // @lit/localize, which the boot entry sets up (Lit-free, src/i18n/localize.ts).
            groups: [
              {
                name: 'lit',
                // (and the compiler's helper behind their decorators)
                test: /[\\/](node_modules[\\/](lit|lit-html|lit-element|@lit[\\/](?!localize[\\/])[^\\/]+)|src[\\/](auth[\\/]auth-context|api-context|events|components[\\/]shared-styles)\.ts$)|@oxc-project\+runtime@[^\\/]+[\\/]helpers[\\/](esm[\\/])?decorate\.js$/,
              },
            ],
          },
        },
      },
    },
  };
});

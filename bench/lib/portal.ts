/**
 * The portal under test: a production build (Vite's JS API, temp outDir, with a manifest so the
 * widget's chunks can be named exactly) pointed at the bench devorg, served by `vite preview` with the
 * same CSP header as in e2e.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { CLIENT_ID, DEVORG_URL, ISSUER, PORTAL_PORT, REPO } from './devorg-proc';

export interface BuiltPortal {
  outDir: string;
  seconds: number;
  /** Files (`assets/…`) that belong to the Sign-In Widget: its JS entry chunk and its CSS. */
  widgetFiles: Set<string>;
  widgetChunk: string;
}

interface ManifestEntry {
  file: string;
  src?: string;
  css?: string[];
}

function portalEnv(): void {
  // vite.config.ts reads these through loadEnv, where the process environment beats .env files.
  process.env.VITE_OKTA_ISSUER = ISSUER;
  process.env.VITE_OKTA_CLIENT_ID = CLIENT_ID;
  process.env.VITE_DEVORG_URL = DEVORG_URL;
}

export async function buildPortal(outDir: string): Promise<BuiltPortal> {
  portalEnv();
  const t0 = performance.now();
  await build({
    root: REPO,
    configFile: join(REPO, 'vite.config.ts'),
    mode: 'production',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, manifest: true },
  });
  const seconds = (performance.now() - t0) / 1000;
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestEntry>;
  const widgetFiles = new Set<string>();
  let widgetChunk = '';
  for (const entry of Object.values(manifest)) {
    if (!entry.src?.includes('node_modules/@okta/okta-signin-widget/')) continue;
    if (/\.(js|css)$/.test(entry.file)) widgetFiles.add(entry.file);
    if (entry.file.endsWith('.js')) widgetChunk = entry.file;
    for (const css of entry.css ?? []) widgetFiles.add(css);
  }
  if (!widgetChunk) throw new Error('no Sign-In Widget chunk in the build manifest');
  return { outDir, seconds, widgetFiles, widgetChunk };
}

export async function startPreview(outDir: string): Promise<PreviewServer> {
  portalEnv();
  return preview({
    root: REPO,
    configFile: join(REPO, 'vite.config.ts'),
    mode: 'production',
    logLevel: 'warn',
    build: { outDir },
    preview: { port: PORTAL_PORT, strictPort: true, open: false },
  });
}

/** Strings only the widget bundle contains (checked against the portal's own chunks when written). */
export const WIDGET_MARKERS = ['OktaSignIn', 'siw-main', 'Backbone'] as const;

import '../styles/tokens.css';
import '../styles/portal.css';
import '../styles/widget-theme.css';
import { createAuthClient } from './auth';
import type { PortalSetup } from './components/portal-app';
import './components/portal-app';
import { loadConfig } from './config';
import { discardUnusableTokens, webStorageFor } from './token-storage';

function boot(): PortalSetup {
  const resolved = loadConfig();
  if (!resolved.ok) return resolved;
  const { config } = resolved;
  // Before auth-js reads them: garbage or dead tokens must lead to the sign-in page, not a broken one.
  discardUnusableTokens(webStorageFor(config.tokenStorage), config);
  try {
    const authClient = createAuthClient(config);
    // Once, before anything reads tokens: deletes those a sign-out redirect left `pendingRemove`,
    // arms expiry timers and renewal, and evaluates the auth state.
    authClient.start().catch((error: unknown) => console.error('Okta auth client failed to start', error));
    return { ok: true, config, authClient };
  } catch (error) {
    // auth-js validates its options too; show what it says rather than a blank page.
    return { ok: false, problems: [`The Okta client rejected the settings: ${error instanceof Error ? error.message : String(error)}`] };
  }
}

const app = document.querySelector('portal-app');
if (app) app.setup = boot();

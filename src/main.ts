import '../styles/tokens.css';
import '../styles/portal.css';
import '../styles/widget-theme.css';
import { createAuthClient } from './auth';
import type { PortalSetup } from './components/portal-app';
import './components/portal-app';
import { loadConfig } from './config';

function boot(): PortalSetup {
  const resolved = loadConfig();
  if (!resolved.ok) return resolved;
  try {
    const authClient = createAuthClient(resolved.config);
    // Once, before anything reads tokens: deletes those a sign-out redirect left `pendingRemove`,
    // arms expiry timers and renewal, and evaluates the auth state.
    authClient.start().catch((error: unknown) => console.error('Okta auth client failed to start', error));
    return { ok: true, config: resolved.config, authClient };
  } catch (error) {
    // auth-js validates its options too; show what it says rather than a blank page.
    return { ok: false, problems: [`The Okta client rejected the settings: ${error instanceof Error ? error.message : String(error)}`] };
  }
}

const app = document.querySelector('portal-app');
if (app) app.setup = boot();

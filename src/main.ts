/**
 * The boot entry: small on purpose, no Lit and no auth-js. It reads the settings, looks at token storage
 * to tell "signed in?" without auth-js, and starts the downloads the first screen needs at once and in
 * parallel: for a signed-out visitor on the sign-in page the Sign-In Widget first (the biggest), then the
 * sign-in's head start; for a stored session the dashboard (and auth-js's core only when the stored
 * tokens can't be used as they are); then the shell.
 */
import '../styles/tokens.css';
import '../styles/portal.css';
import { PortalSession } from './auth/session';
import { applyBrand, BRAND } from './brand';
import { discardUnusableTokens, webStorageFor } from './auth/token-storage';
import type { PortalSetup } from './components/portal-app';
import { loadConfig } from './config';
import { browserLanguages, portalLocale } from './i18n/languages';
import { useLocale } from './i18n/localize';
import { loadWidget } from './lazy';
import { resolveRoute } from './routes';

function boot(): PortalSetup {
  // Before the first paint of the shell: its colours are the brand's from the start.
  applyBrand(BRAND.brand);
  const resolved = loadConfig();
  if (!resolved.ok || BRAND.problems.length > 0) {
    return { ok: false, problems: [...(resolved.ok ? [] : resolved.problems), ...BRAND.problems] };
  }
  const { config } = resolved;
  // Before auth-js reads them: garbage or dead tokens must lead to the sign-in page, not a broken one.
  const stored = discardUnusableTokens(webStorageFor(config.tokenStorage), config);
  const session = new PortalSession(config, stored === 'usable' ? 'pending' : 'signed-out');

  // The route table's guards, as the shell's router will run them: a stored session on /login or
  // /dashboard ends up on the dashboard, a signed-out visitor on /dashboard on the sign-in form.
  const { route, preload } = resolveRoute(session.bootStatus, new URL(window.location.href));
  const ignore = () => undefined; // failures surface where the module is needed (the shell, with a Retry)
  // A fresh stored session paints without auth-js, which loads when the tokens are due (session.ts).
  session.loadClientWhenDue();
  const embedded = config.signIn === 'embedded';
  if (route.name === 'callback') {
    // An interaction code takes both halves of auth-js; an authorization code (redirect sign-in) the core.
    if (embedded || new URL(window.location.href).searchParams.has('interaction_code')) session.idxClient().catch(ignore);
    session.client().catch(ignore);
  } else if (preload.name === 'login') {
    // Embedded, the form is what comes next: the widget first, the biggest download. Redirect sign-in
    // needs only the core client, to send the browser to the org.
    if (embedded) {
      loadWidget().catch(ignore);
      // The transaction begins while the widget downloads (auth/sign-in-start.ts); not for an email's
      // magic link (`?otp&state`), which the widget resumes itself. (Its chunks asked for before the
      // widget's sent introspect ≈ 30 ms earlier on devorg but put 37 KiB gz of JS ahead of the widget
      // chunk and the form no sooner beyond noise: bench/form-ab.ts, 25 interleaved rounds, -14 ms.)
      const params = new URL(window.location.href).searchParams;
      session.beginSignIn({ begin: !(params.has('otp') && params.has('state')) }).catch(ignore);
    } else {
      session.client().catch(ignore);
    }
  }
  preload.load().catch(ignore);
  return { ok: true, session };
}

// The portal's language first (its words are fetched alongside the shell, for a non-English browser
// only); English when they can't be.
const localeReady = useLocale(portalLocale(browserLanguages())).catch(() => useLocale('en'));
const setup = boot();
Promise.all([import('./components/portal-app'), localeReady])
  .then(() => {
    const app = document.querySelector('portal-app');
    if (app) app.setup = setup;
  })
  .catch(() => {
    // Without the shell nothing else can say so: a plain, announced message instead of a blank page.
    const alert = document.createElement('p');
    alert.setAttribute('role', 'alert');
    alert.textContent = 'The portal could not load. Check your connection and reload the page.';
    document.body.append(alert);
  });

/**
 * The Okta-hosted sign-in page's script: boots the real Sign-In Widget (its prebuilt Identity Engine
 * bundle, loaded before this script as the `OktaSignIn` global, as Okta's own hosted page loads it)
 * with the transaction `/v1/authorize` started, as Okta boots it: by `stateToken`, with no OAuth
 * client settings, so the widget introspects that transaction instead of starting its own, and at
 * success follows `success.href` (a full-page navigation to `/login/token/redirect`) instead of
 * exchanging an interaction code itself.
 */
interface HostedConfig {
  baseUrl: string;
  stateToken: string;
  assetsBaseUrl: string;
  username?: string;
  brandName: string;
  backToSignInLink: string;
}

interface WidgetInstance {
  renderEl(options: { el: string }): Promise<unknown> | undefined;
}
type WidgetConstructor = new (options: Record<string, unknown>) => WidgetInstance;

const block = document.getElementById('okta-hosted-config');
const OktaSignIn = (window as unknown as { OktaSignIn?: WidgetConstructor }).OktaSignIn;
if (block?.textContent && OktaSignIn) {
  const config = JSON.parse(block.textContent) as HostedConfig;
  const widget = new OktaSignIn({
    baseUrl: config.baseUrl,
    stateToken: config.stateToken,
    // The Identity Engine bundle refuses to start unless told, in so many words, that this is no Classic org.
    useClassicEngine: false,
    // English labels are in the bundle; any other language is fetched from this org, never a CDN.
    language: 'en',
    assets: { baseUrl: config.assetsBaseUrl },
    brandName: config.brandName,
    backToSignInLink: config.backToSignInLink,
    ...(config.username ? { username: config.username } : {}),
    features: { registration: true, rememberMe: true, multiOptionalFactorEnroll: true },
  });
  Promise.resolve(widget.renderEl({ el: '#okta-login-container' })).catch(() => {
    // The widget shows its own error view; nothing to add here.
  });
}

// A module, not a global script: its names stay its own.
export {};

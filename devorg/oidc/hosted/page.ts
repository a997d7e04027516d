/**
 * The Okta-hosted sign-in page: the real Sign-In Widget (the package's Identity Engine bundle and
 * stylesheet, served by devorg: `assets.ts`) booted with the transaction `/v1/authorize` started for the
 * client. Its data (the state token, the username hint) is a JSON block the page script reads; the page
 * has no inline script or style. Its forms go to this org (`/login/token/redirect`, whose redirect to
 * the client the browser checks against `form-action` too) and to the client's redirect URI.
 */
import type { Context } from 'hono';
import { documentOf, escapeHtml, jsonBlock, sendPage } from './html';
import { ASSET_PATH, WIDGET_PATH } from './paths';

export interface HostedPageInput {
  /** The org's public origin: the widget's `baseUrl`, where it sends its IDX calls. */
  origin: string;
  stateToken: string;
  /** Where the client is sent at the end (its origin is allowed as a form target). */
  redirectUri: string;
  appLabel: string;
  username?: string;
  /**
   * The widget's "Back to sign in" (`backToSignInLink`), e.g. after the transaction expired: this same
   * authorization request, which starts a fresh sign-in. On Okta's hosted page the org sets it too.
   */
  backToSignIn: string;
}

export function hostedSignInPage(c: Context, input: HostedPageInput): Response {
  const config = {
    baseUrl: input.origin,
    stateToken: input.stateToken,
    assetsBaseUrl: `${input.origin}${WIDGET_PATH}`,
    brandName: input.appLabel,
    backToSignInLink: input.backToSignIn,
    ...(input.username ? { username: input.username } : {}),
  };
  const head = [
    `<link rel="stylesheet" href="${WIDGET_PATH}/css/okta-sign-in.min.css">`,
    `<link rel="stylesheet" href="${ASSET_PATH}/sign-in.css">`,
    `<script src="${WIDGET_PATH}/js/okta-sign-in.oie.min.js" defer></script>`,
    `<script src="${ASSET_PATH}/sign-in.js" defer></script>`,
  ].join('\n');
  const body = `<main>
<div id="okta-login-container"></div>
<noscript><p>Signing in to ${escapeHtml(input.appLabel)} needs JavaScript.</p></noscript>
</main>
${jsonBlock('okta-hosted-config', config)}`;
  return sendPage(c, documentOf(`${input.appLabel} - Sign In`, body, head), {
    widget: true,
    formAction: ["'self'", new URL(input.redirectUri).origin],
  });
}

/** A little page layout around the widget (the widget styles itself). */
export const HOSTED_CSS = `body{margin:0;background:#f4f4f4;font-family:system-ui,sans-serif}main{padding:48px 16px}`;

/**
 * Answering an authorization request in its response mode (OAuth 2.0 Multiple Response Type Encoding
 * Practices, Form Post Response Mode, and Okta's `okta_post_message`), with a code or an error:
 * - `query` (the default for `code`) and `fragment`: a 302 to the redirect URI with the parameters in
 *   its query string or its fragment;
 * - `form_post`: a page whose form posts them to the redirect URI, submitted by a same-origin script
 *   (or by hand without script);
 * - `okta_post_message`: a page, loaded in auth-js's hidden iframe (or popup), that posts them to its
 *   parent (or opener) with the redirect URI's origin as `targetOrigin`; auth-js checks that the message's
 *   `state` is its own and that it comes from the issuer's origin (`addPostMessageListener`).
 */
import type { Context } from 'hono';
import type { ResponseMode } from '../schemas';
import { documentOf, escapeHtml, jsonBlock, sendPage } from './html';
import { ASSET_PATH } from './paths';

export interface AuthorizationResponse {
  redirectUri: string;
  mode: ResponseMode;
  /** `code` + `state`, or `error` + `error_description` (+ `state` when the request had one). */
  params: Record<string, string>;
}

export function respond(c: Context, { redirectUri, mode, params }: AuthorizationResponse): Response {
  const target = new URL(redirectUri);
  switch (mode) {
    case 'query':
      for (const [k, v] of Object.entries(params)) target.searchParams.append(k, v);
      return redirect(c, target.toString());
    case 'fragment':
      target.hash = new URLSearchParams(params).toString();
      return redirect(c, target.toString());
    case 'form_post':
      return formPostPage(c, redirectUri, params);
    case 'okta_post_message':
      return postMessagePage(c, target.origin, params);
  }
}

function redirect(c: Context, location: string): Response {
  c.header('Cache-Control', 'no-cache, no-store');
  c.header('Pragma', 'no-cache');
  c.header('Referrer-Policy', 'no-referrer');
  return c.redirect(location, 302);
}

function formPostPage(c: Context, redirectUri: string, params: Record<string, string>): Response {
  const inputs = Object.entries(params)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n');
  const body = `<form method="post" action="${escapeHtml(redirectUri)}" id="okta-form-post">
${inputs}
<noscript><p>Your browser does not run scripts: press Continue to go back to the application.</p><button type="submit">Continue</button></noscript>
</form>`;
  const head = `<script src="${ASSET_PATH}/form-post.js" defer></script>`;
  return sendPage(c, documentOf('Signing in…', body, head), { formAction: [new URL(redirectUri).origin] });
}

function postMessagePage(c: Context, targetOrigin: string, params: Record<string, string>): Response {
  const body = jsonBlock('okta-post-message', { targetOrigin, data: params });
  const head = `<script src="${ASSET_PATH}/post-message.js" defer></script>`;
  return sendPage(c, documentOf('Signing in…', body, head), { frameAncestors: [targetOrigin] });
}

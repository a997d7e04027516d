/**
 * The HTML pages of the redirect model, each under a strict Content-Security-Policy: no inline script
 * or style anywhere (what a page needs to run is a same-origin script file, and its data sits in a
 * `<script type="application/json">` block, which browsers never execute), no framing unless the page
 * exists to be framed (`okta_post_message`), and forms only to where the page must send them.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Text for an HTML element or attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** JSON for a `<script type="application/json">` block: nothing in it can close the element or open a comment. */
export function jsonBlock(id: string, value: unknown): string {
  const json = JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  return `<script type="application/json" id="${escapeHtml(id)}">${json}</script>`;
}

export interface PagePolicy {
  /** Origins the page's forms (and the navigations they lead to) may go to; none by default. */
  formAction?: readonly string[];
  /** Origins that may frame the page; none by default. */
  frameAncestors?: readonly string[];
  /** The page runs the Sign-In Widget: its stylesheet, fonts and images, and its XHR to this org. */
  widget?: boolean;
}

/** One policy builder for every page here: `default-src 'none'` plus exactly what the page uses. */
export function pageCsp(policy: PagePolicy = {}): string {
  const list = (sources: readonly string[] | undefined) => (sources?.length ? sources.join(' ') : "'none'");
  return [
    "default-src 'none'",
    "script-src 'self'",
    ...(policy.widget ? ["style-src 'self'", "img-src 'self' data:", "font-src 'self'", "connect-src 'self'"] : []),
    `form-action ${list(policy.formAction)}`,
    `frame-ancestors ${list(policy.frameAncestors)}`,
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Sends a page with its policy and the headers every page here carries (never cached: they hold codes). */
export function sendPage(c: Context, html: string, policy: PagePolicy = {}, status: ContentfulStatusCode = 200): Response {
  c.header('Content-Security-Policy', pageCsp(policy));
  c.header('Cache-Control', 'no-cache, no-store');
  c.header('Pragma', 'no-cache');
  c.header('X-Content-Type-Options', 'nosniff');
  // Codes and state are in this page and its URL: no Referer to anywhere.
  c.header('Referrer-Policy', 'no-referrer');
  if (!policy.frameAncestors?.length) c.header('X-Frame-Options', 'DENY');
  return c.html(html, status);
}

/** The document around a page's body. */
export function documentOf(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * Okta's error page for an authorization request it can't send back to the client (an unknown client,
 * a redirect URI that isn't the app's): "400 Bad Request" with the error and its description. It names
 * nothing but what the request itself said was wrong.
 */
export function errorPage(c: Context, error: string, description: string): Response {
  const body = `<main>
<h1>400 Bad Request</h1>
<p>Identity Provider: Unknown</p>
<p>Error Code: <code>${escapeHtml(error)}</code></p>
<p>Description: ${escapeHtml(description)}</p>
</main>`;
  return sendPage(c, documentOf('400 Bad Request', body), {}, 400);
}

/** A page of devorg's own that says one thing (an email link's outcome): a heading and a sentence. */
export interface NoticePage {
  status: ContentfulStatusCode;
  title: string;
  text: string;
}

/** Sends a notice page (no script, nothing to submit). */
export function sendNotice(c: Context, { status, title, text }: NoticePage): Response {
  const body = `<main>\n<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>\n</main>`;
  return sendPage(c, documentOf(title, body), {}, status);
}
